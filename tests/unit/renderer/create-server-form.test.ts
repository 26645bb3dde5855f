import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildCreateBody,
  checkCreateForm,
  humanAmount,
  initialCreateForm,
  placeApiError,
  switchBlueprint,
} from '../../../renderer/features/create/create-server-form.ts';
import { capacityLeft, describeNodeOption, exceeded, preferredNodeId } from '../../../renderer/features/create/node-capacity.ts';
import { blueprint } from './blueprint-fixtures.ts';

const echo = blueprint();
const twoImages = blueprint({
  id: 'minecraft-java',
  images: { 'Java 21': 'ghcr.io/x/java:21', 'Java 17': 'ghcr.io/x/java:17' },
  defaults: { memory: 2048, cpu: 200, disk: 10240 },
  variables: [
    { env: 'MAX_PLAYERS', name: 'Max players', description: '', default: '20', userEditable: true, rules: { required: true, type: 'integer', min: 1, max: 100 } },
  ],
});

function node(overrides: { name?: string; status?: 'online' | 'offline' | 'pending'; id?: string } = {}) {
  return {
    id: overrides.id ?? 'node_1',
    name: overrides.name ?? 'node-1',
    status: overrides.status ?? 'online',
    capacity: { memory: 16384, cpu: 800, disk: 204800 },
    allocated: { memory: 3584, cpu: 100, disk: 20480 },
  };
}

describe('create-server form', () => {
  test('starts from the blueprint defaults and the chosen node', () => {
    const state = initialCreateForm(twoImages, 'node_1');
    assert.equal(state.memory, '2048');
    assert.equal(state.cpu, '200');
    assert.equal(state.disk, '10240');
    assert.equal(state.swap, '0');
    assert.equal(state.image, 'ghcr.io/x/java:21');
    assert.deepEqual(state.variables, { MAX_PLAYERS: '20' });
    assert.equal(state.nodeId, 'node_1');
    assert.equal(state.ownerId, '');
  });

  test('switching game keeps the name, node and owner, and takes the new defaults', () => {
    const typed = { ...initialCreateForm(twoImages, 'node_1'), name: 'Friends', ownerId: 'usr_1', memory: '4096' };
    const switched = switchBlueprint(typed, echo);
    assert.equal(switched.name, 'Friends');
    assert.equal(switched.ownerId, 'usr_1');
    assert.equal(switched.memory, '64');
    assert.deepEqual(switched.variables, { GREETING: 'hello' });
  });

  test('checks name, resources and variables before asking the API', () => {
    const state = { ...initialCreateForm(echo, ''), name: '  ', memory: '8', cpu: '1.5', disk: '', swap: '-2', variables: { GREETING: 'x'.repeat(21) } };
    assert.deepEqual(checkCreateForm(state, echo), {
      name: 'Enter a name',
      nodeId: 'Choose a node',
      memory: 'Must be at least 16',
      cpu: 'Must be a whole number',
      disk: 'Enter the disk size in MiB',
      swap: 'Must be at least -1',
      'variables.GREETING': 'Must be at most 20 characters long',
    });
    assert.deepEqual(checkCreateForm({ ...initialCreateForm(echo, 'node_1'), name: 'ok' }, echo), {});
    assert.equal(checkCreateForm({ ...initialCreateForm(echo, 'node_1'), name: 'x'.repeat(101) }, echo).name, 'Use at most 100 characters');
    assert.equal(checkCreateForm({ ...initialCreateForm(echo, 'node_1'), name: 'ok', variables: { GREETING: '' } }, echo)['variables.GREETING'], 'Required');
    assert.equal(checkCreateForm({ ...initialCreateForm(echo, 'node_1'), name: 'ok', cpu: '6401' }, echo).cpu, 'Must be at most 6400');
  });

  test('builds the POST /servers body with numbers, the blueprint variables and the restart policy', () => {
    const state = { ...initialCreateForm(echo, 'node_1'), name: ' Echo Four ', variables: { GREETING: 'hi', STALE: 'from another game' } };
    assert.deepEqual(buildCreateBody(state, echo), {
      name: 'Echo Four',
      nodeId: 'node_1',
      blueprintId: 'echo-test',
      memory: 64,
      cpu: 50,
      disk: 64,
      swap: 0,
      variables: { GREETING: 'hi' },
      restartPolicy: { enabled: false, maxRetries: 3 },
    });
  });

  test('names the image only when there is a choice, the owner only when it is not me', () => {
    const state = { ...initialCreateForm(twoImages, 'node_1'), name: 'MC', image: 'ghcr.io/x/java:17', ownerId: 'usr_2', description: 'for friends', restartOnCrash: true, swap: '-1' };
    const body = buildCreateBody(state, twoImages);
    assert.equal(body.image, 'ghcr.io/x/java:17');
    assert.equal(body.ownerId, 'usr_2');
    assert.equal(body.description, 'for friends');
    assert.equal(body.swap, -1);
    assert.deepEqual(body.restartPolicy, { enabled: true, maxRetries: 3 });
    assert.equal('image' in buildCreateBody({ ...initialCreateForm(echo, 'n'), name: 'x' }, echo), false);
    assert.equal('ownerId' in buildCreateBody({ ...initialCreateForm(echo, 'n'), name: 'x' }, echo), false);
  });

  test('shows amounts in words', () => {
    assert.equal(humanAmount('memory', '2048'), '= 2 GiB');
    assert.equal(humanAmount('cpu', '100'), '= 1 core');
    assert.equal(humanAmount('cpu', '250'), '= 2.5 cores');
    assert.equal(humanAmount('disk', 'abc'), '');
    assert.equal(humanAmount('swap', '0'), 'off');
    assert.equal(humanAmount('swap', '-1'), 'unlimited');
    assert.equal(humanAmount('swap', '512'), '= 512 MiB');
  });
});

