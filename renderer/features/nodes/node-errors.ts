import { ApiError, messageOf } from '../../api/client.ts';

/** A failed node change in words a person can act on; other failures keep the API's message. */
export function explainNodeError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'NODE_HAS_SERVERS') {
    const count = typeof error.details.servers === 'number' ? error.details.servers : null;
    return count === null
      ? 'Servers still live on this node: move or delete them first.'
      : `${count === 1 ? 'A server still lives' : `${count} servers still live`} on this node: move or delete its ${count === 1 ? 'server' : `${count} servers`} first.`;
  }
  return messageOf(error);
}
