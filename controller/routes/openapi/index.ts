import type { FastifyPluginAsync } from 'fastify';

/** The API's OpenAPI document, built by plugins/openapi from the route schemas. */
export const openApiRoute: FastifyPluginAsync = async (app) => {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
