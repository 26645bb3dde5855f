import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import {
  AGENT_MAX_FRAME,
  AGENT_REQUESTS,
  AgentFrameSchema,
  AppError,
  ERROR_STATUS,
  type AgentEvent,
  type AgentFrame,
  type AgentMethod,
  type AgentParams,
  type AgentReply,
  type AgentRequest,
  type ControllerFrame,
  type ErrorCode,
  type Hello,
  type HostMetrics,
  type DockerStatus,
  type NetworkModes,
  type ServerConsoleFrame,
} from '../../contracts/index.ts';
import { randomBase62 } from '../security/ids.ts';

export interface AgentConnectionEvents {
  hello: [hello: Hello];
  heartbeat: [metrics: HostMetrics, docker: DockerStatus, networkModes: NetworkModes | null];
  event: [event: AgentEvent];
  relay: [sessionId: string, frame: ServerConsoleFrame];
  relayClosed: [sessionId: string];
  close: [];
}

interface Pending {
  resolve: (data: unknown) => void;
  reject: (error: AppError) => void;
  timer: NodeJS.Timeout;
}

/**
 * One agent's link as the controller sees it: parses and validates every inbound frame,
 * answers garbage with an error frame instead of dying, and matches responses to requests.
 */
export class AgentConnection extends EventEmitter<AgentConnectionEvents> {
  readonly #pending = new Map<string, Pending>();
  hello: Hello | null = null;
  lastFrameAt = Date.now();

  readonly #socket: WebSocket;

  constructor(readonly nodeId: string, socket: WebSocket) {
    super();
    this.#socket = socket;
    socket.on('message', (raw, isBinary) => this.#receive(raw as Buffer, isBinary));
    socket.on('close', () => this.#closed());
    socket.on('error', () => socket.terminate());
  }

  send(frame: ControllerFrame): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  /**
   * Sends a request and resolves with the agent's answer, checked against the method's reply
   * schema: an answer that does not fit is the agent's failure, not ours. A timeout or a lost
   * link rejects with a clear code.
   */
  request<M extends AgentMethod>(method: M, params: AgentParams<M>, timeoutMs: number): Promise<AgentReply<M>> {
    const id = randomBase62(16);
    const replySchema = AGENT_REQUESTS[method].reply;
    return new Promise<AgentReply<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new AppError('AGENT_TIMEOUT', `The node's agent did not answer ${method} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const accept = (data: unknown): void => {
        const reply = replySchema.safeParse(data);
        if (reply.success) resolve(reply.data as AgentReply<M>);
        else reject(new AppError('AGENT_ERROR', `The node's agent failed: its answer to ${method} is not valid (${reply.error.issues[0]?.message ?? 'invalid'})`));
      };
      this.#pending.set(id, { resolve: accept, reject, timer });
      // A union's method and params cannot be paired by TypeScript on its own; the signature does it.
      this.send({ type: 'request', id, timeoutMs, request: { method, params } as AgentRequest });
    });
  }

  close(code: number, reason: string): void {
    this.#socket.close(code, reason);
    // A peer that ignores the close handshake is cut off anyway.
    setTimeout(() => this.#socket.terminate(), 2000).unref();
  }

  #receive(raw: Buffer, isBinary: boolean): void {
    this.lastFrameAt = Date.now();
    if (isBinary || raw.length > AGENT_MAX_FRAME) return this.#reject('BAD_REQUEST', 'Frames must be JSON text under the size cap');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.#reject('INVALID_JSON', 'Frame is not valid JSON');
    }
    const parsed = AgentFrameSchema.safeParse(json);
    if (!parsed.success) return this.#reject('VALIDATION_ERROR', `Unknown or malformed frame: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    this.#dispatch(parsed.data);
  }

  #dispatch(frame: AgentFrame): void {
    switch (frame.type) {
      case 'hello':
        this.hello = frame;
        this.emit('hello', frame);
        return;
      case 'heartbeat':
        this.emit('heartbeat', frame.metrics, frame.docker, frame.networkModes);
        return;
      case 'event':
        this.emit('event', frame.payload);
        return;
      case 'relay_frame':
        this.emit('relay', frame.sessionId, frame.frame);
        return;
      case 'relay_closed':
        this.emit('relayClosed', frame.sessionId);
        return;
      case 'response': {
        const pending = this.#pending.get(frame.id);
        if (!pending) return;
        this.#pending.delete(frame.id);
        clearTimeout(pending.timer);
        if (frame.ok) pending.resolve(frame.data);
        else pending.reject(agentError(frame.error.code, frame.error.message, frame.error.details));
        return;
      }
      case 'error':
        // The agent could not read something we sent: a bug on one side, never a reason to drop the link.
        return;
    }
  }

  #reject(code: ErrorCode, message: string): void {
    this.send({ type: 'error', error: { code, message, details: {} } });
  }

  #closed(): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new AppError('NODE_OFFLINE', 'The node went offline before answering'));
      this.#pending.delete(id);
    }
    this.emit('close');
  }
}

/** Rebuilds an agent's error as ours; a code we do not know is an internal failure on the node. */
function agentError(code: string, message: string, details: Record<string, unknown>): AppError {
  if (code in ERROR_STATUS) return new AppError(code as ErrorCode, message, details);
  return new AppError('INTERNAL_ERROR', `The node's agent failed: ${message}`);
}
