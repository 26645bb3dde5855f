import { access } from 'node:fs/promises';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The engine's read-only questions an idle agent keeps asking — does it answer, which version,
 * which of our containers exist — without loading dockerode: the local agent asks them before
 * it starts and on every heartbeat, and a node without servers (or without Docker) needs
 * nothing else from the Docker client (dockerode brings gRPC and SSH stacks with it, about a
 * quarter of the app's start-up and a fifth of its idle memory). Only the plain case is handled
 * here — a unix socket, chosen the way docker-modem chooses it; any other DOCKER_HOST (tcp
 * with TLS, ssh, a named pipe) is left to dockerode.
 */

/** The engine's unix socket as docker-modem picks it, or null when DOCKER_HOST (or the platform) names another kind of address. */
export async function defaultEngineSocket(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (process.platform === 'win32') return null;
  const host = env.DOCKER_HOST;
  if (host !== undefined && host !== '' && !host.startsWith('unix://')) return null;
  const explicit = host?.slice('unix://'.length);
  if (explicit) return explicit;
  // Docker Desktop's per-user socket wins when it exists, as in docker-modem.
  const userSocket = join(homedir(), '.docker', 'run', 'docker.sock');
  return access(userSocket).then(() => userSocket, () => '/var/run/docker.sock');
}

/**
 * GET `path` on the engine at `socketPath`, as JSON. Rejects with the socket's own error
 * (ENOENT, ECONNREFUSED, EACCES…), an AbortError when `signal` fires first, or an Error naming
 * the HTTP status when the engine answers with something else than a 200 and JSON.
 */
export function engineGet(socketPath: string, path: string, signal?: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const call = request({ socketPath, path, method: 'GET', signal }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('error', reject);
      response.on('end', () => {
        const endpoint = path.split('?')[0];
        if (response.statusCode !== 200) return reject(new Error(`the engine answered ${endpoint} with HTTP ${response.statusCode}`));
        try {
          resolve(JSON.parse(body));
        } catch {
          reject(new Error(`the engine answered ${endpoint} with something other than JSON`));
        }
      });
    });
    call.on('error', reject);
    call.end();
  });
}

/** GET /version: the engine's version string. */
export async function engineVersion(socketPath: string, signal: AbortSignal): Promise<string | null> {
  const version = ((await engineGet(socketPath, '/version', signal)) as { Version?: unknown } | null)?.Version;
  return typeof version === 'string' ? version : null;
}
