import type { PageMeta, PaginationQuery } from '../../contracts/index.ts';

/** `{ data }` — the seed's success envelope. */
export function ok<T>(data: T): { data: T } {
  return { data };
}

/** A page the caller already cut (only the page's records were made public), with `meta.total/page/limit`. */
export function paged<T>(items: T[], total: number, query: PaginationQuery): { data: T[]; meta: PageMeta } {
  return { data: items, meta: { total, page: query.page, limit: query.limit } };
}

/** One page of `items` with `meta.total/page/limit`. */
export function page<T>(items: readonly T[], query: PaginationQuery): { data: T[]; meta: PageMeta } {
  const start = (query.page - 1) * query.limit;
  return {
    data: items.slice(start, start + query.limit),
    meta: { total: items.length, page: query.page, limit: query.limit },
  };
}
