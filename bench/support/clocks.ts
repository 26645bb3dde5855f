import { performance } from 'node:perf_hooks';

/** A clock in milliseconds; only differences between two readings are used. */
export interface Clock {
  name: string;
  read(): number | Promise<number>;
}

/** Elapsed real time: right for anything that waits on I/O or on another process. */
export const wallClock: Clock = { name: 'wall', read: () => performance.now() };

/**
 * CPU time this process spent (all its threads, so GC helpers count). For work that never
 * waits, it is what the work costs, and unlike wall time it barely moves when other jobs on
 * a shared machine take the core away for a while.
 */
export const cpuClock: Clock = {
  name: 'cpu',
  read: () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  },
};
