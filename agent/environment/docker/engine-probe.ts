import { access } from 'node:fs/promises';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether the engine answers, without loading dockerode: the local agent asks this before it
 * starts, and on a machine without Docker nothing else ever needs the Docker client (dockerode
 * brings gRPC and SSH stacks with it, about a quarter of the app's start-up). Only the plain
 * case is handled here — a unix socket, chosen the way docker-modem chooses it; any other
 * DOCKER_HOST (tcp with TLS, ssh, a named pipe) is left to dockerode.
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
 * GET /version on the engine at `socketPath`: its version string. Rejects with the socket's
 * own error (ENOENT, ECONNREFUSED, EACCES…), an AbortError when `signal` fires first, or an
 * Error naming the HTTP status when the engine answers but not with a version.
 */
export function engineVersion(socketPath: string, signal: AbortSignal): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const call = request({ socketPath, path: '/version', method: 'GET', signal }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`the engine answered /version with HTTP ${response.statusCode}`));
        try {
          const version = (JSON.parse(body) as { Version?: unknown }).Version;
          resolve(typeof version === 'string' ? version : null);
        } catch {
          reject(new Error('the engine answered /version with something other than JSON'));
        }
      });
    });
    call.on('error', reject);
    call.end();
  });
}
