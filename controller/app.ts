import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ControllerConfig } from './config.ts';
import type { DocumentStore } from './store/document-store.ts';
import { responseSerializerCompiler } from './serialization/response-serializer.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorHandlerPlugin, sendError, toAppError } from './plugins/error-handler.ts';
import { openApiPlugin } from './plugins/openapi.ts';
import { shutdownGuardPlugin } from './plugins/shutdown-guard.ts';
import { hostCheckPlugin } from './plugins/host-check.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { storePlugin } from './plugins/store.ts';
import {
  blueprintsRepositoryPlugin,
  credentialsRepositoryPlugin,
  nodesRepositoryPlugin,
  serversRepositoryPlugin,
  settingsRepositoryPlugin,
  usersRepositoryPlugin,
} from './plugins/repositories.ts';
import { serverSpecsPlugin } from './plugins/server-specs.ts';
import { agentHubPlugin } from './plugins/agent-hub.ts';
import { consoleRevokerPlugin } from './plugins/console-revoker.ts';
import { liveServersPlugin } from './plugins/live-servers.ts';
import { serversServicePlugin } from './plugins/servers-service.ts';
import { nodesServicePlugin } from './plugins/nodes-service.ts';
import { eventsPlugin } from './plugins/events.ts';
import { localAgentStatusPlugin } from './plugins/local-agent-status.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { localAgentRoute } from './routes/admin/local-agent.ts';
import { agentLinkRoute } from './routes/agent-link/index.ts';
import { authRoutes } from './routes/auth/index.ts';
import { blueprintsRoutes } from './routes/blueprints/index.ts';
import { eventsRoutes } from './routes/events/index.ts';
import { nodesRoutes } from './routes/nodes/index.ts';
import { openApiRoute } from './routes/openapi/index.ts';
import { consoleRelayRoute } from './routes/servers/console-relay.ts';
import { consoleTokenRoute } from './routes/servers/console-token-route.ts';
import { serversRoutes } from './routes/servers/index.ts';
import { uiRoutes } from './routes/ui/index.ts';
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
    // A client gets this long to send a whole request; a slow sender cannot hold a socket forever.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    http: {
      // Node checks request deadlines on this interval (30 s by default), so it bounds how late a cut-off comes.
      connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs),
      headersTimeout: config.requestTimeoutMs,
    },
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
  app.setSerializerCompiler(responseSerializerCompiler);

  // Framework: errors, shutdown, cookies, WebSockets, OpenAPI.
  await app.register(errorHandlerPlugin);
  await app.register(hostCheckPlugin, { bindHost: config.host, allowedHosts: config.allowedHosts });
  await app.register(shutdownGuardPlugin);
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: AGENT_MAX_FRAME } });
  await app.register(openApiPlugin);

  // Records: the store and one repository per kind of record.
  await app.register(storePlugin, { store });
  await app.register(usersRepositoryPlugin);
  await app.register(credentialsRepositoryPlugin);
  await app.register(settingsRepositoryPlugin);
  await app.register(nodesRepositoryPlugin);
  await app.register(serversRepositoryPlugin);
  await app.register(blueprintsRepositoryPlugin);

  // Who is calling, and how often.
  await app.register(authPlugin, { allowedOrigins: config.allowedOrigins });
  await app.register(rateLimitPlugin, { limits: config.rateLimits });

  // Services over the records and the agents.
  await app.register(serverSpecsPlugin);
  await app.register(agentHubPlugin, { heartbeatIntervalSeconds: config.heartbeatIntervalSeconds });
  await app.register(consoleRevokerPlugin);
  await app.register(liveServersPlugin);
  await app.register(serversServicePlugin);
  await app.register(nodesServicePlugin);
  await app.register(eventsPlugin);
  await app.register(localAgentStatusPlugin, { enabled: config.localAgent });

  // Routes: read services from `app`, registered here only.
  await app.register(async (api) => {
    await api.register(authRoutes, { sessionLifetimeMs: config.sessionLifetimeMs });
    await api.register(usersRoutes);
    await api.register(adminRoutes);
    await api.register(localAgentRoute);
    await api.register(nodesRoutes);
    await api.register(blueprintsRoutes);
    await api.register(serversRoutes);
    await api.register(consoleTokenRoute);
    await api.register(eventsRoutes);
    await api.register(openApiRoute);
    // These two authenticate on their own: the agent by its node token before the upgrade,
    // the console relay by the console token in its first frame.
    await api.register(agentLinkRoute);
    await api.register(consoleRelayRoute);
  }, { prefix: '/api/v1' });

  await app.register(uiRoutes, { uiDir: config.uiDir });

  return app;
}
