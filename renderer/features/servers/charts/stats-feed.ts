import type { ServerResources } from '../../../../contracts/index.ts';

/**
 * The last few minutes of a server's `stats` frames (about one a second), kept in a bounded
 * ring for the sparklines. Network counters arrive as totals; the feed turns them into rates.
 * A silence longer than a few samples becomes a gap in the lines instead of a slope.
 */

export interface StatsSample {
  /** Unix seconds. */
  t: number;
  cpu: number;
  memory: number;
  memoryLimit: number;
  disk: number;
  /** Bytes per second. */
  rxRate: number;
  txRate: number;
  uptime: number;
}

/** Columns as uPlot wants them: x first, nulls for gaps. */
export interface StatsColumns {
  t: number[];
  cpu: (number | null)[];
  memory: (number | null)[];
  rx: (number | null)[];
  tx: (number | null)[];
}

const GAP_SECONDS = 5;

export class StatsFeed {
  readonly capacity: number;
  readonly #now: () => number;
  readonly #ring: (StatsSample | null)[];
  #start = 0;
  #size = 0;
  #last: { t: number; rx: number; tx: number } | null = null;
  #latest: StatsSample | null = null;
  #version = 0;
  readonly #listeners = new Set<() => void>();

  constructor(capacity = 300, now: () => number = () => Date.now()) {
    this.capacity = capacity;
    this.#now = now;
    this.#ring = new Array<StatsSample | null>(capacity).fill(null);
  }

  /** Changes on every sample: a cheap snapshot for useSyncExternalStore. */
  get version(): number {
    return this.#version;
  }

  latest(): StatsSample | null {
    return this.#latest;
  }

  push(resources: ServerResources, atMs = this.#now()): void {
    const t = atMs / 1000;
    const last = this.#last;
    const elapsed = last ? t - last.t : 0;
    const rate = (total: number, previous: number | undefined) =>
      last && elapsed > 0 && previous !== undefined && total >= previous ? (total - previous) / elapsed : 0;
    const sample: StatsSample = {
      t,
      cpu: resources.cpu,
      memory: resources.memory,
      memoryLimit: resources.memoryLimit,
      disk: resources.disk,
      rxRate: rate(resources.networkRx, last?.rx),
      txRate: rate(resources.networkTx, last?.tx),
      uptime: resources.uptime,
    };
    if (last && elapsed > GAP_SECONDS) this.#append(null);
    this.#append(sample);
    this.#last = { t, rx: resources.networkRx, tx: resources.networkTx };
    this.#latest = sample;
    this.#changed();
  }

  /** Marks that the process stopped: the lines break here and the readouts show no live value. */
  pause(): void {
    if (!this.#latest) return;
    this.#latest = null;
    this.#last = null;
    this.#append(null);
    this.#changed();
  }

  samples(): StatsSample[] {
    const out: StatsSample[] = [];
    for (let i = 0; i < this.#size; i += 1) {
      const sample = this.#ring[(this.#start + i) % this.capacity];
      if (sample) out.push(sample);
    }
    return out;
  }

  columns(): StatsColumns {
    const columns: StatsColumns = { t: [], cpu: [], memory: [], rx: [], tx: [] };
    let previousT: number | null = null;
    for (let i = 0; i < this.#size; i += 1) {
      const sample = this.#ring[(this.#start + i) % this.capacity];
      if (sample === undefined) continue;
      if (sample === null) {
        // A gap sits just after the sample before it; uPlot needs x to keep increasing.
        if (previousT === null) continue;
        previousT += 0.001;
        columns.t.push(previousT);
        columns.cpu.push(null);
        columns.memory.push(null);
        columns.rx.push(null);
        columns.tx.push(null);
        continue;
      }
      previousT = sample.t;
      columns.t.push(sample.t);
      columns.cpu.push(sample.cpu);
      columns.memory.push(sample.memory);
      columns.rx.push(sample.rxRate);
      columns.tx.push(sample.txRate);
    }
    return columns;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #append(sample: StatsSample | null): void {
    // Two gaps in a row say nothing more than one.
    if (sample === null && (this.#size === 0 || this.#ring[(this.#start + this.#size - 1) % this.capacity] === null)) return;
    if (this.#size < this.capacity) {
      this.#ring[(this.#start + this.#size) % this.capacity] = sample;
      this.#size += 1;
    } else {
      this.#ring[this.#start] = sample;
      this.#start = (this.#start + 1) % this.capacity;
    }
  }

  #changed(): void {
    this.#version += 1;
    for (const listener of [...this.#listeners]) listener();
  }
}
