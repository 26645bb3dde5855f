import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configFilesFromEgg, configFilesToEgg } from '../../../../../controller/blueprints/eggs/egg-config-files.ts';
import { ImportWarnings } from '../../../../../controller/blueprints/eggs/import-warnings.ts';

describe("egg config.files to a blueprint's configFiles", () => {
  test('every parser is kept with its find list; a conditional value becomes ifValue', () => {
    const warnings = new ImportWarnings();
    const files = configFilesFromEgg(
      {
        'a.properties': { parser: 'properties', find: { 'server-port': '{{server.build.default.port}}' } },
        'b.ini': { parser: 'ini', find: { 'Net.Port': 7 } },
        'c.json': { parser: 'json', find: { 'x.y': true } },
        'd.yml': { parser: 'yaml', find: { 'l[0].host': '0.0.0.0' } },
        'e.xml': { parser: 'xml', find: { 'r.p': '1' } },
        'f.txt': { parser: 'file', find: { 'MODE=': { debug: 'MODE=release' } } },
      },
      warnings,
    );
    assert.deepEqual(files.map((f) => f.parser), ['properties', 'ini', 'json', 'yaml', 'xml', 'file']);
    assert.deepEqual(files[1]?.replace, [{ match: 'Net.Port', value: '7' }]);
    assert.deepEqual(files[2]?.replace, [{ match: 'x.y', value: 'true' }]);
    assert.deepEqual(files[5]?.replace, [{ match: 'MODE=', value: 'MODE=release', ifValue: 'debug' }]);
    assert.deepEqual(warnings.list, []);
  });

  test('an unknown parser or a broken entry is left out with a warning naming the file', () => {
    const warnings = new ImportWarnings();
    const files = configFilesFromEgg({ 'x.toml': { parser: 'toml', find: {} }, 'y.txt': 'nope' }, warnings);
    assert.deepEqual(files, []);
    assert.deepEqual(warnings.list.map((w) => w.field), ['config.files.x.toml', 'config.files.y.txt']);
  });

  test('a placeholder nothing fills in is reported', () => {
    const warnings = new ImportWarnings();
    configFilesFromEgg({ 'a.json': { parser: 'json', find: { token: '{{server.secret}}' } } }, warnings);
    assert.match(warnings.list[0]?.message ?? '', /\{\{server\.secret\}\}/);
  });

  test('back to the egg form, conditional replacements grouped under their key', () => {
    const files = [{ path: 'f.txt', parser: 'file' as const, replace: [{ match: 'A=', value: 'A=1' }, { match: 'M=', value: 'M=r', ifValue: 'd' }, { match: 'M=', value: 'M=s', ifValue: 'e' }] }];
    const egg = configFilesToEgg(files);
    assert.deepEqual(egg, { 'f.txt': { parser: 'file', find: { 'A=': 'A=1', 'M=': { d: 'M=r', e: 'M=s' } } } });
    assert.deepEqual(configFilesFromEgg(egg, new ImportWarnings()), files);
  });
});
