import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { NOT_BUILT_PAGE } from '../../ui/not-built-page.ts';
import { HTML_SECURITY_HEADERS, NOSNIFF } from '../../ui/ui-headers.ts';
import { isApiPath, isFile, uiTarget } from '../../ui/ui-target.ts';

const UI_PATH_CONSTRAINT = 'uiPath';

/**
 * The admin UI at `/`: files of the Vite build, and the app's index.html for every other path
 * that is not the API's (the app routes in the browser). Pages and files are not counted
 * against the API rate limit; the build is looked up per request, so `npm run build` while
 * the controller runs takes effect at the next page load.
 */
export const uiRoutes: FastifyPluginAsync<{ uiDir: string }> = async (app, { uiDir }) => {
  // Only reply.sendFile (content types, ETags, HEAD, ranges), for these routes; they choose the file.
  await app.register(fastifyStatic, { serve: false });
  // The catch-all below does not exist for API paths, so the router answers them as it would
  // without it: an over-long parameter stays its 400, an unknown path the 404 envelope. This
  // reads the raw URL; a percent-encoded `/api` still reaches the catch-all, which hands it back.
  app.addConstraintStrategy({
    name: UI_PATH_CONSTRAINT,
    storage() {
      const handlers = new Map();
      return { get: (value) => handlers.get(value) ?? null, set: (value, handler) => void handlers.set(value, handler) };
    },
    deriveConstraint: (request) => (isApiPath(request.url ?? '/') ? 'api' : 'page'),
  });

  async function serve(request: FastifyRequest, reply: FastifyReply, path: string): Promise<FastifyReply> {
    const target = await uiTarget(uiDir, path);
    switch (target.kind) {
      case 'api':
        // An unknown API path that fell through to this catch-all: the API's 404, counted like one.
        app.countRequest(request, reply);
        reply.callNotFound();
        return reply;
      case 'file':
        reply.headers({ 'Cache-Control': target.cacheControl, ...NOSNIFF });
        return reply.sendFile(target.file, uiDir, { cacheControl: false });
      case 'missing-asset':
        return reply.code(404).headers({ 'Cache-Control': 'no-cache', ...NOSNIFF }).type('text/plain; charset=utf-8').send('Not found\n');
      case 'app':
        return sendApp(reply);
    }
  }

  async function sendApp(reply: FastifyReply): Promise<FastifyReply> {
    // no-cache: the page names this build's hashed assets, so it must be revalidated on every load.
    reply.headers({ 'Cache-Control': 'no-cache', ...HTML_SECURITY_HEADERS });
    if (await isFile(join(uiDir, 'index.html'))) return reply.sendFile('index.html', uiDir, { cacheControl: false });
    return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
  }

  const options = { schema: { hide: true }, config: { rateLimit: 'none' as const } };
  app.get('/', options, (request, reply) => serve(request, reply, ''));
  app.get<{ Params: { '*': string } }>('/*', { ...options, constraints: { [UI_PATH_CONSTRAINT]: 'page' } }, (request, reply) => serve(request, reply, request.params['*']));
};
