import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { User } from '../../../contracts/index.ts';
import { filterUsers, serversByOwner } from '../../../renderer/features/admin/users-filter.ts';

function user(name: string, email: string, extra: Partial<User> = {}): User {
  return { id: `usr_${email}`, name, email, role: 'user', suspended: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...extra };
}

const people = [
  user('bob Builder', 'bob@example.com'),
  user('Ada Admin', 'admin@example.com', { role: 'admin' }),
  user('Erin Guest', 'erin@guest.org', { suspended: true }),
  user('Carol Ops', 'carol@example.com', { role: 'admin', suspended: true }),
];
const names = (users: User[]) => users.map((u) => u.name);

describe('users search', () => {
  test('no filter keeps everyone, sorted by name whatever the case', () => {
    assert.deepEqual(names(filterUsers(people, { text: '', scope: 'all' })), ['Ada Admin', 'bob Builder', 'Carol Ops', 'Erin Guest']);
  });

  test('text matches name or email, case-insensitively; every word must match', () => {
    assert.deepEqual(names(filterUsers(people, { text: 'EXAMPLE', scope: 'all' })), ['Ada Admin', 'bob Builder', 'Carol Ops']);
    assert.deepEqual(names(filterUsers(people, { text: 'guest.org', scope: 'all' })), ['Erin Guest']);
    assert.deepEqual(names(filterUsers(people, { text: '  ada   example ', scope: 'all' })), ['Ada Admin']);
    assert.deepEqual(names(filterUsers(people, { text: 'ada guest', scope: 'all' })), []);
  });

  test('scope keeps admins, plain users or the suspended, and combines with text', () => {
    assert.deepEqual(names(filterUsers(people, { text: '', scope: 'admin' })), ['Ada Admin', 'Carol Ops']);
    assert.deepEqual(names(filterUsers(people, { text: '', scope: 'user' })), ['bob Builder', 'Erin Guest']);
    assert.deepEqual(names(filterUsers(people, { text: '', scope: 'suspended' })), ['Carol Ops', 'Erin Guest']);
    assert.deepEqual(names(filterUsers(people, { text: 'carol', scope: 'user' })), []);
  });

  test('the list it was given is left as it was', () => {
    const before = names(people);
    filterUsers(people, { text: '', scope: 'all' });
    assert.deepEqual(names(people), before);
  });

  test('servers are counted per owner', () => {
    assert.deepEqual(serversByOwner([{ ownerId: 'a' }, { ownerId: 'b' }, { ownerId: 'a' }]), { a: 2, b: 1 });
    assert.deepEqual(serversByOwner([]), {});
  });
});
