import { request, type Agent } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface JsonAnswer {
  status: number;
  body: unknown;
  /** Wall time from sending to the last byte of the answer, in milliseconds. */
  ms: number;
}

/**
 * One request over a keep-alive connection, timed with sub-millisecond resolution: the
 * per-request figures (a create's cost, one client's latency) need finer clocks than
 * autocannon's whole-millisecond histogram.
 */
export function jsonRequest(agent: Agent, method: string, url: string, options: { token?: string; body?: unknown } = {}): Promise<JsonAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const ms = performance.now() - started;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        resolve({ status: response.statusCode ?? 0, body, ms });
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url} took over 30 s`)));
    req.once('error', reject);
    req.end(payload);
  });
}

/** The answer's body when it has the expected status; anything else fails the benchmark with what came back. */
export async function expectStatus(answer: Promise<JsonAnswer>, status: number, what: string): Promise<JsonAnswer> {
  const result = await answer;
  if (result.status !== status) throw new Error(`${what} answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
  return result;
}
