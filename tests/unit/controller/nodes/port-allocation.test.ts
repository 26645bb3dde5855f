import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError, type ServerPort } from '../../../../contracts/index.ts';
import { placePorts, type HeldPorts } from '../../../../controller/nodes/port-allocation.ts';
import { portKey } from '../../../../controller/store/node-allocations.ts';
import type { StoredNode, StoredServer } from '../../../../controller/store/document-schema.ts';

/** The held ports of `servers` on `node`, as the store's index answers inside a write. */
function heldOn(node: StoredNode, servers: readonly StoredServer[]): HeldPorts {
  const held = new Map<number, string>();
  for (const server of servers) if (server.nodeId === node.id) for (const p of server.ports) held.set(portKey(p.port, p.protocol), server.id);
  return { holder: (key) => held.get(key), nameOf: (id) => servers.find((s) => s.id === id)?.name ?? id, floor: () => 0 };
}

const NODE = {
  id: 'node_a',
  name: 'node-a',
  consolePort: 5000,
  portRanges: [{ start: 25565, end: 25575 }, { start: 27015, end: 27020 }],
} as StoredNode;

function holding(id: string, ports: ServerPort[], nodeId = NODE.id): StoredServer {
  return { id, name: `server ${id}`, nodeId, ports } as StoredServer;
}

function code(expected: string) {
  return (error: unknown) => error instanceof AppError && error.code === expected;
}

describe('port placement on a node', () => {
  test("the blueprint's own ports when they are in the ranges and free", () => {
    assert.deepEqual(placePorts(NODE, heldOn(NODE, []), { like: [{ port: 27015, protocol: 'udp' }, { port: 27015, protocol: 'tcp' }] }, null), [
      { port: 27015, protocol: 'udp' },
      { port: 27015, protocol: 'tcp' },
    ]);
  });

  test('ports outside every range land in the ranges with their spacing and shared numbers kept', () => {
    // Valheim-like: game port and query port = game port + 1; OpenTTD-like: one number, two protocols.
    assert.deepEqual(placePorts(NODE, heldOn(NODE, []), { like: [{ port: 2456, protocol: 'udp' }, { port: 2457, protocol: 'udp' }] }, null), [
      { port: 25565, protocol: 'udp' },
      { port: 25566, protocol: 'udp' },
    ]);
    assert.deepEqual(placePorts(NODE, heldOn(NODE, [holding('srv_1', [{ port: 25565, protocol: 'tcp' }])]), { like: [{ port: 3979, protocol: 'tcp' }, { port: 3979, protocol: 'udp' }] }, null), [
      { port: 25566, protocol: 'tcp' },
      { port: 25566, protocol: 'udp' },
    ]);
  });

  test('a block that does not fit the rest of one range moves to the next range', () => {
    const full = Array.from({ length: 10 }, (_, i) => holding(`srv_${i}`, [{ port: 25565 + i, protocol: 'udp' }]));
    // 25575 is free but a two-port block starting there would leave the range.
    assert.deepEqual(placePorts(NODE, heldOn(NODE, full), { like: [{ port: 100, protocol: 'udp' }, { port: 101, protocol: 'udp' }] }, null), [
      { port: 27015, protocol: 'udp' },
      { port: 27016, protocol: 'udp' },
    ]);
  });

  test("servers on other nodes hold nothing here; the node's console port is never handed out", () => {
    const node = { ...NODE, consolePort: 25565 };
    const elsewhere = holding('srv_x', [{ port: 25566, protocol: 'tcp' }], 'node_b');
    assert.deepEqual(placePorts(node, heldOn(node, [elsewhere]), { like: [{ port: 25565, protocol: 'tcp' }] }, null), [{ port: 25566, protocol: 'tcp' }]);
    assert.throws(() => placePorts(node, heldOn(node, []), [{ port: 25565, protocol: 'tcp' }], null), (error: unknown) =>
      error instanceof AppError && error.code === 'PORT_IN_USE' && /console/.test(error.message) && error.details.serverId === null);
  });

  test('full ranges are NO_FREE_PORTS, naming the ranges; named ports outside the ranges are the admin\'s choice', () => {
    const node = { ...NODE, portRanges: [{ start: 30000, end: 30001 }] };
    const servers = [holding('srv_1', [{ port: 30000, protocol: 'tcp' }]), holding('srv_2', [{ port: 30001, protocol: 'tcp' }])];
    assert.throws(() => placePorts(node, heldOn(node, servers), { like: [{ port: 30000, protocol: 'tcp' }] }, null), (error: unknown) =>
      error instanceof AppError && error.code === 'NO_FREE_PORTS' && error.message.includes('30000-30001'));
    assert.deepEqual(placePorts(node, heldOn(node, servers), [{ port: 40000, protocol: 'tcp' }], null), [{ port: 40000, protocol: 'tcp' }]);
  });

  test('a named port held elsewhere names its holder; the server being changed does not conflict with itself', () => {
    const servers = [holding('srv_1', [{ port: 25570, protocol: 'udp' }])];
    assert.throws(() => placePorts(NODE, heldOn(NODE, servers), [{ port: 25571, protocol: 'udp' }, { port: 25570, protocol: 'udp' }], null), (error: unknown) =>
      error instanceof AppError && error.code === 'PORT_IN_USE' && error.details.port === 25570 && error.details.serverId === 'srv_1' &&
      error.details.field === 'ports.1.port' && error.message.includes('server srv_1'));
    assert.deepEqual(placePorts(NODE, heldOn(NODE, servers), [{ port: 25570, protocol: 'udp' }], 'srv_1'), [{ port: 25570, protocol: 'udp' }]);
  });

  test('the same port twice in one request is a validation error on that field', () => {
    assert.throws(() => placePorts(NODE, heldOn(NODE, []), [{ port: 25570, protocol: 'udp' }, { port: 25570, protocol: 'udp' }], null), code('VALIDATION_ERROR'));
  });
});
