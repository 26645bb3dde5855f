import { type Agent, get } from 'node:http';

export interface ClosedLoopLoad {
  url: string;
  headers?: Record<string, string>;
  /** Requests in this run, in total. */
  requests: number;
  /** Requests in flight at once; the agent should allow as many sockets. */
  concurrency: number;
  /** A keep-alive agent, reused across runs so connection set-up is not what gets measured. */
  agent: Agent;
  /** A request that takes longer fails the run instead of hanging the benchmark. */
  timeoutMs: number;
}

/**
 * Closed-loop load on loopback: `concurrency` workers each send their next request as soon as
 * the previous answer has been read. Any status but 200 fails the run, so a benchmark cannot
 * quietly measure how fast the server says "401" or "429".
 */
export async function runClosedLoop(load: ClosedLoopLoad): Promise<number> {
  let issued = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After one failure the others stop too: the run is void, no point loading the server further.
    while (issued < load.requests && !failed) {
      issued += 1;
      try {
        await getOnce(load);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: load.concurrency }, worker));
  return load.requests;
}

function getOnce(load: ClosedLoopLoad): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = get(load.url, { agent: load.agent, headers: load.headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET ${load.url} answered ${response.statusCode}, expected 200`));
        return;
      }
      // Reading the whole body is part of a request; resume() discards it without buffering.
      response.resume();
      response.once('end', resolve);
      response.once('error', reject);
    });
    request.setTimeout(load.timeoutMs, () => request.destroy(new Error(`GET ${load.url} took over ${load.timeoutMs} ms`)));
    request.once('error', reject);
  });
}
