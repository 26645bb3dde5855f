/** The long-running things a server does; each run of one is a Flow. */
export type FlowKind = 'start' | 'stop' | 'restart' | 'kill' | 'install' | 'crash' | 'restore' | 'destroy';

/**
 * One run of a flow, with its own AbortSignal: the flow checks it after every wait and gives
 * up quietly once it is aborted, leaving the state to whoever took over. A flow may outlive
 * its main work (a start keeps watching for its done line until then), so `running` and
 * `aborted` are separate: the first says whether the main work is still going on.
 */
export class Flow {
  readonly kind: FlowKind;
  readonly #controller = new AbortController();
  #running = true;

  constructor(kind: FlowKind) {
    this.kind = kind;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#controller.signal.aborted;
  }

  get running(): boolean {
    return this.#running;
  }

  abort(): void {
    this.#controller.abort();
  }

  /** The main work is over (what listens on the signal may go on). */
  finish(): void {
    this.#running = false;
  }

  /** Marks the flow finished once `work` settles; returns `work`'s outcome. */
  track<T>(work: Promise<T>): Promise<T> {
    return work.finally(() => this.finish());
  }
}

/**
 * The one cancellation mechanism of a server: at most one current flow, and beginning a new
 * one (a power action, a kill, a crash, a deletion) aborts the one before it through its signal.
 */
export class FlowControl {
  #current: Flow | null = null;

  get current(): Flow | null {
    return this.#current;
  }

  /** Whether a flow of `kind` is current and its main work still going on. */
  isRunning(kind: FlowKind): boolean {
    return this.#current?.kind === kind && this.#current.running;
  }

  begin(kind: FlowKind): Flow {
    this.#current?.abort();
    const flow = new Flow(kind);
    this.#current = flow;
    return flow;
  }

  /** Aborts the current flow without beginning another (agent shutdown, a container that cannot be prepared). */
  abort(): void {
    this.#current?.abort();
    this.#current = null;
  }
}
