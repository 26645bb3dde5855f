import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EventBus } from '../events/event-bus.ts';
import { toPublicNode } from '../nodes/public-node.ts';
import { toPublicServer } from '../servers/public-server.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The live event stream's fan-out: GET /api/v1/events subscribes to it. */
    eventBus: EventBus;
  }
}

export const eventsPlugin = fp(
  async (app: FastifyInstance) => {
    const bus = new EventBus({
      servers: app.servers,
      nodes: app.nodes,
      hub: app.agents,
      liveServers: app.liveServers,
      users: app.users,
      credentials: app.credentials,
      revision: () => app.store.revision,
      publicServer: (server) => toPublicServer(app, server),
      publicNode: (node) => toPublicNode(app, node),
      log: app.log,
    });
    app.decorate('eventBus', bus);
    // Open streams never finish by themselves: end them first, or the server's close would wait on them.
    app.addHook('preClose', async () => bus.close());
  },
  {
    name: 'events',
    dependencies: ['store', 'servers-repository', 'nodes-repository', 'users-repository', 'credentials-repository', 'agent-hub', 'live-servers'],
  },
);
