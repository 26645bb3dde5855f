import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NEW_BLUEPRINT_TEMPLATE, editorText, placeProblems, readEditor } from '../../../renderer/features/blueprints/blueprint-json.ts';
import { lineColumn, scanJson } from '../../../renderer/features/blueprints/json-locate.ts';
import { blueprint } from './blueprint-fixtures.ts';

describe('JSON syntax errors have a line and column', () => {
  test('valid JSON has no error, and paths map to where their keys start', () => {
    const text = '{\n  "a": 1,\n  "list": [\n    {"env": "X"}\n  ]\n}';
    const scan = scanJson(text);
    assert.equal(scan.error, null);
    assert.equal(lineColumn(text, scan.positions.get('list.0.env')!).line, 4);
    assert.equal(lineColumn(text, scan.positions.get('a')!).line, 2);
  });

  test('a missing comma is found where the next key starts', () => {
    const scan = scanJson('{\n  "a": 1\n  "b": 2\n}');
    assert.deepEqual(scan.error, { message: 'Expected a comma or }, found \'"\' (is a comma missing at the end of line 2?)', offset: 13, line: 3, column: 3 });
  });

  test('trailing commas, single quotes, bare words and unclosed strings are named', () => {
    assert.equal(scanJson('{"a": 1,\n}').error?.message, 'A comma before } is not allowed in JSON');
    assert.deepEqual(scanJson('{"a": 1,\n}').error && [scanJson('{"a": 1,\n}').error!.line, scanJson('{"a": 1,\n}').error!.column], [2, 1]);
    assert.equal(scanJson("{'a': 1}").error?.message, 'Expected a property name in double quotes, found "\'"');
    assert.equal(scanJson('{"a": tru}').error?.message.startsWith('Expected a value'), true);
    assert.equal(scanJson('{"a": "x\n"}').error?.message, 'A string is not closed before the end of its line');
    assert.equal(scanJson('{"a": 1 "b": 2}').error?.message, 'Expected a comma or }, found \'"\'', 'no line hint on one line');
    assert.equal(scanJson('[1\n').error?.message, 'Expected a comma or ], found the end of the text');
    assert.equal(scanJson('[1, 2,]').error?.message, 'A comma before ] is not allowed in JSON');
    assert.equal(scanJson('{"a": 1} x').error?.message, 'Expected nothing more after the end of the JSON value, found \'x\'');
    assert.equal(scanJson('').error?.message, 'Expected a value (a string in double quotes, a number, true, false, null, { or [), found the end of the text');
  });

  test('the scanner agrees with JSON.parse on what is valid', () => {
    for (const text of ['{}', '[]', '"\\u00e9"', '-0.5e+3', '{"a":[true,false,null,{"b":"c\\n"}]}', '  1  ']) {
      assert.equal(scanJson(text).error, null, text);
      assert.doesNotThrow(() => JSON.parse(text));
    }
    for (const text of ['{', '01', '"\\x"', '{"a" 1}', 'nul', '1 2', '+1']) {
      assert.notEqual(scanJson(text).error, null, text);
      assert.throws(() => JSON.parse(text));
    }
  });
});

describe('the blueprint editor', () => {
  test('an edit starts from the blueprint without builtin, id first', () => {
    const text = editorText(blueprint({ builtin: true }));
    const value = JSON.parse(text) as Record<string, unknown>;
    assert.equal('builtin' in value, false);
    assert.equal(Object.keys(value)[0], 'id');
    assert.equal(value.name, 'Echo (test)');
  });

  test('new starts from a complete template', () => {
    assert.deepEqual(JSON.parse(editorText(null)), NEW_BLUEPRINT_TEMPLATE);
  });

  test('new is a POST with the id in the body; builtin is dropped', () => {
    const result = readEditor('{"id": "x-y", "name": "X", "builtin": true}', { kind: 'new' });
    assert.deepEqual(result, { ok: true, request: { method: 'POST', path: '/blueprints', body: { id: 'x-y', name: 'X' } } });
  });

  test('edit is a PUT to the id, without id in the body', () => {
    const result = readEditor('{"id": "echo-test", "name": "X"}', { kind: 'edit', id: 'echo-test', builtin: false });
    assert.deepEqual(result, { ok: true, request: { method: 'PUT', path: '/blueprints/echo-test', body: { name: 'X' } } });
  });

  test('edit refuses a changed id, and anything but an object', () => {
    const renamed = readEditor('{"id": "other"}', { kind: 'edit', id: 'echo-test', builtin: false });
    assert.equal(renamed.ok, false);
    assert.match(renamed.ok ? '' : renamed.problems.details.id!, /cannot change here/);
    const array = readEditor('[1]', { kind: 'new' });
    assert.equal(array.ok ? null : Object.keys(array.problems.details)[0], 'body');
  });

  test('a syntax error stops before any request', () => {
    const result = readEditor('{\n "id": "x",\n}', { kind: 'new' });
    assert.equal(result.ok, false);
    assert.equal(result.ok ? null : result.problems.syntax?.line, 3);
  });

  test('API details land on the line of their key, or its nearest ancestor', () => {
    const text = editorText(blueprint());
    const lines = text.split('\n');
    const problems = placeProblems(text, {
      'variables.0.env': 'GREETING is declared more than once',
      'defaults.swap': 'Unrecognized key',
      images: 'needs at least one image',
      body: 'Unrecognized key: "extra"',
      install: 'absent key',
      servers: 3,
    });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.line]));
    assert.match(lines[byPath['variables.0.env']! - 1]!, /"env": "GREETING"/);
    assert.match(lines[byPath['defaults.swap']! - 1]!, /"defaults"/);
    assert.match(lines[byPath.images! - 1]!, /"images"/);
    assert.equal(byPath.body, null);
    assert.equal(problems.some((p) => p.path === 'servers'), false, 'non-string details are not problems');
    assert.equal(problems[0]!.line, null, 'lineless problems come first');
  });
});
