import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import {
  AGENT_MAX_FRAME,
  ControllerFrameSchema,
  type AgentEvent,
  type AgentFrame,
  type AgentRequest,
  type ControllerFrame,
  type DockerStatus,
  type NetworkModes,
  type Hello,
  type HostMetrics,
} from '../../contracts/index.ts';
import { AGENT_LINK_CLOSE } from '../../contracts/agent-link-close.ts';
import { toAgentError } from '../agent-error.ts';
import { Backoff } from './backoff.ts';

export type Welcome = Extract<ControllerFrame, { type: 'welcome' }>;
type RelayFrame = Extract<ControllerFrame, { type: 'relay_open' | 'relay_frame' | 'relay_close' }>;

export interface ControllerLinkOptions {
  /** http(s)://host:port of the controller. */
  controllerUrl: string;
  token: string;
  hello: () => Promise<Omit<Hello, 'type'>>;
  heartbeat: () => Promise<{ metrics: HostMetrics; docker: DockerStatus; networkModes?: NetworkModes | null }>;
  onWelcome: (welcome: Welcome) => Promise<void> | void;
  onRequest: (request: AgentRequest) => Promise<unknown>;
  onRelay: (frame: RelayFrame) => void;
  log: (message: string) => void;
  backoff?: { initialMs: number; maxMs: number };
}

export interface ControllerLinkEvents {
  connected: [welcome: Welcome];
  disconnected: [];
}

/** Close codes from the controller that mean "retrying soon will not help". */
const REFUSALS: Record<number, string> = {
  [AGENT_LINK_CLOSE.replaced]: 'another agent connected with this node token',
  [AGENT_LINK_CLOSE.tokenRevoked]: 'the node token was revoked: issue a new one with POST /admin/nodes/:id/token',
  [AGENT_LINK_CLOSE.nodeDeleted]: 'the node was deleted on the controller',
};

/**
 * The agent's outbound link to the controller (outbound only, so a node behind NAT works):
 * says hello, sends heartbeats with host metrics, answers requests, and reconnects with
 * backoff and jitter after anything goes wrong, forever, until stop().
 */
export class ControllerLink extends EventEmitter<ControllerLinkEvents> {
  #socket: WebSocket | null = null;
  #heartbeatTimer: NodeJS.Timeout | null = null;
  #reconnectTimer: NodeJS.Timeout | null = null;
  readonly #backoff: Backoff;
  #stopped = false;
  #welcomed = false;
  /** The last connection error logged, so a streak of identical failures is logged once. */
  #lastError: string | null = null;

  readonly #options: ControllerLinkOptions;

  constructor(options: ControllerLinkOptions) {
    super();
    this.#options = options;
    this.#backoff = new Backoff(options.backoff?.initialMs ?? 500, options.backoff?.maxMs ?? 30_000);
  }

  get connected(): boolean {
    return this.#welcomed && this.#socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#socket?.close(1000, 'agent stopping');
    this.#socket?.terminate();
  }

  sendEvent(payload: AgentEvent): void {
    this.send({ type: 'event', payload });
  }

  send(frame: AgentFrame): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  #connect(): void {
    const url = new URL('/api/v1/agent', this.#options.controllerUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, {
      headers: { Authorization: `Bearer ${this.#options.token}` },
      maxPayload: AGENT_MAX_FRAME,
      handshakeTimeout: 10_000,
    });
    this.#socket = socket;
    let delayOverride: number | null = null;

    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      if (status === 401 || status === 403) {
        this.#options.log(`controller refused the node token (${status}): issue a new one with POST /admin/nodes/:id/token`);
        delayOverride = this.#backoff.longest();
      } else if (status === 429) {
        const retryAfter = Number(response.headers['retry-after']);
        this.#options.log('controller is rate-limiting this node; waiting');
        delayOverride = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : this.#backoff.longest();
      } else {
        this.#options.log(`controller answered the agent link with HTTP ${status}`);
      }
      response.resume();
      socket.terminate();
    });
    socket.on('open', () => {
      this.#options.hello().then(
        (hello) => this.send({ type: 'hello', ...hello }),
        (error: unknown) => this.#options.log(`could not describe this host: ${(error as Error).message}`),
      );
    });
    socket.on('message', (raw, isBinary) => this.#receive(raw as Buffer, isBinary));
    socket.on('close', (code, reason) => {
      if (REFUSALS[code]) {
        this.#options.log(`controller closed the link: ${REFUSALS[code]}`);
        delayOverride = this.#backoff.longest();
      }
      this.#disconnected(delayOverride, reason.toString());
    });
    socket.on('error', (error) => {
      if (this.#stopped) return;
      // A controller that is down (or a wrong URL) is said once per outage, not on every retry.
      const message = `cannot reach the controller at ${this.#options.controllerUrl}: ${error.message}; retrying`;
      if (message !== this.#lastError) this.#options.log(message);
      this.#lastError = message;
    });
  }

  #disconnected(delayOverride: number | null, _reason: string): void {
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
    const wasWelcomed = this.#welcomed;
    this.#welcomed = false;
    this.#socket = null;
    if (wasWelcomed) this.emit('disconnected');
    if (this.#stopped) return;
    const delay = delayOverride ?? this.#backoff.next();
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  #receive(raw: Buffer, isBinary: boolean): void {
    let json: unknown;
    try {
      json = isBinary ? undefined : JSON.parse(raw.toString('utf8'));
    } catch {
      json = undefined;
    }
    const parsed = ControllerFrameSchema.safeParse(json);
    if (!parsed.success) {
      this.send({ type: 'error', error: { code: 'VALIDATION_ERROR', message: 'Unknown or malformed frame', details: {} } });
      return;
    }
    const frame = parsed.data;
    switch (frame.type) {
      case 'welcome':
        void this.#welcome(frame);
        return;
      case 'request':
        void this.#answer(frame.id, frame.request);
        return;
      case 'relay_open':
      case 'relay_frame':
      case 'relay_close':
        this.#options.onRelay(frame);
        return;
      case 'response':
      case 'error':
        return;
    }
  }

  async #welcome(welcome: Welcome): Promise<void> {
    this.#welcomed = true;
    this.#lastError = null;
    this.#backoff.reset();
    try {
      await this.#options.onWelcome(welcome);
    } catch (error) {
      this.#options.log(`could not apply the controller's server list: ${(error as Error).message}`);
    }
    this.emit('connected', welcome);
    const beat = () => {
      this.#options.heartbeat().then(
        ({ metrics, docker, networkModes }) => this.send({ type: 'heartbeat', metrics, docker, networkModes: networkModes ?? null }),
        (error: unknown) => this.#options.log(`could not sample host metrics: ${(error as Error).message}`),
      );
    };
    beat();
    if (this.#heartbeatTimer) clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = setInterval(beat, welcome.heartbeatIntervalSeconds * 1000);
  }

  async #answer(id: string, request: AgentRequest): Promise<void> {
    try {
      const data = await this.#options.onRequest(request);
      this.send({ type: 'response', id, ok: true, data: data ?? null });
    } catch (error) {
      const refusal = toAgentError(error, `handle ${request.method}`);
      if (refusal.code === 'INTERNAL_ERROR') this.#options.log(`${request.method} failed: ${(error as Error).stack ?? String(error)}`);
      this.send({ type: 'response', id, ok: false, error: refusal.toBody() });
    }
  }
}
