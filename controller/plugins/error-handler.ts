import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorEnvelope, isAppError, type ErrorCode } from '../../contracts/index.ts';
import { jsonNestsDeeperThan } from '../security/json-depth.ts';

/**
 * Deepest nesting a JSON body may have. Our deepest document (a blueprint) nests about six
 * levels; the cap keeps a hostile body from costing parse-and-validate time on a deep tree.
 */
export const MAX_JSON_DEPTH = 32;

/** Fastify's own client errors, renamed into our table. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_JSON', message: 'The body is empty but Content-Type says application/json' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Content-Type: send application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than this server accepts' },
};

/** The one error handler: everything leaves as `{error:{code,message,details}}`; 5xx messages stay in the log. */
export function toAppError(error: FastifyError | Error, request: FastifyRequest): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'body';
    const details: Record<string, string> = {};
    for (const issue of error.validation) {
      const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || where;
      details[field] ??= issue.message ?? 'is invalid';
    }
    return new AppError('VALIDATION_ERROR', `The request ${where === 'querystring' ? 'query' : where} is invalid`, details);
  }
  const fastifyError = error as FastifyError;
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return new AppError(known.code, known.message ?? 'Malformed JSON body: the request says application/json but the body does not parse');
  if (error instanceof SyntaxError) return new AppError('INVALID_JSON', 'Malformed JSON body');
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this server accepts');
  if (status >= 400 && status < 500) return new AppError('BAD_REQUEST', fastifyError.message);
  request.log.error({ err: error }, 'unhandled error');
  return new AppError('INTERNAL_ERROR', 'Internal server error');
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  return reply.status(error.status).type('application/json').send(errorEnvelope(error.code, error.message, error.details));
}

export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    // The API reads JSON only. Fastify's built-in text/plain parser would hand a string to the
    // body schema and turn a wrong Content-Type into a 422; without it, it is the 400 it should be.
    app.removeContentTypeParser('text/plain');
    // The seed's fetch example sends Content-Type: application/json on every request, bodiless
    // DELETEs and POSTs (sign-out) included: an empty body there is no body, not malformed JSON.
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = body.toString();
      if (text === '') return done(null, undefined);
      if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
        return done(new AppError('BAD_REQUEST', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, { maxDepth: MAX_JSON_DEPTH }), undefined);
      }
      // The default parser is callback-style: it answers through `done`, its return value means nothing.
      void parseJson(request, text, done);
    });
    app.setErrorHandler((error: FastifyError, request, reply) => sendError(reply, toAppError(error, request)));
    app.setNotFoundHandler((request, reply) =>
      sendError(reply, new AppError('NOT_FOUND', `Route ${request.method} ${request.url.split('?')[0]} not found`)),
    );
  },
  { name: 'error-handler' },
);
