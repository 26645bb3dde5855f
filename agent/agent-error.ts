import { AppError } from '../contracts/index.ts';

/** Errors of a connection to the Docker socket: the engine is missing, stopped or forbidden. */
const ENGINE_UNREACHABLE = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ECONNRESET', 'EPIPE']);

/**
 * What the agent tells the controller (and console clients) when something fails: our own
 * errors as they are, an unreachable Docker engine as DOCKER_UNAVAILABLE (a 503 the admin can
 * act on, not a 500), anything else as an internal failure whose details stay in the log.
 */
export function toAgentError(error: unknown, action: string): AppError {
  if (error instanceof AppError) return error;
  const errno = error as NodeJS.ErrnoException | null;
  if (errno?.code && ENGINE_UNREACHABLE.has(errno.code) && errno.syscall === 'connect') {
    return new AppError('DOCKER_UNAVAILABLE', `Docker is not reachable on this node (${errno.code}); start Docker and try again`);
  }
  return new AppError('INTERNAL_ERROR', `the agent failed to ${action}`);
}
