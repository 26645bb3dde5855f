import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  ApiKeySchema,
  CreateApiKeyBody,
  CreatedApiKeySchema,
  IdParamsSchema,
  PaginationQuerySchema,
  UpdateMeBody,
  UserSchema,
  dataEnvelope,
  pageEnvelope,
} from '../../../contracts/index.ts';
import { hashPassword, verifyPassword } from '../../security/passwords.ts';
import { API_KEY_PREFIX, newSecret } from '../../security/secrets.ts';
import type { StoredApiKey } from '../../store/document-schema.ts';
import { toPublicUser } from '../../store/users-repository.ts';
import { ok, page } from '../respond.ts';

function toPublicKey(key: StoredApiKey) {
  const { secretHash: _hidden, userId: _owner, ...visible } = key;
  return visible;
}

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireUser);

  app.get('/users/me', {
    schema: { tags: ['users'], summary: 'Get current user', response: { 200: dataEnvelope(UserSchema) } },
  }, async (request) => ok(toPublicUser(request.identity!.user)));

  app.patch('/users/me', {
    schema: {
      tags: ['users'],
      summary: 'Update current user; changing the password needs the current one and ends other sessions',
      body: UpdateMeBody,
      response: { 200: dataEnvelope(UserSchema) },
    },
  }, async (request) => {
    const identity = request.identity!;
    const { name, email, password, currentPassword } = request.body;
    let passwordHash: string | undefined;
    if (password !== undefined) {
      if (!(await verifyPassword(identity.user.passwordHash, currentPassword ?? ''))) {
        throw new AppError('VALIDATION_ERROR', 'The current password is incorrect', { currentPassword: 'is incorrect' });
      }
      passwordHash = await hashPassword(password);
    }
    const keepSessionId = identity.method === 'session' ? identity.credentialId : undefined;
    const user = await app.users.update(identity.user.id, { name, email, passwordHash }, { keepSessionId });
    return ok(toPublicUser(user));
  });

  app.get('/users/me/api-keys', {
    schema: { tags: ['users'], summary: 'List my API keys (never their secrets)', querystring: PaginationQuerySchema, response: { 200: pageEnvelope(ApiKeySchema) } },
  }, async (request) => page(app.credentials.listApiKeys(request.identity!.user.id).map(toPublicKey), request.query));

  app.post('/users/me/api-keys', {
    schema: {
      tags: ['users'],
      summary: 'Create an API key for scripts; the secret is in this response only',
      body: CreateApiKeyBody,
      response: { 201: dataEnvelope(CreatedApiKeySchema) },
    },
  }, async (request, reply) => {
    const { name, expiresInDays } = request.body;
    const secret = newSecret(API_KEY_PREFIX);
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000).toISOString() : null;
    const key = await app.credentials.createApiKey({ userId: request.identity!.user.id, name, secret, expiresAt });
    return reply.status(201).send(ok({ ...toPublicKey(key), secret }));
  });

  app.delete('/users/me/api-keys/:id', {
    schema: { tags: ['users'], summary: 'Revoke an API key, effective immediately', params: IdParamsSchema, response: { 204: z.null().describe('No Content') } },
  }, async (request, reply) => {
    await app.credentials.deleteApiKey(request.identity!.user.id, request.params.id);
    return reply.status(204).send(null);
  });
};
