import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ControllerConfig } from './config.ts';
import type { DocumentStore } from './store/document-store.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorHandlerPlugin, sendError, toAppError } from './plugins/error-handler.ts';
import { openApiPlugin } from './plugins/openapi.ts';
import { shutdownGuardPlugin } from './plugins/shutdown-guard.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { storePlugin } from './plugins/store.ts';
import { agentHubPlugin } from './plugins/agent-hub.ts';
import { eventsPlugin } from './plugins/events.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { authRoutes } from './routes/auth/index.ts';
import { blueprintsRoutes } from './routes/blueprints/index.ts';
import { eventsRoutes } from './routes/events/index.ts';
import { nodesRoutes } from './routes/nodes/index.ts';
import { consoleRelayRoute } from './routes/servers/console-relay.ts';
import { serversRoutes } from './routes/servers/index.ts';
import { uiRoutes } from './routes/ui/index.ts';
import { LocalAgentStatusBoard } from './routes/admin/local-agent.ts';
import { serversPlugin } from './plugins/servers.ts';
import { usersRoutes } from './routes/users/index.ts';
import { AGENT_MAX_FRAME } from '../contracts/index.ts';

export interface AppOptions {
  config: ControllerConfig;
  store: DocumentStore;
}

/**
 * The whole controller as one Fastify instance. server.ts only boots it; tests build the same
 * app with a temp-dir store and their own config.
 */
export async function buildApp({ config, store }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Our shutdown guard answers during a close, in the envelope (see plugins/shutdown-guard.ts).
    return503OnClosing: false,
    // Errors Fastify raises before routing (a malformed URL, an over-long parameter) get our envelope too.
    frameworkErrors: (error, request, reply) => {
      try {
        app.countRequest(request, reply);
        sendError(reply, toAppError(error, request));
      } catch (limited) {
        sendError(reply, toAppError(limited as Error, request));
      }
    },
    logger: {
      level: config.logLevel,
      // Credentials never reach the log, whatever a future serializer decides to include.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandlerPlugin);
  await app.register(shutdownGuardPlugin);
  await app.register(cookie);
  await app.register(storePlugin, { store });
  await app.register(authPlugin, { allowedOrigins: config.allowedOrigins });
  await app.register(rateLimitPlugin, { limits: config.rateLimits });
  await app.register(websocket, { options: { maxPayload: AGENT_MAX_FRAME } });
  await app.register(agentHubPlugin, { heartbeatIntervalSeconds: config.heartbeatIntervalSeconds });
  await app.register(serversPlugin);
  await app.register(eventsPlugin);
  await app.register(openApiPlugin);
  app.decorate('localAgentStatus', new LocalAgentStatusBoard(config.localAgent));

  await app.register(async (api) => {
    await api.register(authRoutes, { sessionLifetimeMs: config.sessionLifetimeMs });
    await api.register(usersRoutes);
    await api.register(adminRoutes);
    await api.register(nodesRoutes);
    await api.register(blueprintsRoutes, { blueprints: app.blueprints });
    await api.register(serversRoutes);
    await api.register(eventsRoutes);
    // The relay authenticates by the console token in its first frame, not by session or key.
    await api.register(consoleRelayRoute);
  }, { prefix: '/api/v1' });

  await app.register(uiRoutes, { uiDir: config.uiDir });

  return app;
}
