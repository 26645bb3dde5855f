import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandHistory, HISTORY_LIMIT, type HistoryStorage } from '../../../renderer/features/servers/console/command-history.ts';

function memoryStorage(): HistoryStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

describe('command history', () => {
  test('Up walks back through sent commands, Down walks forward and returns the draft', () => {
    const history = new CommandHistory('srv_1', memoryStorage());
    history.push('one');
    history.push('two');
    history.push('three');
    assert.equal(history.previous('typed'), 'three');
    assert.equal(history.previous('ignored'), 'two');
    assert.equal(history.previous('ignored'), 'one');
    assert.equal(history.previous('ignored'), null, 'no older entry: the input keeps its text');
    assert.equal(history.next(), 'two');
    assert.equal(history.next(), 'three');
    assert.equal(history.next(), 'typed', 'past the newest comes back what was being typed');
    assert.equal(history.next(), null, 'not browsing: Down does nothing');
  });

  test('sending stops browsing: the next Up starts from the newest again', () => {
    const history = new CommandHistory('srv_1', memoryStorage());
    history.push('a');
    history.push('b');
    history.previous('');
    history.previous('');
    history.push('c');
    assert.equal(history.previous(''), 'c');
  });

  test('blank lines and an immediate repeat are not recorded', () => {
    const history = new CommandHistory('srv_1', memoryStorage());
    history.push('list');
    history.push('list');
    history.push('   ');
    history.push('');
    history.push('say hi');
    history.push('list');
    assert.deepEqual(history.entries, ['list', 'say hi', 'list']);
  });

  test(`keeps the last ${HISTORY_LIMIT} commands`, () => {
    const history = new CommandHistory('srv_1', memoryStorage());
    for (let i = 0; i < HISTORY_LIMIT + 20; i += 1) history.push(`cmd ${i}`);
    assert.equal(history.entries.length, HISTORY_LIMIT);
    assert.equal(history.entries[0], 'cmd 20');
    assert.equal(history.entries.at(-1), `cmd ${HISTORY_LIMIT + 19}`);
  });

  test('is stored per server and survives a new instance (a reload)', () => {
    const storage = memoryStorage();
    const first = new CommandHistory('srv_1', storage);
    first.push('save-all');
    new CommandHistory('srv_2', storage).push('other server');
    const reloaded = new CommandHistory('srv_1', storage);
    assert.deepEqual(reloaded.entries, ['save-all']);
    assert.equal(reloaded.previous(''), 'save-all');
  });

  test('broken or refused storage does not break the console', () => {
    const corrupt = memoryStorage();
    corrupt.data.set('stellarstack.console.history:srv_1', '{not json');
    assert.deepEqual(new CommandHistory('srv_1', corrupt).entries, []);

    const refusing: HistoryStorage = {
      getItem: () => { throw new Error('SecurityError'); },
      setItem: () => { throw new Error('QuotaExceededError'); },
    };
    const history = new CommandHistory('srv_1', refusing);
    history.push('still works');
    assert.equal(history.previous(''), 'still works');

    const none = new CommandHistory('srv_1', null);
    none.push('x');
    assert.deepEqual(none.entries, ['x']);
  });
});
