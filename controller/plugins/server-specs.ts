import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ServerSpecs } from '../servers/server-specs.ts';

declare module 'fastify' {
  interface FastifyInstance {
    serverSpecs: ServerSpecs;
  }
}

export const serverSpecsPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('serverSpecs', new ServerSpecs({ servers: app.servers, blueprints: app.blueprints, nodes: app.nodes }));
  },
  { name: 'server-specs', dependencies: ['servers-repository', 'blueprints-repository', 'nodes-repository'] },
);
