import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sumResources } from '../../../../controller/nodes/allocation.ts';

test('what servers hold is added up per resource', () => {
  const servers = [
    { memory: 1024, disk: 2048, cpu: 100, name: 'a' },
    { memory: 512, disk: 1000, cpu: 50, name: 'b' },
  ];
  assert.deepEqual(sumResources(servers), { memory: 1536, disk: 3048, cpu: 150 });
});

test('nothing handed out is zero of everything', () => {
  assert.deepEqual(sumResources([]), { memory: 0, disk: 0, cpu: 0 });
});
