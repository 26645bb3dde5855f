import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { NodeStatus } from '../../contracts/index.ts';
import type { StoredNode } from '../store/document-schema.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Live status of a node: online while its agent is connected. */
    nodeStatus: (node: StoredNode) => NodeStatus;
    /** Records that a node's agent connected or went away. */
    setNodeConnected: (nodeId: string, connected: boolean) => void;
  }
}

/** Which nodes have a live agent link. A node that never connected is pending; one that did and left is offline. */
export const nodePresencePlugin = fp(
  async (app: FastifyInstance) => {
    const connected = new Set<string>();
    app.decorate('setNodeConnected', (nodeId: string, isConnected: boolean) => {
      if (isConnected) connected.add(nodeId);
      else connected.delete(nodeId);
    });
    app.decorate('nodeStatus', (node: StoredNode): NodeStatus => {
      if (connected.has(node.id)) return 'online';
      return node.lastSeenAt === null ? 'pending' : 'offline';
    });
  },
  { name: 'node-presence' },
);
