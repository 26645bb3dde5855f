import type { FastifyInstance } from 'fastify';
import type { PlatformStats } from '../../../contracts/index.ts';
import { sumResources } from '../../nodes/allocation.ts';

/** Counts over the whole platform. Node liveness comes from the agent hub when one is registered. */
export function platformStats(app: FastifyInstance): PlatformStats {
  const doc = app.store.data;
  const byStatus: Record<string, number> = {};
  for (const server of doc.servers) byStatus[server.status] = (byStatus[server.status] ?? 0) + 1;
  const nodes = { total: doc.nodes.length, online: 0, offline: 0, pending: 0 };
  for (const node of doc.nodes) nodes[app.agents.status(node)] += 1;
  const allocated = sumResources(doc.servers);
  const total = sumResources(doc.nodes);
  return {
    users: {
      total: doc.users.length,
      admins: doc.users.filter((u) => u.role === 'admin').length,
      suspended: doc.users.filter((u) => u.suspended).length,
    },
    servers: { total: doc.servers.length, byStatus },
    nodes,
    resources: {
      memory: { allocated: allocated.memory, total: total.memory },
      disk: { allocated: allocated.disk, total: total.disk },
      cpu: { allocated: allocated.cpu, total: total.cpu },
    },
  };
}
