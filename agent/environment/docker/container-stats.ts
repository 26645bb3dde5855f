import type Docker from 'dockerode';
import type { ServerResources } from '../../../contracts/index.ts';

export type LiveResources = Omit<ServerResources, 'disk' | 'players'>;

/**
 * One Docker stats sample in the units the console shows. CPU is percent of ONE core (two
 * busy cores = 200), the convention of the server's cpu limit; memory leaves out page cache
 * the kernel can drop, as `docker stats` does, or a server that reads many files would look
 * like it is about to be killed.
 */
export function resourcesFromStats(stats: Docker.ContainerStats, startedAt: string, now: number = Date.now()): LiveResources {
  return {
    cpu: cpuPercentOfOneCore(stats),
    memory: memoryInUse(stats.memory_stats),
    memoryLimit: stats.memory_stats?.limit ?? 0,
    ...networkTotals(stats.networks),
    uptime: uptimeSeconds(startedAt, now),
  };
}

function cpuPercentOfOneCore(stats: Docker.ContainerStats): number {
  const cpuDelta = (stats.cpu_stats?.cpu_usage?.total_usage ?? 0) - (stats.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (stats.cpu_stats?.system_cpu_usage ?? 0) - (stats.precpu_stats?.system_cpu_usage ?? 0);
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  // system_cpu_usage counts every core of the host, so scale by the core count to get "cores busy".
  const cores = stats.cpu_stats.online_cpus || stats.cpu_stats.cpu_usage.percpu_usage?.length || 1;
  return round2((cpuDelta / systemDelta) * cores * 100);
}

function memoryInUse(memory: Docker.MemoryStats | undefined): number {
  if (!memory?.usage) return 0;
  const detail: Partial<Docker.MemoryStats['stats']> = memory.stats ?? {};
  // cgroup v1 reports total_inactive_file, v2 inactive_file; older engines only "cache".
  const reclaimable = detail.total_inactive_file ?? detail.inactive_file ?? detail.cache ?? 0;
  return reclaimable < memory.usage ? memory.usage - reclaimable : memory.usage;
}

function networkTotals(networks: Docker.NetworkStats | undefined): { networkRx: number; networkTx: number } {
  let networkRx = 0;
  let networkTx = 0;
  for (const iface of Object.values(networks ?? {})) {
    networkRx += iface.rx_bytes;
    networkTx += iface.tx_bytes;
  }
  return { networkRx, networkTx };
}

function uptimeSeconds(startedAt: string, now: number): number {
  const started = Date.parse(startedAt);
  // A never-started container reports 0001-01-01T00:00:00Z.
  if (Number.isNaN(started) || started <= 0) return 0;
  return Math.max(0, Math.floor((now - started) / 1000));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
