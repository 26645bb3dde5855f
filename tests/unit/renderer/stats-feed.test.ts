import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatsFeed } from '../../../renderer/features/servers/charts/stats-feed.ts';

const sample = (over: Partial<{ cpu: number; networkRx: number; networkTx: number }> = {}) => ({
  cpu: 10, memory: 100, memoryLimit: 1000, disk: 5, networkRx: 0, networkTx: 0, uptime: 1, players: null, ...over,
});

describe('stats feed', () => {
  test('turns network totals into rates per second, and a counter reset into zero', () => {
    const feed = new StatsFeed(10);
    feed.push(sample({ networkRx: 1000, networkTx: 0 }), 0);
    feed.push(sample({ networkRx: 3000, networkTx: 500 }), 2000);
    assert.deepEqual([feed.latest()?.rxRate, feed.latest()?.txRate], [1000, 250]);
    feed.push(sample({ networkRx: 10, networkTx: 10 }), 3000);
    assert.deepEqual([feed.latest()?.rxRate, feed.latest()?.txRate], [0, 0]);
  });

  test('keeps only the newest samples', () => {
    const feed = new StatsFeed(3);
    for (let i = 0; i < 5; i += 1) feed.push(sample({ cpu: i }), i * 1000);
    assert.deepEqual(feed.samples().map((s) => s.cpu), [2, 3, 4]);
    assert.deepEqual(feed.columns().cpu, [2, 3, 4]);
  });

  test('a silence or a stop becomes one gap (null) in the columns, not a slope', () => {
    const feed = new StatsFeed(10);
    feed.push(sample({ cpu: 1 }), 0);
    feed.push(sample({ cpu: 2 }), 30_000);
    feed.pause();
    feed.pause();
    feed.push(sample({ cpu: 3 }), 40_000);
    assert.deepEqual(feed.columns().cpu, [1, null, 2, null, 3]);
    const t = feed.columns().t;
    assert.ok(t.every((value, i) => i === 0 || value > t[i - 1]!), 'x keeps increasing');
  });

  test('pause clears the live readout and tells subscribers', () => {
    const feed = new StatsFeed(10);
    let calls = 0;
    feed.subscribe(() => (calls += 1));
    feed.push(sample(), 0);
    feed.pause();
    assert.equal(feed.latest(), null);
    assert.equal(calls, 2);
  });
});
