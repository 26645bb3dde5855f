import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  blueprintCategories,
  categoryHue,
  categoryLabel,
  describeDefaults,
  describePorts,
  filterBlueprints,
  tileLetters,
} from '../../../renderer/features/blueprints/blueprint-search.ts';
import { describeRules } from '../../../renderer/features/blueprints/variable-rules-text.ts';
import { blueprint } from './blueprint-fixtures.ts';

const catalogue = [
  blueprint({ id: 'minecraft-java', name: 'Minecraft: Java Edition', category: 'minecraft', description: 'The original, with mods' }),
  blueprint({ id: 'valheim', name: 'Valheim', category: 'survival', description: 'Viking survival' }),
  blueprint({ id: 'minecraft-bedrock', name: 'Minecraft: Bedrock Edition', category: 'Minecraft', description: 'Cross-play' }),
  blueprint({ id: 'rust', name: 'Rust', category: 'survival', description: 'Raid and build' }),
];

describe('blueprint catalogue search', () => {
  test('an empty filter keeps every blueprint, sorted by name', () => {
    assert.deepEqual(filterBlueprints(catalogue, { text: '', category: '' }).map((b) => b.id), ['minecraft-bedrock', 'minecraft-java', 'rust', 'valheim']);
  });

  test('text matches name, id, category and description, case-insensitively', () => {
    assert.deepEqual(filterBlueprints(catalogue, { text: 'VIKING', category: '' }).map((b) => b.id), ['valheim']);
    assert.deepEqual(filterBlueprints(catalogue, { text: 'bedrock', category: '' }).map((b) => b.id), ['minecraft-bedrock']);
    assert.deepEqual(filterBlueprints(catalogue, { text: 'survival', category: '' }).map((b) => b.id), ['rust', 'valheim']);
    assert.deepEqual(filterBlueprints(catalogue, { text: 'minecraft-java', category: '' }).map((b) => b.id), ['minecraft-java']);
  });

  test('every word must match, in any order', () => {
    assert.deepEqual(filterBlueprints(catalogue, { text: 'java  mine', category: '' }).map((b) => b.id), ['minecraft-java']);
    assert.deepEqual(filterBlueprints(catalogue, { text: 'java rust', category: '' }), []);
  });

  test('a category keeps only its blueprints, whatever the case it was typed in', () => {
    assert.deepEqual(filterBlueprints(catalogue, { text: '', category: 'minecraft' }).map((b) => b.id), ['minecraft-bedrock', 'minecraft-java']);
    assert.deepEqual(filterBlueprints(catalogue, { text: 'cross', category: 'minecraft' }).map((b) => b.id), ['minecraft-bedrock']);
    assert.deepEqual(filterBlueprints(catalogue, { text: 'cross', category: 'survival' }), []);
  });

  test('categories are listed once each, with counts, and capitalised', () => {
    assert.deepEqual(blueprintCategories(catalogue), [
      { key: 'minecraft', label: 'Minecraft', count: 2 },
      { key: 'survival', label: 'Survival', count: 2 },
    ]);
    assert.equal(categoryLabel(' shooter '), 'Shooter');
  });

  test('a category always gets the same hue, whatever its case', () => {
    assert.equal(categoryHue('Survival'), categoryHue('survival'));
    assert.ok(categoryHue('survival') >= 0 && categoryHue('survival') < 360);
    assert.notEqual(categoryHue('survival'), categoryHue('shooter'));
  });

  test('defaults read as memory · cores · disk, ports as port/protocol', () => {
    assert.equal(describeDefaults({ memory: 2048, cpu: 100, disk: 10240 }), '2 GiB · 1 core · 10 GiB');
    assert.equal(describeDefaults({ memory: 64, cpu: 50, disk: 1536 }), '64 MiB · 0.5 cores · 1.5 GiB');
    assert.equal(describePorts([]), 'no ports');
    const ports = [27015, 27016, 27017, 27018].map((port) => ({ name: 'p', port, protocol: 'udp' as const, description: '' }));
    assert.equal(describePorts(ports.slice(0, 2)), '27015/udp · 27016/udp');
    assert.equal(describePorts(ports), '27015/udp · 27016/udp · 27017/udp +1');
  });

  test('a tile shows the first letters of the first two words', () => {
    assert.equal(tileLetters('Echo (test)'), 'ET');
    assert.equal(tileLetters('Minecraft: Java Edition'), 'MJ');
    assert.equal(tileLetters('Valheim'), 'V');
    assert.equal(tileLetters('  '), '?');
  });

  test('variable rules read as a short phrase', () => {
    assert.equal(describeRules({ required: true, type: 'string', max: 20 }), 'required · up to 20 characters');
    assert.equal(describeRules({ required: false, type: 'string', min: 8, max: 64, pattern: '[a-z]+' }), 'optional · 8 to 64 characters · matches [a-z]+');
    assert.equal(describeRules({ required: true, type: 'integer', min: 1, max: 64 }), 'required · whole number from 1 to 64');
    assert.equal(describeRules({ required: true, type: 'boolean' }), 'required · true or false');
    assert.equal(describeRules({ required: true, type: 'string', options: ['easy', 'hard'] }), 'required · one of easy, hard');
  });
});
