import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyChanges, diffDocuments } from '../../../../controller/store/document-changes.ts';

interface Rec {
  id: string;
  n: number;
}
type Doc = { version: number; settings: { open: boolean }; items: Rec[]; others: Rec[] };

const rec = (id: string, n = 0): Rec => ({ id, n });

function doc(items: Rec[], settings = { open: false }): Doc {
  return { version: 1, settings, items, others: [] };
}

/** Replays the diff onto a JSON copy of `before`, as a restart replays the journal onto the snapshot. */
function replayed(before: Doc, after: Doc): unknown {
  const copy = JSON.parse(JSON.stringify(before)) as Record<string, unknown>;
  const changes = JSON.parse(JSON.stringify(diffDocuments(before, after))) as unknown[];
  assert.equal(applyChanges(copy, [changes]), null);
  return copy;
}

test('an untouched document has no changes', () => {
  const before = doc([rec('a'), rec('b')]);
  assert.deepEqual(diffDocuments(before, { ...before, items: before.items.slice() }), []);
});

test('a create is one put of the new record, whatever the size of the list', () => {
  const items = Array.from({ length: 10_000 }, (_, i) => rec(`r${i}`));
  const before = doc(items);
  const added = rec('new');
  const changes = diffDocuments(before, { ...before, items: [...items, added] });
  assert.deepEqual(changes, [{ put: 'items', record: added }]);
});

test('a replaced record is a put, a removed one a delete, a changed small field a set', () => {
  const a = rec('a');
  const b = rec('b');
  const c = rec('c');
  const before = doc([a, b, c]);
  const b2 = { ...b, n: 2 };
  const after = doc([a, b2], { open: true });
  assert.deepEqual(diffDocuments(before, after), [
    { set: 'settings', value: { open: true } },
    { delete: 'items', id: 'c' },
    { put: 'items', record: b2 },
  ]);
  assert.deepEqual(replayed(before, after), after);
});

test('an order that puts and deletes cannot express is written as the whole list', () => {
  const [a, b, c] = [rec('a'), rec('b'), rec('c')];
  const before = doc([a, b, c]);
  const reordered = doc([a, c, b]);
  assert.deepEqual(diffDocuments(before, reordered), [{ set: 'items', value: reordered.items }]);
  assert.deepEqual(replayed(before, reordered), reordered);
  const keptAfterNew = doc([rec('z'), a, b, c]);
  assert.deepEqual(replayed(before, keptAfterNew), keptAfterNew);
});

test('replaying the diff rebuilds the document exactly, over many mixed writes', () => {
  // A fixed pseudo-random walk: creates, edits, deletes and settings changes in every mix.
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  let current = doc([]);
  let next = 0;
  for (let step = 0; step < 400; step++) {
    const items = current.items.slice();
    for (let k = 0; k < 1 + random(3); k++) {
      const choice = random(10);
      if (choice < 5 || items.length === 0) items.push(rec(`r${next++}`));
      else if (choice < 8) {
        const i = random(items.length);
        items[i] = { ...items[i]!, n: items[i]!.n + 1 };
      } else items.splice(random(items.length), 1);
    }
    const after: Doc = { ...current, items, settings: random(20) === 0 ? { open: !current.settings.open } : current.settings };
    assert.deepEqual(replayed(current, after), after, `step ${step}`);
    current = after;
  }
});

test('a change that cannot apply is described, not thrown', () => {
  assert.match(applyChanges({ items: 'nope' }, [[{ put: 'items', record: { id: 'a' } }]]) ?? '', /items, which is not a list/);
  assert.match(applyChanges({ items: [] }, [[{ put: 'items', record: { n: 1 } }]]) ?? '', /without an id/);
  assert.match(applyChanges({ items: [] }, [[{ move: 'items' }]]) ?? '', /unknown kind/);
});
