import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningController } from '../../../controller/index.ts';
import { startController } from '../../../controller/index.ts';
import type { DesktopOptions } from '../../../main/desktop.ts';
import { startDesktop } from '../../../main/index.ts';
import { startLocalAgent } from '../../../main/local-agent.ts';
import { createFakeElectron, type FakeElectron, type FakeElectronOptions } from './fake-electron.ts';

export const ASSETS = new URL('../../../main/assets', import.meta.url).pathname;

export interface DesktopRun {
  electron: FakeElectron;
  desktop: Awaited<ReturnType<typeof startDesktop>>;
  userData: string;
  dataDir: string;
  said: string[];
  logged: string[];
  /** Quits the app as the user would, and waits until it has exited. */
  quit(): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * The desktop app against the Electron stand-in, with a real controller on a free port in a
 * temp dir, no Docker (the local agent is reported missing unless `docker` says otherwise).
 */
export async function runDesktop(options: {
  electron?: Partial<FakeElectronOptions>;
  args?: string[];
  docker?: { available: boolean; reason: string | null };
  onControllerStart?: (config: unknown) => void;
  desktop?: Partial<DesktopOptions>;
  userData?: string;
} = {}): Promise<DesktopRun> {
  const userData = options.userData ?? (await mkdtemp(join(tmpdir(), 'stellar-desktop-')));
  const dataDir = join(userData, 'controller-data');
  const electron = createFakeElectron({ userData, ...options.electron });
  const said: string[] = [];
  const logged: string[] = [];
  const docker = options.docker ?? { available: false, reason: 'no Docker engine in this test' };
  const desktop = await startDesktop(electron, {
    // What Electron's argv looks like unpackaged under a test driver: its own switches around ours.
    argv: ['/usr/lib/electron/electron', '--inspect=0', '.', '--remote-debugging-port=0', '--port', '0', '--data', dataDir, '--log-level', 'silent', ...(options.args ?? [])],
    env: {},
    preloadPath: '/app/out/main/preload.cjs',
    assetsDir: ASSETS,
    say: (line) => said.push(line),
    log: (line) => logged.push(line),
    platform: 'linux',
    autostartDir: join(userData, 'autostart'),
    interfaces: () => ({ eth0: [{ address: '192.168.1.20', netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: false, cidr: '192.168.1.20/24' }] }),
    startController: async (config) => {
      electron.calls.push('startController');
      options.onControllerStart?.(config);
      return startController({ ...config, rateLimits: { general: 100_000, auth: 100_000, admin: 100_000, windowMs: 60_000 } });
    },
    startLocalAgent: (controller: RunningController, config, agentOptions) => {
      electron.calls.push('startLocalAgent');
      return startLocalAgent(controller, config, { ...agentOptions, probeDocker: async () => docker });
    },
    ...options.desktop,
  });
  let quitting: Promise<void> | null = null;
  const quit = () => {
    quitting ??= (async () => {
      if (!desktop) return;
      electron.app.quit();
      const deadline = Date.now() + 10_000;
      while (electron.exitCode === null) {
        if (Date.now() > deadline) throw new Error('the app did not exit within 10 s of quit()');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    return quitting;
  };
  return {
    electron,
    desktop,
    userData,
    dataDir,
    said,
    logged,
    quit,
    async cleanup() {
      if (desktop?.controller) await quit();
      await rm(userData, { recursive: true, force: true });
    },
  };
}
