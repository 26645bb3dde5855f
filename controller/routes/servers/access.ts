import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../contracts/index.ts';
import { canSeeServer } from '../../servers/server-visibility.ts';
import type { StoredServer } from '../../store/document-schema.ts';

/**
 * The server if the caller may see it. Anyone else gets the same 404 as for an id that does
 * not exist, so ids leak nothing.
 */
export function visibleServer(app: FastifyInstance, request: FastifyRequest, id: string): StoredServer {
  const server = app.servers.findById(id);
  if (!server || !canSeeServer(request.identity!.user, server)) throw new AppError('NOT_FOUND', 'Server not found');
  return server;
}
