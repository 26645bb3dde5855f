import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Blueprint, Server } from '../../../contracts/index.ts';
import { ApiError } from '../../../renderer/api/client.ts';
import { changedBody, checkSettings, describeRules, placeSaveError, valuesOf } from '../../../renderer/features/servers/settings/settings-form.ts';
import { renderStartupPreview, startupSegments } from '../../../renderer/features/servers/settings/startup-preview.ts';
import { powerErrorMessage } from '../../../renderer/features/servers/power-errors.ts';

const blueprint = {
  id: 'echo', name: 'Echo', startup: 'run {{LEVEL}} --seed {{SEED}} {{SERVER_IP}}',
  variables: [
    { env: 'LEVEL', name: 'Level', description: '', default: 'world', userEditable: true, rules: { required: true, type: 'string', max: 8, pattern: '[a-z]+' } },
    { env: 'SEED', name: 'Seed', description: '', default: '1', userEditable: false, rules: { required: false, type: 'integer', min: 0, max: 99 } },
  ],
} as unknown as Blueprint;

const server = {
  id: 'srv_1', name: 'Alpha', description: '', memory: 64, cpu: 50, disk: 64, swap: 0, blueprintId: 'echo', variables: { LEVEL: 'world' }, ports: [{ port: 25565, protocol: 'tcp' }],
} as unknown as Server;

describe('server settings form', () => {
  test('sends only what changed, and only what this person may change', () => {
    const values = { ...valuesOf(server, blueprint), name: ' Beta ', memory: '128', variables: { LEVEL: 'cave', SEED: '7' } };
    assert.deepEqual(changedBody(values, { server, blueprint, isAdmin: true }), { name: 'Beta', memory: 128, variables: { LEVEL: 'cave', SEED: '7' } });
    assert.deepEqual(changedBody(values, { server, blueprint, isAdmin: false }), { name: 'Beta', variables: { LEVEL: 'cave' } });
    assert.deepEqual(changedBody(valuesOf(server, blueprint), { server, blueprint, isAdmin: true }), {});
  });

  test('checks variables with their rules and resources for whole numbers, leaving bounds to the API', () => {
    const values = { ...valuesOf(server, blueprint), name: '', memory: '1', cpu: 'lots', variables: { LEVEL: 'Bad', SEED: '500' } };
    assert.deepEqual(checkSettings(values, { blueprint, isAdmin: true }), {
      name: 'Enter a name',
      cpu: 'Must be a whole number',
      'variables.LEVEL': 'Must match the pattern [a-z]+',
      'variables.SEED': 'Must be at most 99',
    });
    assert.equal(checkSettings(values, { blueprint, isAdmin: false })['variables.SEED'], undefined, 'a field a user cannot change is not theirs to fix');
  });

  test("a 422's details and a 409 INSUFFICIENT_CAPACITY's shortfalls land on their fields", () => {
    const invalid = new ApiError(422, { code: 'VALIDATION_ERROR', message: 'Invalid body', details: { memory: 'too small', 'variables.LEVEL': 'must match', 'ports.1.port': 'too big', image: 'bad' } });
    const placed = placeSaveError(invalid, ['LEVEL']);
    assert.deepEqual(placed.fields, { memory: 'Too small', 'variables.LEVEL': 'Must match', ports: 'Too big' });
    assert.match(placed.banner ?? '', /image: bad/, 'a detail with no field on the form goes to the banner');

    const full = new ApiError(409, { code: 'INSUFFICIENT_CAPACITY', message: 'Node full', details: { cpu: '400 requested, 50 free of 200' } });
    assert.deepEqual(placeSaveError(full, []), { fields: { cpu: 'Not enough room on the node: 400 requested, 50 free of 200' }, banner: null });

    const other = new ApiError(403, { code: 'FORBIDDEN', message: 'Only an admin can change memory', details: {} });
    assert.deepEqual(placeSaveError(other, []), { fields: {}, banner: 'Only an admin can change memory' });
  });

  test('ports: an admin edits them as text, a change is sent as the list, a held port lands under the field', () => {
    const values = valuesOf(server, blueprint);
    assert.equal(values.ports, '25565/tcp');
    assert.deepEqual(changedBody({ ...values, ports: '25565 / tcp' }, { server, blueprint, isAdmin: true }), {}, 'the same ports typed differently');
    assert.deepEqual(changedBody({ ...values, ports: '25570/tcp, 25570/udp' }, { server, blueprint, isAdmin: true }), {
      ports: [{ port: 25570, protocol: 'tcp' }, { port: 25570, protocol: 'udp' }],
    });
    assert.deepEqual(changedBody({ ...values, ports: '25570/tcp' }, { server, blueprint, isAdmin: false }), {}, 'only admins change ports');
    assert.equal(checkSettings({ ...values, ports: '25565/sctp' }, { blueprint, isAdmin: true }).ports, '"25565/sctp" is not a port: write e.g. 25565/tcp or 27015/udp');
    const held = new ApiError(409, { code: 'PORT_IN_USE', message: 'Port 25570/tcp on node n is already used by server "B" (srv_2)', details: { port: 25570 } });
    assert.deepEqual(placeSaveError(held, []), { fields: { ports: 'Port 25570/tcp on node n is already used by server "B" (srv_2)' }, banner: null });
  });

  test('rules read as one line', () => {
    assert.equal(describeRules(blueprint.variables[0]!), 'Required · up to 8 characters · matching [a-z]+');
    assert.equal(describeRules(blueprint.variables[1]!), 'Optional · a whole number · 0–99');
  });
});

describe('startup preview', () => {
  test('fills placeholders from the form and leaves unknown ones as written', () => {
    assert.equal(renderStartupPreview(blueprint.startup, { LEVEL: 'cave', SEED: '7' }), 'run cave --seed 7 {{SERVER_IP}}');
    assert.deepEqual(startupSegments('a {{ X }}b', { X: '1' }), [{ text: 'a ', kind: 'text' }, { text: '1', kind: 'value' }, { text: 'b', kind: 'text' }]);
  });
});

describe('power errors', () => {
  test('say what happened by code, in words a person can act on', () => {
    const busy = new ApiError(409, { code: 'SERVER_BUSY', message: 'server srv_1 is busy', details: { busyWith: 'stop' } });
    assert.equal(powerErrorMessage('start', 'Alpha', busy), 'Alpha is busy with “stop”; try again when that finishes.');
    const state = new ApiError(409, { code: 'INVALID_STATE', message: 'x', details: { status: 'install_failed' } });
    assert.equal(powerErrorMessage('start', 'Alpha', state), 'Cannot start Alpha while it is install failed.');
    assert.equal(powerErrorMessage('kill', 'Alpha', new Error('boom')), 'Could not kill Alpha: boom');
  });
});
