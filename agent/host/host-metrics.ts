import { readFile, statfs } from 'node:fs/promises';
import { cpus, freemem, totalmem, uptime } from 'node:os';
import type { HostMetrics } from '../../contracts/index.ts';

export type ContainerCounter = () => Promise<{ running: number; total: number }>;

interface CpuSnapshot {
  idle: number;
  total: number;
}

function cpuSnapshot(): CpuSnapshot {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/**
 * Samples this host for heartbeats. CPU is measured between consecutive samples (busy share
 * of all cores, 0-100), so the first heartbeat already covers the time since start-up.
 */
export class HostMetricsSampler {
  #previousCpu = cpuSnapshot();

  readonly #dataDir: string;
  readonly #countContainers: ContainerCounter;

  constructor(dataDir: string, countContainers: ContainerCounter) {
    this.#dataDir = dataDir;
    this.#countContainers = countContainers;
  }

  async sample(): Promise<HostMetrics> {
    const [memory, disk, network, containers] = await Promise.all([
      memoryUsage(),
      diskUsage(this.#dataDir),
      networkTotals(),
      this.#countContainers().catch(() => ({ running: 0, total: 0 })),
    ]);
    return { cpu: this.#cpuPercent(), memory, disk, containers, network, uptime: Math.round(uptime()) };
  }

  #cpuPercent(): number {
    const now = cpuSnapshot();
    const total = now.total - this.#previousCpu.total;
    const idle = now.idle - this.#previousCpu.idle;
    this.#previousCpu = now;
    if (total <= 0) return 0;
    return Math.round(((total - idle) / total) * 1000) / 10;
  }
}

/** MemAvailable counts reclaimable cache as free, which is what an admin means by "free". */
async function memoryUsage(): Promise<HostMetrics['memory']> {
  try {
    const info = await readFile('/proc/meminfo', 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(info)?.[1] ?? NaN) * 1024;
    const total = kib('MemTotal');
    const available = kib('MemAvailable');
    if (Number.isFinite(total) && Number.isFinite(available)) return { used: total - available, total };
  } catch {
    // Not Linux: fall through to what node knows.
  }
  return { used: totalmem() - freemem(), total: totalmem() };
}

async function diskUsage(path: string): Promise<HostMetrics['disk']> {
  const fs = await statfs(path);
  const total = fs.blocks * fs.bsize;
  return { used: total - fs.bfree * fs.bsize, total };
}

/** Bytes through every interface but loopback since boot. */
async function networkTotals(): Promise<HostMetrics['network']> {
  let rx = 0;
  let tx = 0;
  try {
    const lines = (await readFile('/proc/net/dev', 'utf8')).split('\n').slice(2);
    for (const line of lines) {
      const [name, rest] = line.split(':');
      if (!name || !rest || name.trim() === 'lo') continue;
      const fields = rest.trim().split(/\s+/).map(Number);
      rx += fields[0] ?? 0;
      tx += fields[8] ?? 0;
    }
  } catch {
    // No /proc: report zeros rather than fail the heartbeat.
  }
  return { rx, tx };
}
