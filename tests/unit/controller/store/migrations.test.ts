import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataFileError } from '../../../../controller/store/data-file-error.ts';
import { CURRENT_SCHEMA_VERSION } from '../../../../controller/store/document-schema.ts';
import { MIGRATIONS, migrateForward, type MigrationPlan } from '../../../../controller/store/migrations.ts';

const PATH = '/data/stellarstack.json';

/** Three versions: 1 → 2 renames `name` to `title`, 2 → 3 adds `tags`. */
const PLAN: MigrationPlan = {
  current: 3,
  steps: {
    1: ({ name, ...rest }) => ({ ...rest, title: name, version: 2 }),
    2: (doc) => ({ ...doc, tags: [], version: 3 }),
  },
};

test('a document of the current version passes unchanged', () => {
  const doc = { version: 3, title: 't', tags: ['x'] };
  assert.deepEqual(migrateForward(doc, PATH, PLAN), { doc, changed: false });
});

test('an older document goes through every step from its version, in order', () => {
  assert.deepEqual(migrateForward({ version: 1, name: 'n' }, PATH, PLAN), { doc: { version: 3, title: 'n', tags: [] }, changed: true });
  assert.deepEqual(migrateForward({ version: 2, title: 't' }, PATH, PLAN), { doc: { version: 3, title: 't', tags: [] }, changed: true });
});

test('what cannot be migrated is refused with a DataFileError naming the file and why', () => {
  const refusals: [unknown, RegExp][] = [
    [[], /does not hold a JSON object/],
    [null, /does not hold a JSON object/],
    [{ title: 't' }, /has no schema version/],
    [{ version: 1.5 }, /has no schema version/],
    [{ version: 4 }, /newer StellarStack \(schema version 4, this build reads up to 3\)/],
    [{ version: 0 }, /has schema version 0, which this build cannot migrate/],
  ];
  for (const [raw, reason] of refusals) {
    assert.throws(() => migrateForward(raw, PATH, PLAN), (error: unknown) => error instanceof DataFileError && error.path === PATH && reason.test(error.message), String(reason));
  }
});

test('a step that does not advance the version is a bug, caught instead of looping', () => {
  const stuck: MigrationPlan = { current: 2, steps: { 1: (doc) => doc } };
  assert.throws(() => migrateForward({ version: 1 }, PATH, stuck), /did not advance the version/);
});

test('this build has a step from every older version up to the current one', () => {
  for (let version = 1; version < CURRENT_SCHEMA_VERSION; version += 1) assert.ok(MIGRATIONS[version], `a migration from version ${version}`);
  assert.equal(migrateForward({ version: CURRENT_SCHEMA_VERSION }, PATH).changed, false);
});
