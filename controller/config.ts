import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RateLimits {
  /** Requests per window for routes that are neither auth nor admin. */
  general: number;
  /** Sign-in and sign-up attempts per window, per client address. */
  auth: number;
  admin: number;
  windowMs: number;
}

export interface ControllerConfig {
  host: string;
  port: number;
  dataDir: string;
  rateLimits: RateLimits;
  sessionLifetimeMs: number;
  /** Largest request body accepted, in bytes; routes that take documents (blueprints) allow LARGE_BODY_LIMIT. */
  bodyLimit: number;
  /** Longest a client may take to send one whole request (headers and body) before it is cut off. */
  requestTimeoutMs: number;
  /** Longest a socket may sit with nothing sent either way; streams (events, WebSockets) opt out. */
  connectionTimeoutMs: number;
  /**
   * Host names (without port) the controller answers to besides its bind address, localhost and,
   * when bound to every interface, the machine's own names and addresses: the DNS-rebinding defence.
   */
  allowedHosts: string[];
  /** Origins besides the controller's own that may use cookie sessions (CSRF allow-list). */
  allowedOrigins: string[];
  /** Whether to start the embedded agent for this machine when Docker answers. */
  localAgent: boolean;
  /** Console port of the embedded local agent. */
  localConsolePort: number;
  heartbeatIntervalSeconds: number;
  /** Trust X-Forwarded-* from a reverse proxy in front of the controller. */
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** The built admin UI (Vite's output: index.html and assets/), served at `/`. */
  uiDir: string;
}

/** The body limit of routes that take whole documents (a blueprint, an imported egg). */
export const LARGE_BODY_LIMIT = 1024 * 1024;

/** The seed's rate limits. */
export const DEFAULT_RATE_LIMITS: RateLimits = { general: 60, auth: 10, admin: 30, windowMs: 60_000 };

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'stellarstack');
}

/** The renderer's build output in this checkout; found from this module, not the working directory. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../renderer/dist', import.meta.url));

export function defaultConfig(): ControllerConfig {
  return {
    host: '127.0.0.1',
    port: 8420,
    dataDir: defaultDataDir(),
    rateLimits: { ...DEFAULT_RATE_LIMITS },
    sessionLifetimeMs: 7 * 24 * 60 * 60 * 1000,
    // Every API body but a blueprint is a small form; 64 KB leaves them ample room.
    bodyLimit: 64 * 1024,
    requestTimeoutMs: 30_000,
    connectionTimeoutMs: 5 * 60_000,
    allowedOrigins: [],
    allowedHosts: [],
    localAgent: true,
    localConsolePort: 5000,
    heartbeatIntervalSeconds: 30,
    trustProxy: false,
    logLevel: 'info',
    uiDir: DEFAULT_UI_DIR,
  };
}
