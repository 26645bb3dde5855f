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
      summary: 'Update current user. Changing the password or the email needs a signed-in session and the current password; '
        + 'a password change ends every other session and revokes all of the account\'s API keys',
      body: UpdateMeBody,
      response: { 200: dataEnvelope(UserSchema) },
    },
  }, async (request, reply) => {
    const identity = request.identity!;
    const { name, email, password, currentPassword } = request.body;
    const changesEmail = email !== undefined && email !== identity.user.email;
    if (password !== undefined || changesEmail) {
      await app.requireSession(request, reply);
      if (currentPassword === undefined) {
        throw new AppError('VALIDATION_ERROR', 'The current password is required to change the email', { currentPassword: 'is required to change the email' });
      }
      // Guesses at the current password are sign-in attempts by another door: the same limit.
      app.passwordAttempts.assertAllowed(request, reply, identity.user.email);
      if (!(await verifyPassword(identity.user.passwordHash, currentPassword))) {
        app.passwordAttempts.failed(request, identity.user.email);
        throw new AppError('VALIDATION_ERROR', 'The current password is incorrect', { currentPassword: 'is incorrect' });
      }
    }
    const passwordHash = password === undefined ? undefined : await hashPassword(password);
    const keepSessionId = identity.method === 'session' ? identity.credentialId : undefined;
    const user = await app.users.update(identity.user.id, { name, email, passwordHash }, { keepSessionId });
    return ok(toPublicUser(user));
  });

  app.get('/users/me/api-keys', {
    schema: { tags: ['users'], summary: 'List my API keys (never their secrets)', querystring: PaginationQuerySchema, response: { 200: pageEnvelope(ApiKeySchema) } },
  }, async (request) => page(app.credentials.listApiKeys(request.identity!.user.id).map(toPublicKey), request.query));

  app.post('/users/me/api-keys', {
    // A key that could mint keys could outlive its own expiry or revocation through its offspring.
    onRequest: app.requireSession,
    schema: {
      tags: ['users'],
      summary: 'Create an API key for scripts (signed-in session only); the secret is in this response only',
      body: CreateApiKeyBody,
      response: { 201: dataEnvelope(CreatedApiKeySchema) },
    },
  }, async (request, reply) => {
    const { name, expiresInDays, scope } = request.body;
    const secret = newSecret(API_KEY_PREFIX);
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000).toISOString() : null;
    const key = await app.credentials.createApiKey({ userId: request.identity!.user.id, name, secret, expiresAt, scope });
    return reply.status(201).send(ok({ ...toPublicKey(key), secret }));
  });

  app.delete('/users/me/api-keys/:id', {
    schema: { tags: ['users'], summary: 'Revoke an API key, effective immediately (a signed-in session, or the key revoking itself)', params: IdParamsSchema, response: { 204: z.null().describe('No Content') } },
  }, async (request, reply) => {
    const identity = request.identity!;
    // Giving up its own access is the one key management a key may do.
    if (identity.method !== 'session' && identity.credentialId !== request.params.id) await app.requireSession(request, reply);
    await app.credentials.deleteApiKey(identity.user.id, request.params.id);
    return reply.status(204).send(null);
  });
};
