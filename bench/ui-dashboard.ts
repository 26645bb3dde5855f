import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { defaultConfig } from '../controller/config.ts';
import { startController, type RunningController } from '../controller/server.ts';
import { alternateRounds, type RoundLimits } from './support/alternate-rounds.ts';
import { toBenchResult, type BenchResult } from './support/bench-result.ts';
import type { PageDocument } from './support/page-document.ts';
import { withTempDir } from './support/temp-dir.ts';
import { measureUiBundle } from './ui-bundle.ts';

export interface DashboardBenchOptions extends RoundLimits {
  servers: number;
  baselineServers: number;
}

export const DASHBOARD_DEFAULTS: DashboardBenchOptions = { servers: 1000, baselineServers: 10, rounds: 9, warmupRounds: 1, timeCapMs: 30_000 };

const CHROMIUM = process.env.STELLAR_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'correct horse battery';

/**
 * The dashboard of an admin who sees 1,000 servers against one of a user who sees 10, on the
 * same controller and browser: load the page, wait until the server rows and counts show.
 * Virtualised rows and a single snapshot frame should make the two cost about the same; a
 * ratio well under 1 means the page's work grows with the number of servers.
 */
export async function benchDashboardRender(options: Partial<DashboardBenchOptions> = {}): Promise<BenchResult[]> {
  const settings = { ...DASHBOARD_DEFAULTS, ...options };
  return withTempDir('ui-dash', async (dir) => {
    await measureUiBundle(`${dir}/ui`);
    const controller = await startController({
      ...defaultConfig(),
      host: '127.0.0.1',
      port: 0,
      dataDir: `${dir}/data`,
      uiDir: `${dir}/ui`,
      localAgent: false,
      logLevel: 'silent',
      rateLimits: { general: 1_000_000, auth: 1_000_000, admin: 1_000_000, windowMs: 60_000 },
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const [admin, user] = await seed(controller, settings);
      const adminContext = await signedInContext(browser, controller.url, admin);
      const userContext = await signedInContext(browser, controller.url, user);
      const load = (context: BrowserContext, expected: number) => async () => {
        const page = await context.newPage();
        try {
          await page.goto(`${controller.url}/`);
          await page.waitForFunction((count) => {
            // Runs in the page: bench/ compiles as Node code, without the DOM lib.
            const { document } = globalThis as unknown as PageDocument;
            const rows = document.querySelectorAll('.servers-body [role="row"]').length;
            const running = document.querySelector('.stat-card .value');
            return rows > 0 && running !== null && document.body.innerText.includes(`of ${count} servers`);
          }, expected, { timeout: 20_000 });
        } finally {
          await page.close();
        }
        return 1;
      };
      const [comparison] = await alternateRounds(
        { label: `${settings.servers} servers`, round: load(adminContext, settings.servers) },
        [{ label: `vs the same dashboard with ${settings.baselineServers} servers`, round: load(userContext, settings.baselineServers) }],
        settings,
      );
      if (!comparison) throw new Error('no comparison was measured');
      const ms = 1000 / comparison.oursOpsPerSec;
      return [toBenchResult('ui-dashboard-1000', comparison, (ratio) => `a load takes ${(1 / ratio).toFixed(2)}x as long (${ms.toFixed(0)} ms to rows and counts, budget 1000 ms)`)];
    } finally {
      await browser.close();
      await controller.close();
    }
  });
}

interface Credentials { email: string; token: string }

async function seed(controller: RunningController, settings: DashboardBenchOptions): Promise<[Credentials, Credentials]> {
  const call = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${controller.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { data: Record<string, unknown> }).data;
  };
  const admin = await call('/auth/signup', { email: 'admin@example.com', password: PASSWORD, name: 'Admin' });
  const adminToken = admin.token as string;
  const user = await call('/admin/users', { email: 'user@example.com', password: PASSWORD, name: 'User' }, adminToken);
  const node = await call('/nodes', { name: 'bench-node', host: '127.0.0.1', memory: 10_000_000, disk: 10_000_000, cpu: 1_000_000 }, adminToken);
  const blueprint = controller.app.blueprints.list()[0]!;
  // Through the repository, all at once: the store coalesces them into a few durable writes.
  await Promise.all(Array.from({ length: settings.servers }, (_, i) => controller.app.servers.create({
    name: `server ${String(i).padStart(4, '0')}`,
    description: '',
    nodeId: node.id as string,
    blueprintId: blueprint.id,
    ownerId: i < settings.baselineServers ? (user.id as string) : (admin.user as { id: string }).id,
    image: Object.values(blueprint.images)[0]!,
    memory: 64,
    cpu: 10,
    disk: 64,
    swap: 0,
    ports: [{ port: 20_000 + i, protocol: 'udp' }],
    variables: {},
    restartPolicy: { enabled: false, maxRetries: 3 },
  })));
  const userSession = await call('/auth/signin', { email: 'user@example.com', password: PASSWORD });
  return [{ email: 'admin@example.com', token: adminToken }, { email: 'user@example.com', token: userSession.token as string }];
}

/** The session cookie the sign-in form would have set. */
async function signedInContext(browser: Browser, url: string, credentials: Credentials): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies([{ name: 'stellar_session', value: credentials.token, url }]);
  return context;
}
