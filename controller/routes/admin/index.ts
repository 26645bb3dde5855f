import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  CreateUserBody,
  IdParamsSchema,
  PaginationQuerySchema,
  PlatformStatsSchema,
  RoleSchema,
  SettingsSchema,
  UpdateSettingsBody,
  UpdateUserBody,
  UserSchema,
  dataEnvelope,
  pageEnvelope,
} from '../../../contracts/index.ts';
import { hashPassword } from '../../security/passwords.ts';
import type { StoredUser } from '../../store/document-schema.ts';
import { toPublicUser } from '../../store/users-repository.ts';
import { ok, page } from '../respond.ts';
import { platformStats } from './platform-stats.ts';

const ListUsersQuery = PaginationQuerySchema.extend({
  search: z.string().trim().max(254).optional().describe('matches email or name, case-insensitive'),
  role: RoleSchema.optional(),
  suspended: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get('/admin/users', {
    schema: { tags: ['admin'], summary: 'List users', querystring: ListUsersQuery, response: { 200: pageEnvelope(UserSchema) } },
  }, async (request) => {
    const { search, role, suspended } = request.query;
    const needle = search?.toLowerCase();
    const users = app.users.all().filter((u) =>
      (needle === undefined || u.email.includes(needle) || u.name.toLowerCase().includes(needle)) &&
      (role === undefined || u.role === role) &&
      (suspended === undefined || u.suspended === suspended));
    return page(users.map(toPublicUser), request.query);
  });

  app.post('/admin/users', {
    schema: { tags: ['admin'], summary: 'Create a user', body: CreateUserBody, response: { 201: dataEnvelope(UserSchema) } },
  }, async (request, reply) => {
    const { password, ...rest } = request.body;
    const user = await app.users.create({ ...rest, passwordHash: await hashPassword(password) });
    return reply.status(201).send(ok(toPublicUser(user)));
  });

  app.get('/admin/users/:id', {
    schema: { tags: ['admin'], summary: 'Get a user', params: IdParamsSchema, response: { 200: dataEnvelope(UserSchema) } },
  }, async (request) => {
    const user = app.users.findById(request.params.id);
    if (!user) throw new AppError('NOT_FOUND', 'User not found');
    return ok(toPublicUser(user));
  });

  app.patch('/admin/users/:id', {
    schema: {
      tags: ['admin'],
      summary: 'Change a user: role, suspension (ends their sessions, keys and open consoles at once), name, email, password',
      params: IdParamsSchema,
      body: UpdateUserBody,
      response: { 200: dataEnvelope(UserSchema) },
    },
  }, async (request) => {
    const { password, ...rest } = request.body;
    const passwordHash = password === undefined ? undefined : await hashPassword(password);
    const before = app.users.findById(request.params.id);
    const user = await app.users.update(request.params.id, { ...rest, passwordHash });
    const revoked = lostConsoleAccess(before, user, password !== undefined);
    if (revoked) app.consoleRevoker.revoke(user.id, revoked);
    return ok(toPublicUser(user));
  });

  app.delete('/admin/users/:id', {
    schema: { tags: ['admin'], summary: 'Delete a user with their sessions and keys', params: IdParamsSchema, response: { 204: z.null().describe('No Content') } },
  }, async (request, reply) => {
    await app.users.delete(request.params.id);
    app.consoleRevoker.revoke(request.params.id, 'the account was deleted');
    return reply.status(204).send(null);
  });

  app.get('/admin/stats', {
    schema: { tags: ['admin'], summary: 'Platform stats', response: { 200: dataEnvelope(PlatformStatsSchema) } },
  }, async () => ok(platformStats(app)));

  app.get('/admin/settings', {
    schema: { tags: ['admin'], summary: 'Platform settings', response: { 200: dataEnvelope(SettingsSchema) } },
  }, async () => ok(app.settings.get()));

  app.patch('/admin/settings', {
    schema: { tags: ['admin'], summary: 'Change platform settings', body: UpdateSettingsBody, response: { 200: dataEnvelope(SettingsSchema) } },
  }, async (request) => ok(await app.settings.update(request.body)));
};

/** Why a change ends the user's open consoles, or null: the agents hold tokens the controller cannot recall otherwise. */
function lostConsoleAccess(before: StoredUser | undefined, after: StoredUser, passwordReset: boolean): string | null {
  if (after.suspended && !before?.suspended) return 'the account was suspended';
  if (before?.role === 'admin' && after.role !== 'admin') return 'the account is no longer an admin';
  if (passwordReset) return 'an admin reset the password';
  return null;
}
