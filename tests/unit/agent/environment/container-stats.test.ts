import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { resourcesFromStats } from '../../../../agent/environment/docker/container-stats.ts';

/** The parts of a Docker stats sample the conversion reads. */
function sample(parts: { cpu?: [number, number]; precpu?: [number, number]; cores?: number; memory?: object; networks?: object }): Docker.ContainerStats {
  const [total, system] = parts.cpu ?? [0, 0];
  const [preTotal, preSystem] = parts.precpu ?? [0, 0];
  return {
    cpu_stats: { cpu_usage: { total_usage: total, percpu_usage: [] }, system_cpu_usage: system, online_cpus: parts.cores ?? 4 },
    precpu_stats: { cpu_usage: { total_usage: preTotal }, system_cpu_usage: preSystem },
    memory_stats: parts.memory ?? {},
    networks: parts.networks,
  } as unknown as Docker.ContainerStats;
}

const startedAt = '2026-01-01T00:00:00.000Z';
const tenSecondsLater = Date.parse(startedAt) + 10_500;

test('cpu is percent of one core: a process using two of four cores fully is 200', () => {
  // Over the interval the host's four cores ran 4e9 ns; the container used 2e9 of them.
  const stats = resourcesFromStats(sample({ precpu: [1e9, 10e9], cpu: [3e9, 14e9], cores: 4 }), startedAt, tenSecondsLater);
  assert.equal(stats.cpu, 200);
});

test('cpu is 0 without a previous sample instead of a division by zero', () => {
  assert.equal(resourcesFromStats(sample({ cpu: [3e9, 14e9], precpu: [3e9, 14e9] }), startedAt, tenSecondsLater).cpu, 0);
});

test('memory leaves out reclaimable page cache (cgroup v1 and v2 names) and reports the limit', () => {
  const v1 = resourcesFromStats(sample({ memory: { usage: 100, limit: 1000, stats: { total_inactive_file: 30, cache: 60 } } }), startedAt, tenSecondsLater);
  assert.deepEqual([v1.memory, v1.memoryLimit], [70, 1000]);
  const v2 = resourcesFromStats(sample({ memory: { usage: 100, limit: 1000, stats: { inactive_file: 40 } } }), startedAt, tenSecondsLater);
  assert.equal(v2.memory, 60);
  const old = resourcesFromStats(sample({ memory: { usage: 100, limit: 1000, stats: { cache: 25 } } }), startedAt, tenSecondsLater);
  assert.equal(old.memory, 75);
});

test('network bytes are summed over interfaces; host networking (no interfaces) is 0', () => {
  const networks = {
    eth0: { rx_bytes: 100, tx_bytes: 10 },
    eth1: { rx_bytes: 5, tx_bytes: 1 },
  };
  const stats = resourcesFromStats(sample({ networks }), startedAt, tenSecondsLater);
  assert.deepEqual([stats.networkRx, stats.networkTx], [105, 11]);
  const host = resourcesFromStats(sample({}), startedAt, tenSecondsLater);
  assert.deepEqual([host.networkRx, host.networkTx], [0, 0]);
});

test('uptime is whole seconds since the container started; a never-started container is 0', () => {
  assert.equal(resourcesFromStats(sample({}), startedAt, tenSecondsLater).uptime, 10);
  assert.equal(resourcesFromStats(sample({}), '0001-01-01T00:00:00Z', tenSecondsLater).uptime, 0);
});
