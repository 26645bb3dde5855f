/** What a server holds on its node, and what a node offers: MiB of memory and disk, percent of one core. */
export interface Resources {
  memory: number;
  disk: number;
  cpu: number;
}

export const RESOURCE_KINDS = ['memory', 'disk', 'cpu'] as const;

/**
 * The sum of what `items` hold: servers on a node give what the node has handed out, every
 * node gives the platform's capacity. The one place allocation is added up.
 */
export function sumResources(items: readonly Resources[]): Resources {
  const total: Resources = { memory: 0, disk: 0, cpu: 0 };
  for (const item of items) {
    for (const kind of RESOURCE_KINDS) total[kind] += item[kind];
  }
  return total;
}
