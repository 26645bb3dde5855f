import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node } from '../../../contracts/index.ts';
import { nodeAdvice } from '../../../renderer/features/nodes/node-advice.ts';
import { EMPTY_NODE_FORM, checkNodeForm, createNodeBody, nodeChanges, nodeFormFrom } from '../../../renderer/features/nodes/node-form.ts';

const node: Node = {
  id: 'node_abcdefgh',
  name: 'edge-01',
  host: '10.0.0.5',
  consolePort: 5000,
  consoleTls: false,
  hostNetwork: false,
  bindAddress: '0.0.0.0',
  portRanges: [{ start: 25565, end: 25665 }, { start: 27015, end: 27115 }],
  networkModes: { host: true, bridge: true },
  networkProblem: null,
  exposure: 'Published ports: …',
  portsInUse: 2,
  status: 'online',
  lastSeenAt: null,
  agentVersion: '0.1.0',
  docker: { available: true, version: '27.0', reason: null },
  capacity: { memory: 8192, disk: 51200, cpu: 400 },
  allocated: { memory: 2048, disk: 1024, cpu: 150 },
  servers: 2,
  hasToken: true,
  local: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const valid = { ...EMPTY_NODE_FORM, name: 'edge-02', host: 'edge-02.lan', memory: '4096', disk: '20480', cpu: '200' };

describe('node form', () => {
  test('a new node starts with console port 5000, no TLS, published ports', () => {
    assert.equal(EMPTY_NODE_FORM.consolePort, '5000');
    assert.equal(EMPTY_NODE_FORM.consoleTls, false);
    assert.equal(EMPTY_NODE_FORM.hostNetwork, false);
  });

  test('a filled form passes and becomes the API body with numbers', () => {
    assert.deepEqual(checkNodeForm(valid), {});
    assert.deepEqual(createNodeBody({ ...valid, name: '  edge-02 ', consoleTls: true }), {
      name: 'edge-02', host: 'edge-02.lan', consolePort: 5000, consoleTls: true, memory: 4096, disk: 20480, cpu: 200, hostNetwork: false,
      bindAddress: '0.0.0.0', portRanges: [{ start: 25565, end: 25665 }, { start: 27015, end: 27115 }],
    });
  });

  test('every field says what is wrong with it', () => {
    const errors = checkNodeForm({ ...EMPTY_NODE_FORM, host: 'bad host!', consolePort: '70000', memory: '1.5', disk: '0' });
    assert.deepEqual(Object.keys(errors).sort(), ['consolePort', 'cpu', 'disk', 'host', 'memory', 'name']);
    assert.equal(errors.host, 'Must be a hostname or an IP address');
    assert.equal(errors.consolePort, 'Must be at most 65535');
    assert.equal(errors.memory, 'Must be a whole number');
    assert.equal(errors.disk, 'Must be at least 1');
  });

  test('IPv6 literals and bracketed addresses are hosts too, as the API allows', () => {
    assert.deepEqual(checkNodeForm({ ...valid, host: '[fe80::1]' }), {});
    assert.deepEqual(checkNodeForm({ ...valid, host: '192.168.1.20' }), {});
  });

  test('editing: capacity below what the servers hold is refused before the API refuses it', () => {
    const errors = checkNodeForm({ ...nodeFormFrom(node), memory: '1024', cpu: '100' }, node.allocated);
    assert.equal(errors.memory, 'Its servers hold 2048 MiB; offer at least that');
    assert.equal(errors.cpu, 'Its servers hold 150%; offer at least that');
    assert.equal(errors.disk, undefined);
    assert.deepEqual(checkNodeForm({ ...nodeFormFrom(node), memory: '2048' }, node.allocated), {}, 'exactly the allocation is fine');
  });

  test('an edit sends only what changed', () => {
    assert.deepEqual(nodeChanges(node, nodeFormFrom(node)), {});
    assert.deepEqual(nodeChanges(node, { ...nodeFormFrom(node), name: 'edge-one ', memory: '16384', hostNetwork: true }), { name: 'edge-one', memory: 16384, hostNetwork: true });
    assert.deepEqual(nodeChanges(node, { ...nodeFormFrom(node), bindAddress: ' 10.0.0.5', portRanges: '30000 - 30099, 31000' }), {
      bindAddress: '10.0.0.5', portRanges: [{ start: 30000, end: 30099 }, { start: 31000, end: 31000 }],
    });
  });

  test('the ranges are shown as typed and come back as they were; a bad bind address or range is named', () => {
    assert.equal(nodeFormFrom(node).portRanges, '25565-25665, 27015-27115');
    assert.deepEqual(nodeChanges(node, { ...nodeFormFrom(node), portRanges: '25565-25665,27015-27115' }), {}, 'spacing is no change');
    const errors = checkNodeForm({ ...valid, bindAddress: 'all of them', portRanges: '30000-29000' });
    assert.deepEqual(Object.keys(errors).sort(), ['bindAddress', 'portRanges']);
    assert.match(errors.portRanges!, /ends before it starts/);
    assert.deepEqual(checkNodeForm({ ...valid, bindAddress: '::1', portRanges: '' }), {});
  });
});

describe('what a node needs next', () => {
  test('a healthy node needs nothing', () => {
    assert.equal(nodeAdvice(node), null);
  });

  test('a pending node without a token: issue one, then run its command', () => {
    const advice = nodeAdvice({ ...node, status: 'pending', hasToken: false, docker: null });
    assert.equal(advice?.action, 'issue-token');
    assert.match(advice!.title, /issue a token/i);
  });

  test('a pending node with a token: run the command; a new token is the way back from a lost one', () => {
    const advice = nodeAdvice({ ...node, status: 'pending', hasToken: true, docker: null });
    assert.equal(advice?.action, 'issue-token');
    assert.match(advice!.text, /run its command/);
  });

  test('the local node is never sent to issue a token: its agent is built in', () => {
    assert.equal(nodeAdvice({ ...node, local: true, status: 'pending' })?.action, undefined);
    assert.equal(nodeAdvice({ ...node, local: true, status: 'offline' })?.action, undefined);
  });

  test('Docker down on this machine: the reason, then how to install and start it', () => {
    const advice = nodeAdvice({ ...node, local: true, docker: { available: false, version: null, reason: 'Cannot connect to /var/run/docker.sock' } });
    assert.equal(advice?.tone, 'error');
    assert.match(advice!.title, /this machine/);
    assert.match(advice!.text, /docker\.sock/);
    assert.deepEqual(advice!.commands, ['sudo apt-get install docker.io', 'sudo systemctl enable --now docker']);
    assert.match(advice!.text, /docker\.sock\. Install/, 'the reason ends as a sentence');
  });

  test('a node whose Docker lacks its network mode says what is wrong and where to change it', () => {
    const advice = nodeAdvice({ ...node, networkProblem: 'Node edge-01 publishes game ports through Docker\'s bridge network, but its Docker engine has none' });
    assert.equal(advice?.tone, 'error');
    assert.match(advice!.text, /bridge network, but its Docker engine has none\. New servers and starts are refused/);
  });

  test('Docker refusing the socket (EACCES) is a permission to grant, not an install', () => {
    const advice = nodeAdvice({ ...node, docker: { available: false, version: null, reason: 'connect EACCES /var/run/docker.sock' } });
    assert.match(advice!.title, /refuses StellarStack on edge-01/);
    assert.deepEqual(advice!.commands, ['sudo usermod -aG docker $USER']);
  });
});
