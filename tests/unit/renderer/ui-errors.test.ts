import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../../renderer/api/client.ts';
import { placeErrors, sentence } from '../../../renderer/features/account/form-errors.ts';
import { explainUserError } from '../../../renderer/features/admin/user-errors.ts';
import { explainNodeError } from '../../../renderer/features/nodes/node-errors.ts';

const apiError = (status: number, code: string, message: string, details: Record<string, unknown> = {}) => new ApiError(status, { code, message, details });

describe('where a failed submit shows', () => {
  test('a 422 naming only form fields goes under them, as sentences, with no banner', () => {
    const placed = placeErrors(apiError(422, 'VALIDATION_ERROR', 'Invalid body', { host: 'must be a hostname or an IP address' }), ['name', 'host']);
    assert.deepEqual(placed, { fields: { host: 'Must be a hostname or an IP address' }, banner: null });
  });

  test('a 422 about a field the form does not show keeps it in the banner', () => {
    const placed = placeErrors(apiError(422, 'VALIDATION_ERROR', 'Invalid body', { name: 'is required', extra: 'is not allowed' }), ['name']);
    assert.deepEqual(placed.fields, { name: 'Is required' });
    assert.equal(placed.banner, 'Invalid body: extra is not allowed');
  });

  test('a 409 that names fields puts them in place and still says what happened', () => {
    const placed = placeErrors(apiError(409, 'INSUFFICIENT_CAPACITY', 'The node would offer less than its servers already hold', { memory: '2048 is allocated to servers on this node' }), ['memory', 'disk']);
    assert.deepEqual(placed.fields, { memory: '2048 is allocated to servers on this node' });
    assert.equal(placed.banner, 'The node would offer less than its servers already hold');
  });

  test('anything else is one banner with its message', () => {
    assert.deepEqual(placeErrors(apiError(0, 'NETWORK_ERROR', 'Cannot reach the controller'), ['name']), { fields: {}, banner: 'Cannot reach the controller' });
    assert.deepEqual(placeErrors(new Error('boom'), ['name']), { fields: {}, banner: 'boom' });
    assert.equal(sentence('  is taken'), 'Is taken');
    assert.equal(sentence(''), '');
  });
});

describe('refusals explained in words', () => {
  test('a node with servers: move or delete its N servers first', () => {
    assert.equal(explainNodeError(apiError(409, 'NODE_HAS_SERVERS', '3 server(s) still live on this node', { servers: 3 })), '3 servers still live on this node: move or delete its 3 servers first.');
    assert.equal(explainNodeError(apiError(409, 'NODE_HAS_SERVERS', '1 server(s)', { servers: 1 })), 'A server still lives on this node: move or delete its server first.');
    assert.equal(explainNodeError(apiError(404, 'NOT_FOUND', 'Node not found')), 'Node not found');
  });

  test('the last admin: name them, say why, keep the API words', () => {
    const text = explainUserError(apiError(409, 'LAST_ADMIN', 'This is the last active admin; promote another admin first'), 'Ada');
    assert.match(text, /^Ada is the last active admin/);
    assert.match(text, /make another user an admin first/);
    assert.match(text, /promote another admin first/);
  });

  test('a user who owns servers: give them away or delete them first', () => {
    assert.equal(explainUserError(apiError(409, 'USER_OWNS_SERVERS', 'The user still owns 2 server(s)', { servers: 2 }), 'Bob'),
      "Bob still owns 2 servers: delete them or give them to another user (the server's settings) first.");
    assert.match(explainUserError(apiError(409, 'USER_OWNS_SERVERS', 'x', { servers: 1 }), 'Bob'), /owns a server: delete it or give it/);
    assert.equal(explainUserError(apiError(403, 'FORBIDDEN', 'Admins only'), 'Bob'), 'Admins only');
  });
});
