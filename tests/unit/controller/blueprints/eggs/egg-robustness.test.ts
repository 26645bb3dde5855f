import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError, EggSchema } from '../../../../../contracts/index.ts';
import { assertValidBlueprint } from '../../../../../controller/blueprints/blueprint-checks.ts';
import { eggToBlueprint } from '../../../../../controller/blueprints/eggs/egg-to-blueprint.ts';
import { EGGS_BY_VERSION } from '../../../../support/eggs.ts';

/** A small seeded generator, so a failure names a case that can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ODD_VALUES: unknown[] = [
  null, 0, 1, -1, 1e300, '', ' ', 'x', '{{', '{{server.build.env.}}', '^C', '^^C', '^NOPE', [], {}, true,
  'a'.repeat(5000), 'regex:(unclosed', '/^(a|b$/', 'required|min:|max:x|between:1', ['in:'], { parser: 'json' },
  { 'x.json': { parser: 'json', find: { 'a.*.b': { c: 'd' } } } }, '{"done": 5}', '{"custom": "yes"}', 'ghcr.io/x/y:1', 'Not An Image!',
];

/** Every path to a value in `value`, as key lists. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
}

describe('egg import never fails with anything but a 422', () => {
  test('2,000 eggs with a field or two replaced by odd values: parsed and mapped, or refused as VALIDATION_ERROR', () => {
    const next = random(12);
    const eggs = Object.values(EGGS_BY_VERSION);
    let mapped = 0;
    for (let i = 0; i < 2000; i += 1) {
      const egg = structuredClone(eggs[i % eggs.length]) as Record<string, unknown>;
      for (let n = 0; n < 1 + Math.floor(next() * 2); n += 1) {
        const candidates = paths(egg).filter((p) => p.length > 0);
        setAt(egg, candidates[Math.floor(next() * candidates.length)] as (string | number)[], ODD_VALUES[Math.floor(next() * ODD_VALUES.length)]);
      }
      const parsed = EggSchema.safeParse(egg);
      if (!parsed.success) continue;
      try {
        const { body } = eggToBlueprint(parsed.data);
        assertValidBlueprint(body);
        mapped += 1;
      } catch (error) {
        assert.ok(error instanceof AppError && error.code === 'VALIDATION_ERROR', `case ${i}: ${(error as Error).stack ?? String(error)}\n${JSON.stringify(egg).slice(0, 2000)}`);
      }
    }
    assert.ok(mapped > 500, `most mutated eggs still import (${mapped})`);
  });
});
