import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  BlueprintBodySchema,
  BlueprintSchema,
  CreateBlueprintBody,
  EggSchema,
  ExportBlueprintQuery,
  IdParamsSchema,
  ImportBlueprintQuery,
  ImportBlueprintResultSchema,
  PaginationQuerySchema,
  dataEnvelope,
  pageEnvelope,
  type Blueprint,
} from '../../../contracts/index.ts';
import { blueprintToEgg } from '../../blueprints/eggs/blueprint-to-egg.ts';
import { importEgg } from '../../blueprints/eggs/import-egg.ts';
import { LARGE_BODY_LIMIT } from '../../config.ts';
import { ok, page } from '../respond.ts';

const ListBlueprintsQuery = PaginationQuerySchema.extend({
  category: z.string().trim().min(1).max(50).optional().describe('exact category, case-insensitive'),
  search: z.string().trim().min(1).max(100).optional().describe('matches id, name or description, case-insensitive'),
});

function matches(blueprint: Blueprint, category: string | undefined, search: string | undefined): boolean {
  if (category !== undefined && blueprint.category.toLowerCase() !== category) return false;
  if (search === undefined) return true;
  return [blueprint.id, blueprint.name, blueprint.description].some((text) => text.toLowerCase().includes(search));
}

/**
 * Blueprints: any signed-in user may read them (they choose one when asking for a server);
 * only admins change them, under the admin rate limit like every other admin action.
 */
export const blueprintsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { blueprints } = app;
  function findBlueprint(id: string): Blueprint {
    const blueprint = blueprints.get(id);
    if (!blueprint) throw new AppError('NOT_FOUND', 'Blueprint not found');
    return blueprint;
  }

  app.get('/blueprints', {
    onRequest: app.requireUser,
    schema: {
      tags: ['blueprints'],
      summary: 'List blueprints: the built-in catalog plus those added by admins',
      querystring: ListBlueprintsQuery,
      response: { 200: pageEnvelope(BlueprintSchema) },
    },
  }, async (request) => {
    const category = request.query.category?.toLowerCase();
    const search = request.query.search?.toLowerCase();
    return page(blueprints.list().filter((b) => matches(b, category, search)), request.query);
  });

  app.get('/blueprints/:id', {
    onRequest: app.requireUser,
    schema: { tags: ['blueprints'], summary: 'Get a blueprint', params: IdParamsSchema, response: { 200: dataEnvelope(BlueprintSchema) } },
  }, async (request) => ok(findBlueprint(request.params.id)));

  app.post('/blueprints', {
    onRequest: app.requireAdmin,
    // A blueprint with its install script is a document, not a form: it gets the large limit.
    bodyLimit: LARGE_BODY_LIMIT,
    config: { rateLimit: 'admin' },
    schema: {
      tags: ['blueprints'],
      summary: 'Add a blueprint (admin); an id already in use is a 409',
      body: CreateBlueprintBody,
      response: { 201: dataEnvelope(BlueprintSchema) },
    },
  }, async (request, reply) => reply.status(201).send(ok(await blueprints.create(request.body))));

  app.post('/blueprints/import', {
    onRequest: app.requireAdmin,
    config: { rateLimit: 'admin' },
    // Eggs carry whole install scripts: the large limit, as blueprints themselves get.
    bodyLimit: LARGE_BODY_LIMIT,
    schema: {
      tags: ['blueprints'],
      summary: 'Import a Pterodactyl or Pelican egg as a blueprint (admin)',
      description:
        'The body is the egg (PTDL_v1, PTDL_v2, PLCN_v1–PLCN_v3). Answers the blueprint with warnings for what is not supported; 201 when saved, 200 for a dry run or a replacement. An egg imported before is a 409 unless replace=true.',
      querystring: ImportBlueprintQuery,
      body: EggSchema,
      response: { 200: dataEnvelope(ImportBlueprintResultSchema), 201: dataEnvelope(ImportBlueprintResultSchema) },
    },
  }, async (request, reply) => {
    const result = await importEgg(blueprints, request.body, {
      dryRun: request.query.dryRun === 'true',
      replace: request.query.replace === 'true',
      id: request.query.id,
    });
    return reply.status(result.saved && !result.replaced ? 201 : 200).send(ok(result));
  });

  app.get('/blueprints/:id/export', {
    onRequest: app.requireUser,
    schema: {
      tags: ['blueprints'],
      summary: 'Export a blueprint as a PLCN_v3-style egg, which POST /blueprints/import takes back',
      params: IdParamsSchema,
      querystring: ExportBlueprintQuery,
      response: { 200: dataEnvelope(z.record(z.string(), z.unknown()).describe('the egg')) },
    },
  }, async (request) => ok(blueprintToEgg(findBlueprint(request.params.id))));

  app.put('/blueprints/:id', {
    onRequest: app.requireAdmin,
    // A blueprint with its install script is a document, not a form: it gets the large limit.
    bodyLimit: LARGE_BODY_LIMIT,
    config: { rateLimit: 'admin' },
    schema: {
      tags: ['blueprints'],
      summary: 'Replace a blueprint (admin); replacing a built-in stores an override that DELETE removes again',
      params: IdParamsSchema,
      body: BlueprintBodySchema,
      response: { 200: dataEnvelope(BlueprintSchema) },
    },
  }, async (request) => ok(await blueprints.replace(request.params.id, request.body)));

  app.delete('/blueprints/:id', {
    onRequest: app.requireAdmin,
    config: { rateLimit: 'admin' },
    schema: {
      tags: ['blueprints'],
      summary: 'Delete a blueprint (admin): refused while servers use it; for an overridden built-in, restores the built-in',
      params: IdParamsSchema,
      response: { 204: z.null().describe('No Content') },
    },
  }, async (request, reply) => {
    await blueprints.delete(request.params.id);
    return reply.status(204).send(null);
  });
};