describe('where API errors show on the create form', () => {
  test('422 details sit under their fields; variables by env', () => {
    const placed = placeApiError({
      code: 'VALIDATION_ERROR',
      message: 'Some variables are not valid for this blueprint',
      details: { 'variables.GREETING': 'must be at most 20 characters long', memory: 'too small', nodeId: 'no such node', ownerId: 'no such user', 'restartPolicy.maxRetries': 'too big' },
    }, echo);
    assert.deepEqual(placed.fields, {
      'variables.GREETING': 'Must be at most 20 characters long',
      memory: 'Too small',
      nodeId: 'No such node',
      ownerId: 'No such user',
      restartPolicy: 'Too big',
    });
    assert.equal(placed.banner, null);
  });

  test('422 details without a field go to the banner with their key; a port detail sits under Ports', () => {
    const placed = placeApiError({ code: 'VALIDATION_ERROR', message: 'The request body is invalid', details: { 'ports.0.port': 'too big', 'variables.NOPE': 'is not a variable of this blueprint', name: 'too long' } }, echo);
    assert.deepEqual(placed.fields, { name: 'Too long', ports: 'Too big' });
    assert.equal(placed.banner, 'The request body is invalid: variables.NOPE: is not a variable of this blueprint');
  });

  test('ports: empty asks for automatic ones, typed ones are sent; a held port or full ranges sit under Ports', () => {
    const state = { ...initialCreateForm(echo, 'node_1'), name: 'x' };
    assert.equal(buildCreateBody(state, echo).ports, undefined);
    assert.deepEqual(buildCreateBody({ ...state, ports: '27015/udp, 27016' }, echo).ports, [{ port: 27015, protocol: 'udp' }, { port: 27016, protocol: 'tcp' }]);
    assert.match(checkCreateForm({ ...state, ports: '27015/udp 27015/udp' }, echo).ports ?? '', /listed twice/);
    assert.deepEqual(placeApiError({ code: 'PORT_IN_USE', message: 'Port 27015/udp on node n is already used by server "a" (srv_1)', details: { port: 27015 } }, echo), {
      fields: { ports: 'Port 27015/udp on node n is already used by server "a" (srv_1)' }, banner: null,
    });
  });

  test('a 422 without details is a banner', () => {
    assert.deepEqual(placeApiError({ code: 'VALIDATION_ERROR', message: 'Bad', details: {} }, echo), { fields: {}, banner: 'Bad' });
  });

  test('409 INSUFFICIENT_CAPACITY puts the message under memory, cpu and disk as named', () => {
    const placed = placeApiError({ code: 'INSUFFICIENT_CAPACITY', message: 'Node vm does not have enough capacity left', details: { memory: '99999 requested, 22889 free of 23081', cpu: '300 requested, 50 free of 200' } }, echo);
    assert.deepEqual(placed.fields, {
      memory: 'Node vm does not have enough capacity left: 99999 requested, 22889 free of 23081 MiB',
      cpu: 'Node vm does not have enough capacity left: 300 requested, 50 free of 200%',
    });
    assert.equal(placed.banner, null);
  });

  test('other errors are a banner in the API words', () => {
    assert.deepEqual(placeApiError({ code: 'NODE_OFFLINE', message: 'Node vm is offline', details: {} }, echo), { fields: {}, banner: 'Node vm is offline' });
  });
});

describe('node capacity', () => {
  test('capacity left is capacity minus allocated, never below zero', () => {
    assert.deepEqual(capacityLeft(node()), { memory: 12800, cpu: 700, disk: 184320 });
    assert.deepEqual(capacityLeft({ capacity: { memory: 10, cpu: 10, disk: 10 }, allocated: { memory: 20, cpu: 5, disk: 10 } }), { memory: 0, cpu: 5, disk: 0 });
  });

  test('an option reads name — free memory / CPU / disk, and says when the node is not online', () => {
    assert.equal(describeNodeOption(node()), 'node-1 — 12.5 GiB / 700% CPU / 180 GiB free');
    assert.equal(describeNodeOption(node({ status: 'offline' })), 'node-1 — 12.5 GiB / 700% CPU / 180 GiB free (offline)');
    assert.equal(describeNodeOption(node({ status: 'pending' })), 'node-1 — 12.5 GiB / 700% CPU / 180 GiB free (not connected yet)');
  });

  test('exceeded names the resources asked beyond what is left', () => {
    const left = { memory: 100, cpu: 50, disk: 100 };
    assert.deepEqual([...exceeded(left, { memory: 101, cpu: 50, disk: null })], ['memory']);
    assert.deepEqual([...exceeded(left, { memory: 100, cpu: 51, disk: 101 })], ['cpu', 'disk']);
  });

  test('the preferred node is the first online one by name, else the first', () => {
    assert.equal(preferredNodeId([node({ id: 'a', name: 'b', status: 'offline' }), node({ id: 'c', name: 'z' }), node({ id: 'd', name: 'c' })]), 'd');
    assert.equal(preferredNodeId([node({ id: 'a', name: 'b', status: 'offline' }), node({ id: 'c', name: 'a', status: 'offline' })]), 'c');
    assert.equal(preferredNodeId([]), '');
  });
});
