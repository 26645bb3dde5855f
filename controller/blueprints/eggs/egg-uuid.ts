import { createHash } from 'node:crypto';
import type { Blueprint } from '../../../contracts/index.ts';

/**
 * The uuid a blueprint's egg carries: the one of the egg it came from, or for a blueprint
 * made here a stable UUID-shaped id derived from its id, so repeated exports agree and
 * importing an export with replace=true finds the blueprint it came from.
 */
export function eggUuidOf(blueprint: Pick<Blueprint, 'id' | 'source'>): string {
  if (blueprint.source?.uuid) return blueprint.source.uuid;
  const hex = createHash('sha256').update(`stellarstack-blueprint:${blueprint.id}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
