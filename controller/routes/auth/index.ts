import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, AuthStatusSchema, SessionInfoSchema, SignInBody, SignInResultSchema, SignUpBody, dataEnvelope } from '../../../contracts/index.ts';
import { hashPassword, verifyPassword, burnPasswordCheck } from '../../security/passwords.ts';
import { SESSION_TOKEN_PREFIX, newSecret } from '../../security/secrets.ts';
import type { StoredUser } from '../../store/document-schema.ts';
import { toPublicUser } from '../../store/users-repository.ts';
import { ok } from '../respond.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';

export const authRoutes: FastifyPluginAsyncZod<{ sessionLifetimeMs: number }> = async (app, options) => {
  async function startSession(user: StoredUser) {
    const token = newSecret(SESSION_TOKEN_PREFIX);
    const session = await app.credentials.createSession(user.id, token, options.sessionLifetimeMs);
    return { user: toPublicUser(user), token, expiresAt: session.expiresAt };
  }

  app.post('/auth/signup', {
    config: { rateLimit: 'auth' },
    schema: {
      tags: ['auth'],
      summary: 'Sign up; the first account becomes admin, later ones need sign-up to be open',
      body: SignUpBody,
      response: { 201: dataEnvelope(SignInResultSchema) },
    },
  }, async (request, reply) => {
    const { email, name, password } = request.body;
    app.passwordAttempts.attempt(request, reply, email);
    // Cheap refusal first, so a closed sign-up costs no hashing; the write re-checks under the lock.
    if (app.users.count() > 0 && !app.settings.get().signupOpen) throw signupClosed();
    const passwordHash = await hashPassword(password);
    const user = await app.users.create({
      email,
      name,
      passwordHash,
      role: (doc) => {
        if (doc.users.length === 0) return 'admin';
        if (!doc.settings.signupOpen) throw signupClosed();
        return 'user';
      },
    });
    const result = await startSession(user);
    setSessionCookie(request, reply, result.token, result.expiresAt);
    return reply.status(201).send(ok(result));
  });

  app.post('/auth/signin', {
    config: { rateLimit: 'auth' },
    schema: {
      tags: ['auth'],
      summary: 'Sign in: sets the session cookie and returns a token for Authorization: Bearer',
      body: SignInBody,
      response: { 200: dataEnvelope(SignInResultSchema) },
    },
  }, async (request, reply) => {
    const { email, password } = request.body;
    // The address was counted on the way in; guesses at one account from many addresses are counted here.
    app.passwordAttempts.assertAllowed(request, reply, email, { address: false });
    const user = app.users.findByEmail(email);
    // Unknown email and wrong password take the same time and get the same answer.
    const valid = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
    if (!user || !valid) {
      app.passwordAttempts.failed(request, email, { countAddress: false });
      throw new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
    }
    if (user.suspended) throw new AppError('ACCOUNT_SUSPENDED', 'This account is suspended');
    const result = await startSession(user);
    setSessionCookie(request, reply, result.token, result.expiresAt);
    return ok(result);
  });

  app.post('/auth/signout', {
    onRequest: app.requireUser,
    schema: { tags: ['auth'], summary: 'Sign out: revokes the current session', response: { 204: z.null().describe('No Content') } },
  }, async (request, reply) => {
    const identity = request.identity!;
    // An API key is not a session: it is revoked through DELETE /users/me/api-keys/:id.
    if (identity.method === 'session') await app.credentials.deleteSession(identity.credentialId);
    clearSessionCookie(request, reply);
    return reply.status(204).send(null);
  });

  app.get('/auth/status', {
    config: { rateLimit: 'auth' },
    schema: {
      tags: ['auth'],
      summary: 'Whether the first account still has to be created, and whether sign-up is open (no credentials needed)',
      response: { 200: dataEnvelope(AuthStatusSchema) },
    },
  }, async () => {
    const setupRequired = app.users.count() === 0;
    return ok({ setupRequired, signupOpen: setupRequired || app.settings.get().signupOpen });
  });

  app.get('/auth/session', {
    onRequest: app.requireUser,
    schema: { tags: ['auth'], summary: 'The signed-in user and how they authenticated', response: { 200: dataEnvelope(SessionInfoSchema) } },
  }, async (request) => {
    const identity = request.identity!;
    return ok({
      user: toPublicUser(identity.user),
      session: { method: identity.method, id: identity.credentialId, expiresAt: identity.expiresAt },
    });
  });
};

function signupClosed(): AppError {
  return new AppError('SIGNUP_CLOSED', 'Sign-up is closed on this StellarStack; ask an admin for an account');
}
