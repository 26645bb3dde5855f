import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type {} from '@fastify/cookie';
import { AppError, type ApiKeyScope } from '../../contracts/index.ts';
import type { StoredUser } from '../store/document-schema.ts';
import { API_KEY_PREFIX } from '../security/secrets.ts';

export const SESSION_COOKIE = 'stellar_session';

export interface Identity {
  user: StoredUser;
  method: 'session' | 'api_key';
  credentialId: string;
  expiresAt: string | null;
  /** What the credential may do: sessions are always `full`. */
  scope: ApiKeyScope;
  /** True when the credential came from the cookie: such requests must pass the CSRF check. */
  viaCookie: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
    /** Why presented credentials were refused; null when none were presented or they were good. */
    authFailure: AppError | null;
  }
  interface FastifyInstance {
    requireUser: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** For what an API key must never do (manage keys, change the password or email): a signed-in session only. */
    requireSession: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

/**
 * Resolves who is calling on every request (Bearer header first, then the session cookie),
 * without refusing anything: routes refuse through `requireUser` / `requireAdmin`, so the
 * rate limiter can key on the user and public routes stay public.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { allowedOrigins: string[] }) => {
    app.decorateRequest('identity', null);
    app.decorateRequest('authFailure', null);

    app.addHook('onRequest', async (request) => {
      const bearer = bearerToken(request);
      const cookie = bearer === null ? request.cookies[SESSION_COOKIE] : undefined;
      const secret = bearer ?? cookie;
      if (secret === undefined || secret === null) return;
      const resolved = resolveSecret(app, secret, cookie !== undefined);
      if (resolved instanceof AppError) request.authFailure = resolved;
      else request.identity = resolved;
    });

    const allowed = new Set(options.allowedOrigins);

    app.decorate('requireUser', async (request: FastifyRequest) => {
      if (request.authFailure) throw request.authFailure;
      const identity = request.identity;
      if (!identity) throw new AppError('UNAUTHORIZED', 'Sign in or send an API token: Authorization: Bearer <token>');
      if (identity.viaCookie && !SAFE_METHODS.has(request.method)) assertSameOrigin(request, allowed);
      if (identity.scope === 'read-only' && !SAFE_METHODS.has(request.method)) {
        throw new AppError('FORBIDDEN', 'This API key is read-only: it may only make GET requests');
      }
    });

    app.decorate('requireSession', async (request: FastifyRequest, reply: FastifyReply) => {
      await app.requireUser(request, reply);
      if (request.identity?.method !== 'session') {
        throw new AppError('FORBIDDEN', 'API keys cannot manage API keys, the password or the email: sign in to do that');
      }
    });

    app.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
      await app.requireUser(request, reply);
      if (request.identity?.user.role !== 'admin') throw new AppError('FORBIDDEN', 'This needs an admin account');
    });
  },
  { name: 'auth', dependencies: ['users-repository', 'credentials-repository'] },
);

function resolveSecret(app: FastifyInstance, secret: string, viaCookie: boolean): Identity | AppError {
  // Made only when needed: an error captures a stack trace, which every signed-in request would pay for.
  const invalid = () => new AppError('UNAUTHORIZED', 'Invalid or expired token');
  if (secret.length === 0 || secret.length > 200) return invalid();
  const { credentials, users } = app;
  if (secret.startsWith(API_KEY_PREFIX) && !viaCookie) {
    const key = credentials.findApiKeyBySecret(secret);
    const user = key && users.findById(key.userId);
    if (!key || !user) return invalid();
    if (user.suspended) return new AppError('ACCOUNT_SUSPENDED', 'This account is suspended');
    credentials.touchApiKey(key);
    return { user, method: 'api_key', credentialId: key.id, expiresAt: key.expiresAt, scope: key.scope, viaCookie };
  }
  const session = credentials.findSessionBySecret(secret);
  const user = session && users.findById(session.userId);
  if (!session || !user) return invalid();
  if (user.suspended) return new AppError('ACCOUNT_SUSPENDED', 'This account is suspended');
  return { user, method: 'session', credentialId: session.id, expiresAt: session.expiresAt, scope: 'full', viaCookie };
}

/**
 * CSRF defence for cookie sessions: a state-changing request must come from a page of this
 * controller (or an allowed origin). Browsers always send Origin on such requests; a missing
 * one means a client we cannot vouch for, so it is refused too.
 */
function assertSameOrigin(request: FastifyRequest, allowed: Set<string>): void {
  const origin = request.headers.origin;
  const own = `${request.protocol}://${request.host}`;
  if (origin && (origin === own || allowed.has(origin))) return;
  throw new AppError('CSRF_REJECTED', 'Cookie-authenticated changes must come from the StellarStack app (Origin check failed); scripts should use Authorization: Bearer');
}
