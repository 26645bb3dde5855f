import { z } from 'zod';

/** Resource units used across the API: memory and disk in MiB, cpu in percent of one core. */
export const MiB = z.number().int().min(0);

export const IsoDateSchema = z.string().describe('ISO-8601 time in UTC');

/**
 * Query pagination. Values arrive as strings; out-of-range values are a 422, never clamped,
 * so a script that asks for 500 rows learns it got at most 100.
 */
export const PaginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PaginationQuery = z.infer<typeof PaginationQuerySchema>;

export const PageMetaSchema = z.object({
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});
export type PageMeta = z.infer<typeof PageMetaSchema>;

export function dataEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ data });
}

export function pageEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), meta: PageMetaSchema });
}

export function prefixedId(prefix: string) {
  return z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{8,64}$`), `must be a ${prefix}_… id`);
}

export const IdParamsSchema = z.object({ id: z.string().min(1).max(128) });
