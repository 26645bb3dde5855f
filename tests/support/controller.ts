import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig, type ControllerConfig, type RateLimits } from '../../controller/config.ts';
import { startController, type RunningController } from '../../controller/server.ts';

/**
 * Helpers for controller tests. Everything goes over real HTTP to 127.0.0.1: the app is the
 * one server.ts boots (in-process on port 0), or the real CLI process when a test is about
 * the process itself (signals, start-up refusal, logs).
 */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const API = '/api/v1';

/** Limits high enough that no test trips them unless it is about limits. */
export const RAISED_LIMITS: RateLimits = { general: 100_000, auth: 100_000, admin: 100_000, windowMs: 60_000 };

export type ConfigOverrides = Partial<Omit<ControllerConfig, 'rateLimits'>> & { rateLimits?: Partial<RateLimits> };

export interface TestApp {
  url: string;
  dataDir: string;
  controller: RunningController;
  close(): Promise<void>;
}

export async function tempDir(label = 'ctl'): Promise<string> {
  return mkdtemp(join(tmpdir(), `stellar-${label}-`));
}

/** The real app on a random port with a temp-dir store; raised rate limits unless overridden. */
export async function startTestApp(overrides: ConfigOverrides = {}): Promise<TestApp> {
  const ownDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? (await tempDir());
  const { rateLimits, ...rest } = overrides;
  const config: ControllerConfig = {
    ...defaultConfig(),
    host: '127.0.0.1',
    port: 0,
    localAgent: false,
    logLevel: 'silent',
    ...rest,
    dataDir,
    rateLimits: { ...RAISED_LIMITS, ...rateLimits },
  };
  const controller = await startController(config);
  return {
    url: controller.url,
    dataDir,
    controller,
    async close() {
      await controller.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiOptions {
  token?: string;
  method?: string;
  /** An object is sent as JSON; a string is sent as is (set Content-Type yourself). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Response bodies are checked by assertions at run time, not by the type system. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: T;
}

/** One real HTTP request. `path` is under /api/v1 unless it already starts with /api or is a URL. */
export async function api<T = Json>(base: string, path: string, options: ApiOptions = {}): Promise<ApiResponse<T>> {
  const url = path.startsWith('http') ? path : `${base}${path.startsWith('/api') ? '' : API}${path}`;
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  const response = await fetch(url, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed as T };
}

/** The rate-limit headers the seed promises on every response. */
export function assertRateLimitHeaders(res: ApiResponse, limit?: number): void {
  const l = res.headers.get('x-ratelimit-limit');
  const r = res.headers.get('x-ratelimit-remaining');
  const reset = res.headers.get('x-ratelimit-reset');
  assert.match(l ?? '', /^\d+$/, 'X-RateLimit-Limit present');
  assert.match(r ?? '', /^\d+$/, 'X-RateLimit-Remaining present');
  assert.match(reset ?? '', /^\d+$/, 'X-RateLimit-Reset present');
  if (limit !== undefined) assert.equal(Number(l), limit);
  // Unix seconds of the window's end: within the next minute, never seconds-until-reset.
  const now = Date.now() / 1000;
  assert.ok(Number(reset) >= Math.floor(now) && Number(reset) <= Math.ceil(now) + 61, `X-RateLimit-Reset ${reset} is a Unix time in the next window`);
}

/** What a stack trace or an internal error leaks: frames, file paths, module names. */
export const LEAK = /\n\s+at |\bat \S+ \(|node:internal|node_modules|\/work\/|\.ts:\d+|\.js:\d+|FST_ERR|ENOENT|EACCES/;

/** `{error:{code,message,details}}` and nothing else, with the given status and code. */
export function assertError(res: ApiResponse, status: number, code: string, details?: Record<string, unknown>): void {
  assert.equal(res.status, status, `status ${res.status} (${res.text})`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(Object.keys(res.body ?? {}), ['error'], `envelope: ${res.text}`);
  const error = res.body.error;
  assert.deepEqual(Object.keys(error).sort(), ['code', 'details', 'message']);
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0, 'a message');
  assert.doesNotMatch(error.message, LEAK, 'no internals in the message');
  assert.equal(typeof error.details, 'object');
  assert.ok(error.details !== null && !Array.isArray(error.details));
  if (details) assert.deepEqual(error.details, details);
  assertRateLimitHeaders(res);
}

/** A validation error that names exactly these fields (each with some message). */
export function assertValidation(res: ApiResponse, fields: string[]): void {
  assertError(res, 422, 'VALIDATION_ERROR');
  assert.deepEqual(Object.keys(res.body.error.details).sort(), [...fields].sort(), `details: ${res.text}`);
  for (const field of fields) assert.equal(typeof res.body.error.details[field], 'string');
}

/** `{data}` (and `meta` when `withMeta`) and nothing else. */
export function assertData(res: ApiResponse, status = 200, withMeta = false): void {
  assert.equal(res.status, status, `status ${res.status} (${res.text})`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(Object.keys(res.body ?? {}).sort(), withMeta ? ['data', 'meta'] : ['data'], `envelope: ${res.text}`);
  assertRateLimitHeaders(res);
}

export function assertNoContent(res: ApiResponse): void {
  assert.equal(res.status, 204, `status ${res.status} (${res.text})`);
  assert.equal(res.text, '');
  assertRateLimitHeaders(res);
}

export const PASSWORD = 'correct horse battery';

export interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
  /** `stellar_session=<token>`, ready for a Cookie header. */
  cookie: string;
}

function sessionCookie(res: ApiResponse): string {
  const header = res.headers.get('set-cookie') ?? '';
  const match = /stellar_session=([^;]+)/.exec(header);
  assert.ok(match, `a session cookie in ${header}`);
  return `stellar_session=${match[1]}`;
}

/** Signs up the first account (which becomes the admin). */
export async function signUpAdmin(base: string, email = 'admin@example.com'): Promise<Account> {
  const res = await api(base, '/auth/signup', { body: { email, password: PASSWORD, name: 'Admin' } });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.data.user.role, 'admin');
  return { id: res.body.data.user.id, email, password: PASSWORD, token: res.body.data.token, cookie: sessionCookie(res) };
}

export async function signIn(base: string, email: string, password = PASSWORD): Promise<Account> {
  const res = await api(base, '/auth/signin', { body: { email, password } });
  assert.equal(res.status, 200, res.text);
  return { id: res.body.data.user.id, email, password, token: res.body.data.token, cookie: sessionCookie(res) };
}

let userCounter = 0;

/** An admin creates an account, which then signs in. */
export async function createUser(base: string, adminToken: string, options: { role?: 'admin' | 'user'; email?: string; name?: string } = {}): Promise<Account> {
  const email = options.email ?? `user${++userCounter}-${process.pid}@example.com`;
  const res = await api(base, '/admin/users', {
    token: adminToken,
    body: { email, name: options.name ?? 'Test User', password: PASSWORD, role: options.role ?? 'user' },
  });
  assert.equal(res.status, 201, res.text);
  return signIn(base, email);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedController {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const CLI = ['--import', 'tsx', 'main/headless.ts'];
const READY = /StellarStack controller ready at (http:\/\/\S+)/;

/** The env a CLI child gets: ours minus any STELLAR_* a developer has set, plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('STELLAR_')));
  // The embedded local agent would add a node to every test controller; tests that want it ask for it.
  return { ...base, STELLAR_LOCAL_AGENT: '0', ...env };
}

function launch(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { cwd: REPO_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Spawns the real CLI (`node --import tsx main/headless.ts ...args`, what `npm run serve` runs) and resolves once it prints its ready line. */
export async function spawnController(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<SpawnedController> {
  const run = launch(process.execPath, [...CLI, ...args], env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      run.child.kill('SIGKILL');
      reject(new Error(`controller not ready after ${timeoutMs} ms\nstdout: ${run.stdout()}\nstderr: ${run.stderr()}`));
    }, timeoutMs);
    const onData = () => {
      const match = READY.exec(run.stdout());
      if (match?.[1]) {
        clearTimeout(timer);
        run.child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    run.child.stdout?.on('data', onData);
    void run.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`controller exited before ready (${JSON.stringify(exit)})\nstdout: ${run.stdout()}\nstderr: ${run.stderr()}`));
    });
  });
  return {
    url,
    ...run,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
      return run.exited;
    },
  };
}

export interface CliResult extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (for runs that are expected to exit by themselves). */
export async function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<CliResult> {
  const run = launch(process.execPath, [...CLI, ...args], env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const exit = await run.exited;
  clearTimeout(timer);
  return { ...exit, stdout: run.stdout(), stderr: run.stderr() };
}
