import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, assertValidation, createUser, signUpAdmin, startTestApp, type Account, type TestApp } from '../../../support/controller.ts';
import { readStoredDocument } from '../../../support/stored-document.ts';
import { registerNode } from '../../../support/nodes.ts';

describe('GET /servers reads one page', () => {
  let app: TestApp;
  let admin: Account;
  let owner: Account;
  const created: string[] = [];
  const owned: string[] = [];

  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
    owner = await createUser(app.url, admin.token);
    const node = await registerNode(app.url, admin.token, { name: 'n', host: '127.0.0.1', memory: 100_000, disk: 100_000, cpu: 10_000 });
    for (let i = 0; i < 25; i++) {
      const mine = i % 3 === 0;
      const res = await api(app.url, '/servers', {
        token: admin.token,
        body: { name: `s${i}`, nodeId: node.id, blueprintId: 'minecraft-java', memory: 16, cpu: 1, disk: 1, ...(mine ? { ownerId: owner.id } : {}) },
      });
      assert.equal(res.status, 201, res.text);
      created.push(res.body.data.id);
      if (mine) owned.push(res.body.data.id);
    }
  });
  after(() => app.close());

  test('pages follow creation order with the total, each server public (node name, address, live fields)', async () => {
    const first = await api(app.url, '/servers?limit=10', { token: admin.token });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body.meta, { total: 25, page: 1, limit: 10 });
    assert.deepEqual(first.body.data.map((s: { id: string }) => s.id), created.slice(0, 10));
    assert.equal(first.body.data[0].nodeName, 'n');
    assert.equal(first.body.data[0].nodeOnline, false);
    assert.match(first.body.data[0].address, /^127\.0\.0\.1:\d+$/);
    const last = await api(app.url, '/servers?limit=10&page=3', { token: admin.token });
    assert.deepEqual(last.body.data.map((s: { id: string }) => s.id), created.slice(20));
    const beyond = await api(app.url, '/servers?limit=10&page=9', { token: admin.token });
    assert.deepEqual({ data: beyond.body.data, meta: beyond.body.meta }, { data: [], meta: { total: 25, page: 9, limit: 10 } });
  });

  test('a user pages through their own servers only; the total counts only theirs', async () => {
    const page = await api(app.url, '/servers?limit=3&page=2', { token: owner.token });
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(page.body.meta, { total: owned.length, page: 2, limit: 3 });
    assert.deepEqual(page.body.data.map((s: { id: string }) => s.id), owned.slice(3, 6));
  });

  test('filters apply before the page, and out-of-range paging is a 422', async () => {
    const installing = await api(app.url, '/servers?status=installing&limit=100', { token: admin.token });
    assert.equal(installing.body.meta.total, installing.body.data.length);
    const none = await api(app.url, '/servers?nodeId=node_nope', { token: admin.token });
    assert.deepEqual(none.body.meta.total, 0);
    assertValidation(await api(app.url, '/servers?limit=101', { token: admin.token }), ['limit']);
    assertValidation(await api(app.url, '/servers?page=0', { token: admin.token }), ['page']);
  });

  test('every acknowledged create is on disk, as a restart would read it', async () => {
    const stored = await readStoredDocument(app.dataDir);
    assert.deepEqual(stored.servers.map((s) => s.id), created);
  });
});
