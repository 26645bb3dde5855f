import { createHash } from 'node:crypto';

/**
 * How the agent finds its containers again (after its own restart, or to clean up): a fixed
 * name per server and labels. The spec hash label lets create() tell an up-to-date container
 * from one whose configuration changed without diffing the engine's normalised inspect output.
 */

export const LABEL_MANAGED = 'io.stellarstack.managed';
export const LABEL_SERVER = 'io.stellarstack.server';
export const LABEL_ROLE = 'io.stellarstack.role';
export const LABEL_SPEC_HASH = 'io.stellarstack.spec-hash';

export type ContainerRole = 'server' | 'install';

// Docker's own rule for container names; server ids come from the controller, but a name
// that Docker would reject or that could address another object must fail here, clearly.
const SERVER_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;

export function containerName(serverId: string, role: ContainerRole = 'server'): string {
  if (!SERVER_ID_PATTERN.test(serverId)) throw new Error(`server id ${JSON.stringify(serverId)} cannot name a container`);
  return role === 'server' ? `stellar-${serverId}` : `stellar-${serverId}-install`;
}

export function containerLabels(serverId: string, role: ContainerRole): Record<string, string> {
  return { [LABEL_MANAGED]: 'true', [LABEL_SERVER]: serverId, [LABEL_ROLE]: role };
}

/** A stable digest of create options (key order does not matter) plus the image's id, so a re-pulled image also counts as a change. */
export function specHash(options: object, imageId: string): string {
  return createHash('sha256').update(canonicalJson({ options, imageId })).digest('hex').slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
