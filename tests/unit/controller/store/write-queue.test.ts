import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WriteQueue } from '../../../../controller/store/write-queue.ts';

/** A queue over a list of strings whose commits are recorded and can be made to fail or wait. */
function listQueue() {
  const state = { committed: [] as string[], commits: [] as string[][], refuse: (_next: string[]) => false, gate: null as Promise<void> | null };
  const queue = new WriteQueue<string[]>({
    committed: () => state.committed,
    copy: (list) => [...list],
    commit: async (next) => {
      await state.gate;
      if (state.refuse(next)) throw new Error('disk full');
      state.commits.push(next);
      state.committed = next;
    },
  });
  return { queue, state };
}

function held() {
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { gate, open };
}

test('mutations queued while a commit is under way coalesce into one commit, each resolving with its own result', async () => {
  const { queue, state } = listQueue();
  const first = queue.mutate((list) => list.push('a'));
  const rest = Array.from({ length: 20 }, (_, i) => queue.mutate((list) => list.push(`b${i}`)));
  assert.deepEqual(await first, 1);
  assert.deepEqual(await Promise.all(rest), Array.from({ length: 20 }, (_, i) => i + 2));
  assert.equal(state.commits.length, 2, 'one commit for the first, one for everything queued behind it');
  assert.equal(state.committed.length, 21);
});

test('nothing is visible before its commit: the committed value only changes through commit', async () => {
  const { queue, state } = listQueue();
  const { gate, open } = held();
  state.gate = gate;
  const pending = queue.mutate((list) => void list.push('a'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(state.committed, []);
  open();
  await pending;
  assert.deepEqual(state.committed, ['a']);
});

test('a mutation that throws is rejected alone and leaves no half-change; the rest of its batch commits', async () => {
  const { queue, state } = listQueue();
  const { gate, open } = held();
  state.gate = gate;
  const busy = queue.mutate((list) => void list.push('first'));
  const before = queue.mutate((list) => void list.push('before'));
  const failing = queue.mutate((list) => {
    list.push('half');
    throw new Error('refused');
  });
  const after = queue.mutate((list) => list.length);
  open();
  await assert.rejects(failing, /refused/);
  await Promise.all([busy, before]);
  assert.equal(await after, 2);
  assert.deepEqual(state.committed, ['first', 'before']);
});

test('a batch where every mutation throws commits nothing', async () => {
  const { queue, state } = listQueue();
  await assert.rejects(queue.mutate(() => {
    throw new Error('nope');
  }), /nope/);
  assert.equal(state.commits.length, 0);
});

test('a failed commit rejects its whole batch with the commit’s error; the next batch starts from what was committed', async () => {
  const { queue, state } = listQueue();
  const { gate, open } = held();
  state.gate = gate;
  state.refuse = (next) => next.includes('a');
  const busy = queue.mutate((list) => void list.push('busy'));
  await new Promise((resolve) => setImmediate(resolve));
  // Queued behind the commit under way, so they form one batch, and its commit fails.
  const batch = Promise.allSettled([queue.mutate((list) => void list.push('a')), queue.mutate((list) => void list.push('b'))]);
  open();
  await busy;
  const results = await batch;
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  assert.match(String((results[0] as PromiseRejectedResult).reason), /disk full/);
  assert.deepEqual(state.committed, ['busy']);
  await queue.mutate((list) => void list.push('c'));
  assert.deepEqual(state.committed, ['busy', 'c']);
});

test('mutations apply in the order they were made', async () => {
  const { queue, state } = listQueue();
  await Promise.all(['1', '2', '3', '4'].map((item) => queue.mutate((list) => void list.push(item))));
  assert.deepEqual(state.committed, ['1', '2', '3', '4']);
});

test('close waits for queued mutations, then refuses new ones', async () => {
  const { queue, state } = listQueue();
  const pending = Array.from({ length: 5 }, (_, i) => queue.mutate((list) => void list.push(`${i}`)));
  await queue.close();
  assert.equal(state.committed.length, 5);
  await Promise.all(pending);
  await assert.rejects(queue.mutate(() => undefined), /closed/);
});
