import { performance } from 'node:perf_hooks';
import { Writable, type Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import Docker from 'dockerode';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../tests/support/images.ts';
import { Stack } from '../tests/support/game-stack.ts';
import type { BenchFigure } from './support/bench-figure.ts';

/**
 * A server printing 200,000 66-character lines as fast as it can, end to end: real agent,
 * real controller, real Docker. Three readers take turns on the same machine in the same run:
 * a console viewer on the node's own socket, a viewer through the controller relay, and the
 * baseline — a bare dockerode attach to a container of the same image running the same
 * command, i.e. the least any console could do. A rate is lines ÷ the time from the first
 * line reaching that reader to the last one; a reader that misses a line fails the figure.
 */

export interface ConsoleE2eOptions {
  lines: number;
  /** Measured rounds; each runs all three readers once, in alternating order. */
  rounds: number;
  /** One reader waiting longer than this for the burst's end is a failure, not a slow figure. */
  readerTimeoutMs: number;
}

export const CONSOLE_E2E_DEFAULTS: ConsoleE2eOptions = { lines: 200_000, rounds: 3, readerTimeoutMs: 60_000 };

/** Six digits of sequence, a space and 59 zeros: 66 characters, numbered so a reader can check it has them all, in order. */
function burstScript(lines: number): string {
  return `awk 'BEGIN{z=sprintf("%059d",0); for(i=0;i<${lines};i++) printf "%06d %s\\n", i, z}'`;
}

const LABEL_BENCH = 'io.stellarstack.bench';

/** What one reader saw of one burst. */
interface ReadResult {
  lines: number;
  inOrder: boolean;
  firstAt: number;
  lastAt: number;
}

/** Counts numbered burst lines as they arrive and resolves once the last one has. */
class BurstCounter {
  lines = 0;
  inOrder = true;
  firstAt = 0;
  lastAt = 0;
  readonly #expected: number;
  readonly done: Promise<ReadResult>;
  #resolve!: (result: ReadResult) => void;

  constructor(expected: number) {
    this.#expected = expected;
    this.done = new Promise((resolve) => (this.#resolve = resolve));
  }

  line(text: string): void {
    if (text.length !== 66) return;
    const number = Number(text.slice(0, 6));
    if (!Number.isInteger(number)) return;
    const now = performance.now();
    if (this.lines === 0) this.firstAt = now;
    if (number !== this.lines) this.inOrder = false;
    this.lines += 1;
    this.lastAt = now;
    if (number === this.#expected - 1) this.#resolve(this.result());
  }

  result(): ReadResult {
    return { lines: this.lines, inOrder: this.inOrder, firstAt: this.firstAt, lastAt: this.lastAt };
  }
}

/** A console viewer as lean as a browser tab's: parse each frame, count its lines. */
async function openViewer(url: string, token: string, counter: BurstCounter): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const authed = new Promise<void>((resolve, reject) => {
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { type: string; data?: unknown };
      if (frame.type === 'auth_success') resolve();
      else if (frame.type === 'error') reject(new Error(`console refused: ${JSON.stringify(frame.data)}`));
      else if (frame.type === 'console') {
        const data = frame.data as string | { lines: string[] };
        if (typeof data === 'string') counter.line(data);
        else for (const line of data.lines) counter.line(line);
      }
    });
  });
  socket.send(JSON.stringify({ type: 'auth', token }));
  await authed;
  return socket;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, counter: BurstCounter): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: only ${counter.lines} lines within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The baseline: a container of the same image and command, read through a bare dockerode attach. */
async function readDirectly(docker: Docker, settings: ConsoleE2eOptions): Promise<ReadResult> {
  const container = await docker.createContainer({
    Image: BUSYBOX_IMAGE,
    Cmd: ['sh', '-c', burstScript(settings.lines)],
    Labels: { [LABEL_BENCH]: 'console-e2e' },
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    const counter = new BurstCounter(settings.lines);
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true, hijack: true })) as Duplex;
    let tail = '';
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const pieces = (tail + chunk.toString('utf8')).split('\n');
        tail = pieces.pop() ?? '';
        for (const piece of pieces) counter.line(piece);
        done();
      },
    });
    docker.modem.demuxStream(stream, stdout, stdout);
    await container.start();
    const result = await withTimeout(counter.done, settings.readerTimeoutMs, 'dockerode attach', counter);
    stream.destroy();
    return result;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** One burst on the StellarStack server, read by one viewer at `url`. */
