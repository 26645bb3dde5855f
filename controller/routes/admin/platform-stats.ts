import type { FastifyInstance } from 'fastify';
import type { PlatformStats } from '../../../contracts/index.ts';

/** Counts over the whole platform. Node liveness comes from the agent hub when one is registered. */
export function platformStats(app: FastifyInstance): PlatformStats {
  const doc = app.store.data;
  const byStatus: Record<string, number> = {};
  for (const server of doc.servers) byStatus[server.status] = (byStatus[server.status] ?? 0) + 1;
  const nodes = { total: doc.nodes.length, online: 0, offline: 0, pending: 0 };
  for (const node of doc.nodes) nodes[app.agents.status(node)] += 1;
  const sum = (pick: (x: { memory: number; disk: number; cpu: number }) => number, items: readonly { memory: number; disk: number; cpu: number }[]) =>
    items.reduce((total, item) => total + pick(item), 0);
  return {
    users: {
      total: doc.users.length,
      admins: doc.users.filter((u) => u.role === 'admin').length,
      suspended: doc.users.filter((u) => u.suspended).length,
    },
    servers: { total: doc.servers.length, byStatus },
    nodes,
    resources: {
      memory: { allocated: sum((x) => x.memory, doc.servers), total: sum((x) => x.memory, doc.nodes) },
      disk: { allocated: sum((x) => x.disk, doc.servers), total: sum((x) => x.disk, doc.nodes) },
      cpu: { allocated: sum((x) => x.cpu, doc.servers), total: sum((x) => x.cpu, doc.nodes) },
    },
  };
}
