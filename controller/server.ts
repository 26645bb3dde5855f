import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { ControllerConfig } from './config.ts';
import { DocumentStore } from './store/document-store.ts';

export interface RunningController {
  app: FastifyInstance;
  store: DocumentStore;
  /** Where the controller answers, e.g. http://127.0.0.1:8420 */
  url: string;
  /** Stops accepting requests, finishes those in flight, and waits until every acknowledged write is on disk. */
  close(): Promise<void>;
}

/** Boots the controller: opens the data file (refusing one it cannot trust), builds the app, listens. */
export async function startController(config: ControllerConfig): Promise<RunningController> {
  const store = await DocumentStore.open(config.dataDir);
  let app: FastifyInstance;
  try {
    app = await buildApp({ config, store });
    trackInFlight(app);
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    url: `http://${host}:${port}`,
    close() {
      closing ??= (async () => {
        endConnectionsAfterInFlight(app);
        await app.close();
        await store.close();
      })();
      return closing;
    },
  };
}

const inFlight = new WeakMap<FastifyInstance, Set<ServerResponse>>();

function trackInFlight(app: FastifyInstance): void {
  const responses = new Set<ServerResponse>();
  inFlight.set(app, responses);
  app.server.on('request', (_request, response: ServerResponse) => {
    responses.add(response);
    response.once('close', () => responses.delete(response));
  });
}

/**
 * server.close() reaps only the connections idle at that moment. A keep-alive connection whose
 * request is still running would otherwise stay open after its response for keepAliveTimeout
 * (72 s), holding up shutdown; `Connection: close` ends it as soon as the response is sent.
 */
function endConnectionsAfterInFlight(app: FastifyInstance): void {
  for (const response of inFlight.get(app) ?? []) {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  }
}