async function readThroughConsole(stack: Stack, serverId: string, url: string, settings: ConsoleE2eOptions, what: string): Promise<ReadResult> {
  const counter = new BurstCounter(settings.lines);
  const token = (await stack.consoleToken(serverId)).consoleToken as string;
  const socket = await openViewer(url, token, counter);
  try {
    const started = await stack.power(serverId, 'start');
    if (started.status !== 200) throw new Error(`start: ${started.text}`);
    return await withTimeout(counter.done, settings.readerTimeoutMs, what, counter);
  } finally {
    socket.close();
    await stack.power(serverId, 'kill');
    await stack.waitForStatus(serverId, 'stopped', 30_000);
  }
}

const rate = (result: ReadResult): number => result.lines / (Math.max(1, result.lastAt - result.firstAt) / 1000);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export async function benchConsoleE2e(options: Partial<ConsoleE2eOptions> = {}): Promise<BenchFigure[]> {
  const settings = { ...CONSOLE_E2E_DEFAULTS, ...options };
  const docker = new Docker();
  await ensureBusyboxImage(docker);
  const blueprint = {
    id: 'bench-burst',
    name: 'Burst (bench)',
    category: 'test',
    images: { local: BUSYBOX_IMAGE },
    // The sleep keeps the process alive after the burst, so the end of output is not a crash.
    startup: `${burstScript(settings.lines)}; sleep 3600`,
    stop: { type: 'signal', value: 'SIGKILL' },
    done: [],
    startTimeoutSeconds: 10,
    stopGraceSeconds: 2,
    ports: [],
    defaults: { memory: 64, cpu: 100, disk: 64 },
    variables: [],
  };
  const stack = await Stack.start({ label: 'bench-console', blueprints: [blueprint] });
  try {
    const server = await stack.createServer({ name: 'burst', blueprintId: blueprint.id, memory: 64, cpu: 100, disk: 64 });
    await stack.waitForStatus(server.id as string, 'stopped', 60_000);
    const node: number[] = [];
    const relay: number[] = [];
    const direct: number[] = [];
    const readers = [
      async () => node.push(rate(check('node socket', await readThroughConsole(stack, server.id as string, stack.nodeConsoleUrl(), settings, 'node socket'), settings))),
      async () => relay.push(rate(check('relay', await readThroughConsole(stack, server.id as string, stack.relayUrl(server.id as string), settings, 'relay'), settings))),
      async () => direct.push(rate(check('dockerode', await readDirectly(docker, settings), settings))),
    ];
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const reader of round % 2 === 0 ? readers : [...readers].reverse()) await reader();
    }
    const nodeRate = median(node);
    const relayRate = median(relay);
    const directRate = median(direct);
    const label = `a server printing ${settings.lines.toLocaleString('en')} 66-char lines`;
    return [
      figure(`${label}: lines reaching a viewer on the node socket (vs dockerode attach)`, nodeRate, directRate, '≥ 100k lines/s and ≥ 0.8×', nodeRate >= 100_000 && nodeRate / directRate >= 0.8),
      figure(`${label}: through the controller relay vs the node socket`, relayRate, nodeRate, '≥ 0.8×, lossless', relayRate / nodeRate >= 0.8),
    ];
  } finally {
    // Stopped politely first, so a profiler (NODE_OPTIONS=--cpu-prof) can write its file.
    await stack.agent.kill('SIGTERM');
    await stack.controller.stop('SIGTERM');
    await stack.close();
    // Baseline containers are removed as they finish; this catches one left by an interrupted round.
    for (const info of await docker.listContainers({ all: true, filters: { label: [`${LABEL_BENCH}=console-e2e`] } })) {
      await docker.getContainer(info.Id).remove({ force: true }).catch(() => undefined);
    }
  }
}

/** Every line, in order, or the figure is not worth reporting. */
function check(what: string, result: ReadResult, settings: ConsoleE2eOptions): ReadResult {
  if (result.lines !== settings.lines || !result.inOrder) {
    throw new Error(`${what}: ${result.lines} of ${settings.lines} lines${result.inOrder ? '' : ', out of order'}`);
  }
  return result;
}

function figure(name: string, ours: number, baseline: number, goal: string, met: boolean): BenchFigure {
  return { figure: name, ours: Math.round(ours), baseline: Math.round(baseline), ratio: Number((ours / baseline).toFixed(2)), unit: 'lines/s', goal, met };
}
