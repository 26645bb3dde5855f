/**
 * Reading dockerode's errors. docker-modem rejects with an Error carrying the HTTP
 * `statusCode` of the engine's answer; connection failures carry a Node `code` instead.
 */

export function dockerStatusCode(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The engine answered "no such container/image": an answer, not a failure. */
export function isNotFound(error: unknown): boolean {
  return dockerStatusCode(error) === 404;
}

/** 304 (already started/stopped) and 409 (not running, removal in progress): the wanted state already holds. */
export function isAlreadyInState(error: unknown): boolean {
  const status = dockerStatusCode(error);
  return status === 304 || status === 409;
}

/** Turns a rejection into `fallback` when the engine says the object does not exist. */
export async function unlessNotFound<T, F>(pending: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await pending;
  } catch (error) {
    if (isNotFound(error)) return fallback;
    throw error;
  }
}

export function errorMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (typeof json?.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}
