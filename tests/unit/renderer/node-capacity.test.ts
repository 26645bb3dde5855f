import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allocationLines, hostLines, lastSeen, meterTone, share } from '../../../renderer/features/nodes/node-capacity.ts';

describe('node capacity math', () => {
  test('a share is clamped to 0..1 and is null without a total', () => {
    assert.equal(share(1, 4), 0.25);
    assert.equal(share(5, 4), 1, 'over-allocation fills the bar, no more');
    assert.equal(share(-1, 4), 0);
    assert.equal(share(1, 0), null);
    assert.equal(share(Number.NaN, 4), null);
  });

  test('meters turn amber past 75 % and red past 90 %', () => {
    assert.equal(meterTone(null), '');
    assert.equal(meterTone(0.75), '');
    assert.equal(meterTone(0.76), 'warn');
    assert.equal(meterTone(0.9), 'warn');
    assert.equal(meterTone(0.91), 'danger');
  });

  test('allocated against capacity, in the API units: MiB and percent of a core', () => {
    const lines = allocationLines({ allocated: { memory: 192, disk: 0, cpu: 150 }, capacity: { memory: 8192, disk: 51200, cpu: 400 } });
    assert.deepEqual(lines.map((l) => [l.key, l.text]), [
      ['memory', '192 MiB / 8 GiB'],
      ['cpu', '1.5 / 4 cores'],
      ['disk', '0 / 50 GiB'],
    ]);
    assert.equal(lines[0]!.share, 192 / 8192);
    assert.equal(lines[1]!.share, 150 / 400);
    assert.equal(lines[2]!.share, 0);
  });

  test('host lines come from the agent sample in bytes, or dashes before the first one', () => {
    assert.deepEqual(hostLines(null).map((l) => [l.key, l.text, l.share]), [['cpu', '—', null], ['memory', '—', null], ['disk', '—', null]]);
    const gib = 1024 ** 3;
    const lines = hostLines({ cpu: 42.4, memory: { used: 2 * gib, total: 8 * gib }, disk: { used: 0, total: 0 }, containers: { running: 1, total: 2 }, network: { rx: 0, tx: 0 }, uptime: 60 });
    assert.deepEqual(lines.map((l) => [l.key, l.text, l.share]), [
      ['cpu', '42%', 0.424],
      ['memory', '2 GiB / 8 GiB', 0.25],
      ['disk', '0 B / 0 B', null],
    ]);
  });

  test('last seen is the later of the node record and the latest stats sample', () => {
    const older = '2026-01-01T00:00:00.000Z';
    const newer = '2026-01-01T00:00:30.000Z';
    assert.equal(lastSeen({ lastSeenAt: older }, { sampledAt: newer }), newer);
    assert.equal(lastSeen({ lastSeenAt: newer }, { sampledAt: older }), newer);
    assert.equal(lastSeen({ lastSeenAt: older }, undefined), older);
    assert.equal(lastSeen({ lastSeenAt: null }, { sampledAt: null }), null);
  });
});
