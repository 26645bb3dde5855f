import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * OpenAPI generated from the same zod schemas the routes validate with (served at
 * /api/v1/openapi.json by routes/openapi), with browsable docs at /api/v1/docs.
 */
export const openApiPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'StellarStack API',
          version: '1.0.0',
          description: 'Game server administration. Every response is `{data, meta?}`; every error `{error:{code,message,details}}`.',
        },
        servers: [{ url: '/' }],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'A session token from /auth/signin or an API key' },
            cookie: { type: 'apiKey', in: 'cookie', name: 'stellar_session' },
          },
        },
        security: [{ bearer: [] }, { cookie: [] }],
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/api/v1/docs', staticCSP: true });
  },
  { name: 'openapi' },
);
