import { z } from 'zod';
import { BlueprintIdSchema, BlueprintSchema, EggFormatSchema } from './blueprints.ts';

/**
 * Eggs: the JSON files Pterodactyl and Pelican panels export to describe a game. The schema
 * is deliberately tolerant — the formats differ in small ways (PTDL_v1 lists `images`, later
 * versions map `docker_images`; PTDL keeps `config.*` as JSON text and `rules` as one
 * `|`-separated string, Pelican may use objects and lists; PLCN_v3 may name several
 * `startup_commands`) and community eggs are hand-edited — so it only refuses what no import
 * could use. What it accepts but we cannot honour becomes a warning, not a refusal.
 */

/** A number or boolean where a string is meant: panels export both. */
const Scalar = z.union([z.string(), z.number(), z.boolean()]);
/** PTDL stores `config.files`, `config.startup` and `config.logs` as JSON text; Pelican may inline them. */
const JsonTextOrObject = z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullable().optional();
/** Panels export booleans as 0/1 too. */
const Flag = z.union([z.boolean(), z.literal(0), z.literal(1)]).nullable().optional();

export const EggVariableSchema = z.looseObject({
  name: z.string().min(1).max(500),
  description: z.string().max(20000).nullable().optional(),
  env_variable: z.string().min(1).max(200),
  default_value: Scalar.nullable().optional(),
  user_viewable: Flag,
  user_editable: Flag,
  rules: z.union([z.string().max(10000), z.array(z.string().max(5000)).max(100)]).nullable().optional(),
  field_type: z.string().max(50).nullable().optional(),
  sort: z.number().nullable().optional(),
});
export type EggVariable = z.infer<typeof EggVariableSchema>;

export const EggSchema = z
  .looseObject({
    meta: z.looseObject({
      version: EggFormatSchema.describe('the egg format: PTDL_v1, PTDL_v2 (Pterodactyl), PLCN_v1–PLCN_v3 (Pelican)'),
      update_url: z.string().nullable().optional(),
    }),
    uuid: z.string().max(100).nullable().optional(),
    name: z.string().trim().min(1).max(500),
    author: z.string().max(500).nullable().optional(),
    description: z.string().max(100000).nullable().optional(),
    tags: z.array(z.string()).nullable().optional().describe('Pelican: the first becomes the category'),
    features: z.array(z.string()).nullable().optional(),
    docker_images: z.record(z.string(), z.string()).nullable().optional().describe('label → image'),
    images: z.array(z.string()).nullable().optional().describe('PTDL_v1: a list of images'),
    image: z.string().nullable().optional().describe('PTDL_v1: a single image'),
    file_denylist: z.array(z.string()).nullable().optional(),
    startup: z.string().max(10000).nullable().optional(),
    startup_commands: z.record(z.string(), z.string().max(10000)).nullable().optional().describe('PLCN_v3: label → startup command'),
    config: z
      .looseObject({
        files: JsonTextOrObject,
        startup: JsonTextOrObject,
        logs: JsonTextOrObject,
        stop: z.string().max(1000).nullable().optional(),
        extends: z.unknown().optional(),
      })
      .nullable()
      .optional(),
    scripts: z
      .looseObject({
        installation: z
          .looseObject({
            script: z.string().max(1_000_000).nullable().optional(),
            container: z.string().max(500).nullable().optional(),
            entrypoint: z.string().max(500).nullable().optional(),
          })
          .nullable()
          .optional(),
      })
      .nullable()
      .optional(),
    variables: z.array(EggVariableSchema).max(500).nullable().optional(),
    stellarstack: z.record(z.string(), z.unknown()).optional().describe("StellarStack's own fields, written by export so blueprints travel back unchanged; other panels ignore it"),
  })
  .describe('A Pterodactyl or Pelican egg');
export type Egg = z.infer<typeof EggSchema>;

export const ImportWarningSchema = z.object({
  field: z.string().describe('the egg field it is about'),
  message: z.string(),
});
export type ImportWarning = z.infer<typeof ImportWarningSchema>;

export const ImportBlueprintQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional().describe('true: answer with the blueprint and warnings without saving'),
  replace: z.enum(['true', 'false']).optional().describe('true: replace the blueprint imported earlier from the same egg uuid'),
  id: BlueprintIdSchema.optional().describe("the new blueprint's id (default: from the egg's name)"),
});

export const ImportBlueprintResultSchema = z.object({
  blueprint: BlueprintSchema,
  warnings: z.array(ImportWarningSchema).describe('what the egg asks for that StellarStack does not do (yet), or had to change'),
  saved: z.boolean().describe('false for a dry run'),
  replaced: z.boolean().describe('true when it replaced the blueprint imported earlier from the same egg'),
});
export type ImportBlueprintResult = z.infer<typeof ImportBlueprintResultSchema>;

export const ExportBlueprintQuery = z.object({
  format: z.literal('egg').default('egg').describe('egg: a PLCN_v3-style egg'),
});
