import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { AppError } from '../../../../contracts/index.ts';
import { AgentConnection } from '../../../../controller/agents/agent-connection.ts';

/** Just enough of a ws socket: what the controller sends is recorded, what the agent says is emitted. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: Record<string, unknown>[] = [];
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {}
  terminate(): void {}
  /** The agent answers the last request with `data`. */
  answerLast(data: unknown): void {
    const request = this.sent.at(-1) as { id: string };
    this.emit('message', Buffer.from(JSON.stringify({ type: 'response', id: request.id, ok: true, data })), false);
  }
}

function connect() {
  const socket = new FakeSocket();
  return { socket, connection: new AgentConnection('node_a', socket as unknown as WebSocket) };
}

test('a request goes out as the table says, and a reply that fits its schema comes back typed', async () => {
  const { socket, connection } = connect();
  const pending = connection.request('server.power', { serverId: 'srv_a', action: 'start' }, 1000);
  assert.deepEqual((socket.sent[0] as { request: unknown }).request, { method: 'server.power', params: { serverId: 'srv_a', action: 'start' } });
  socket.answerLast({ status: 'starting' });
  const reply = await pending;
  assert.equal(reply.status satisfies string, 'starting');
});

test('a reply that does not fit its method’s schema is the agent’s failure, not a crash or a wrong value', async () => {
  const { socket, connection } = connect();
  for (const [method, params, data] of [
    ['server.power', { serverId: 'srv_a', action: 'stop' }, { status: 'flying' }],
    ['server.describe', { serverId: 'srv_a' }, null],
    ['server.delete', { serverId: 'srv_a' }, { deleted: true }],
  ] as const) {
    const pending = connection.request(method, params as never, 1000);
    socket.answerLast(data);
    await assert.rejects(pending, (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'AGENT_ERROR');
      assert.match(error.message, new RegExp(`agent failed: its answer to ${method.replace('.', '\\.')} is not valid`));
      return true;
    });
  }
});
