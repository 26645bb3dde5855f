import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, NodeStats, Server, ServerResources } from '../../../contracts/index.ts';
import { EMPTY_LIVE_DATA, reduceLiveData, type LiveData } from '../../../renderer/store/live-reducer.ts';

function server(id: string, extra: Partial<Server> = {}): Server {
  return {
    id, name: id, description: '', nodeId: 'node_a', blueprintId: 'echo-test', ownerId: 'usr_a', image: 'img',
    memory: 64, cpu: 50, disk: 64, swap: 0, ports: [], variables: {}, restartPolicy: { enabled: false, maxRetries: 3 },
    status: 'stopped', statusReason: null, nodeName: 'node a', address: null, nodeOnline: true, resources: null,
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...extra,
  };
}

function node(id: string): Node {
  return {
    id, name: id, host: '127.0.0.1', consolePort: 5000, consoleTls: false, hostNetwork: true, status: 'online', lastSeenAt: null,
    agentVersion: '0.1.0', docker: null, capacity: { memory: 1, disk: 1, cpu: 1 }, allocated: { memory: 0, disk: 0, cpu: 0 },
    servers: 0, hasToken: true, local: false, createdAt: '2026-01-01T00:00:00.000Z',
    bindAddress: '0.0.0.0', portRanges: [], networkModes: null, networkProblem: null, exposure: '', portsInUse: 0,
  };
}

const sample: ServerResources = { cpu: 12, memory: 1000, memoryLimit: 2000, disk: 10, networkRx: 1, networkTx: 2, uptime: 5, players: { online: 3, max: 20 } };
const stats = (nodeId: string): NodeStats => ({ nodeId, online: true, sampledAt: null, metrics: null });

function snapshot(servers: Server[], nodes: Node[] = [], nodeStats: NodeStats[] = []): LiveData {
  return reduceLiveData(EMPTY_LIVE_DATA, { type: 'snapshot', data: { servers, nodes, nodeStats } });
}

describe('live data reducer (the event stream as the UI understands it)', () => {
  test('nothing is loaded before the first snapshot; the snapshot replaces everything', () => {
    assert.equal(EMPTY_LIVE_DATA.loaded, false);
    const first = snapshot([server('srv_1'), server('srv_2')], [node('node_a')]);
    assert.equal(first.loaded, true);
    assert.deepEqual(Object.keys(first.servers).sort(), ['srv_1', 'srv_2']);
    const second = reduceLiveData(first, { type: 'snapshot', data: { servers: [server('srv_3')], nodes: [], nodeStats: [] } });
    assert.deepEqual(Object.keys(second.servers), ['srv_3'], 'a reconnect snapshot drops servers deleted while away');
    assert.deepEqual(second.nodes, {});
  });

  test('server_notice keeps the latest progress and the latest disk notice per server, for known servers only', () => {
    const at = '2026-01-01T00:00:00.000Z';
    let state = snapshot([server('srv_1')]);
    const pull = { serverId: 'srv_1', kind: 'pull', level: 'info', message: 'Pulling image', progress: 0.4, done: false, at } as const;
    const install = { ...pull, kind: 'install', message: 'Running the install script', progress: null } as const;
    const disk = { ...pull, kind: 'disk', level: 'warning', message: '92 %', progress: 0.92 } as const;
    state = reduceLiveData(state, { type: 'server_notice', data: pull });
    state = reduceLiveData(state, { type: 'server_notice', data: disk });
    state = reduceLiveData(state, { type: 'server_notice', data: install });
    assert.deepEqual(state.notices.srv_1, { progress: install, disk });
    assert.equal(reduceLiveData(state, { type: 'server_notice', data: { ...pull, serverId: 'srv_other' } }), state, 'unknown servers are ignored');
    assert.equal(reduceLiveData(state, { type: 'server_deleted', data: { id: 'srv_1' } }).notices.srv_1, undefined);
    assert.deepEqual(snapshot([server('srv_1')]).notices, {}, 'a new snapshot starts without old notices');
  });

  test('a server frame adds or replaces the record; server_deleted removes it', () => {
    let state = snapshot([server('srv_1')]);
    state = reduceLiveData(state, { type: 'server', data: server('srv_1', { status: 'running' }) });
    assert.equal(state.servers.srv_1?.status, 'running');
    state = reduceLiveData(state, { type: 'server', data: server('srv_2') });
    assert.deepEqual(Object.keys(state.servers).sort(), ['srv_1', 'srv_2']);
    state = reduceLiveData(state, { type: 'server_deleted', data: { id: 'srv_1' } });
    assert.deepEqual(Object.keys(state.servers), ['srv_2']);
  });

  test('a resources frame updates only the servers it names, and only those that exist', () => {
    const state = snapshot([server('srv_1'), server('srv_2')]);
    const next = reduceLiveData(state, { type: 'resources', data: { srv_1: sample, srv_gone: sample } });
    assert.deepEqual(next.servers.srv_1?.resources, sample);
    assert.equal(next.servers.srv_2, state.servers.srv_2, 'an untouched server keeps its identity, so its row does not re-render');
    assert.equal(next.servers.srv_gone, undefined);
    const cleared = reduceLiveData(next, { type: 'resources', data: { srv_1: null } });
    assert.equal(cleared.servers.srv_1?.resources, null);
  });

  test('a resources frame about no known server changes nothing at all', () => {
    const state = snapshot([server('srv_1')]);
    assert.equal(reduceLiveData(state, { type: 'resources', data: { srv_other: sample } }), state);
  });

  test('node frames and node stats; deleting a node drops its stats too', () => {
    let state = snapshot([], [node('node_a')]);
    state = reduceLiveData(state, { type: 'node', data: { ...node('node_b'), status: 'pending' } });
    state = reduceLiveData(state, { type: 'node_stats', data: stats('node_b') });
    assert.equal(state.nodes.node_b?.status, 'pending');
    assert.ok(state.nodeStats.node_b);
    state = reduceLiveData(state, { type: 'node_deleted', data: { id: 'node_b' } });
    assert.equal(state.nodes.node_b, undefined);
    assert.equal(state.nodeStats.node_b, undefined);
  });

  test('a snapshot brings each node\'s latest sample, replacing what a reconnect left behind', () => {
    let state = snapshot([], [node('node_a'), node('node_b')], [stats('node_a')]);
    assert.deepEqual(Object.keys(state.nodeStats), ['node_a'], 'health shows before the next heartbeat');
    state = reduceLiveData(state, { type: 'node_stats', data: stats('node_b') });
    state = reduceLiveData(state, { type: 'snapshot', data: { servers: [], nodes: [node('node_b')], nodeStats: [stats('node_b')] } });
    assert.deepEqual(Object.keys(state.nodeStats), ['node_b']);
  });

  test('signed_out empties everything', () => {
    const state = snapshot([server('srv_1')], [node('node_a')]);
    assert.deepEqual(reduceLiveData(state, { type: 'signed_out', data: { reason: 'revoked' } }), EMPTY_LIVE_DATA);
  });
});
