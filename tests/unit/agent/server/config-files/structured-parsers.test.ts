import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitKey, typedValue } from '../../../../../agent/server/config-files/key-path.ts';
import { patchJson, patchXml, patchYaml } from '../../../../../agent/server/config-files/structured-parsers.ts';

describe('config file parsers: json, yaml, xml', () => {
  test('keys: dots nest, [n] and .n index lists, * is any key or item', () => {
    assert.deepEqual(splitKey('listeners[0].host'), ['listeners', '0', 'host']);
    assert.deepEqual(splitKey('servers.*.address'), ['servers', '*', 'address']);
  });

  test('values: true/false and whole numbers are typed, everything else stays text', () => {
    assert.deepEqual(['true', 'false', '25565', '-3', '1.5', '0123', 'x'].map(typedValue), [true, false, 25565, -3, '1.5', '0123', 'x']);
  });

  test('json: dotted paths are created as needed, wildcards reach every item, ifValue compares the current value', () => {
    const text = JSON.stringify({ http: { port: 1 }, owners: [{ id: 1, notify: false }, { id: 2, notify: false }], mode: 'debug' });
    const patched = JSON.parse(
      patchJson(text, [
        { match: 'http.port', value: '30000' },
        { match: 'bot.name', value: 'quokka' },
        { match: 'owners.*.notify', value: 'true' },
        { match: 'mode', value: 'release', ifValue: 'fast' },
      ]),
    );
    assert.deepEqual(patched, { http: { port: 30000 }, owners: [{ id: 1, notify: true }, { id: 2, notify: true }], mode: 'debug', bot: { name: 'quokka' } });
  });

  test('json: a missing file becomes an object; a broken one is an error, never overwritten', () => {
    assert.deepEqual(JSON.parse(patchJson('', [{ match: 'a.b', value: 'c' }])), { a: { b: 'c' } });
    assert.throws(() => patchJson('{oops', [{ match: 'a', value: '1' }]), /not valid JSON/);
  });

  test('yaml: comments and layout survive; list items by index and wildcard', () => {
    const text = '# proxy config\nlisteners:\n  - host: 0.0.0.0:25577 # the bind\n    query_port: 25577\nservers:\n  lobby:\n    address: localhost:1\n  hub:\n    address: localhost:2\n';
    const patched = patchYaml(text, [
      { match: 'listeners[0].host', value: '0.0.0.0:30000' },
      { match: 'listeners.0.query_port', value: '30000' },
      { match: 'servers.*.address', value: '127.0.0.1:30001' },
    ]);
    assert.equal(patched, '# proxy config\nlisteners:\n  - host: 0.0.0.0:30000 # the bind\n    query_port: 30000\nservers:\n  lobby:\n    address: 127.0.0.1:30001\n  hub:\n    address: 127.0.0.1:30001\n');
  });

  test('yaml: a missing file is created with the keys asked for', () => {
    assert.equal(patchYaml('', [{ match: 'server.port', value: '1' }]), 'server:\n  port: 1\n');
    assert.throws(() => patchYaml('a: [1,', [{ match: 'a', value: '1' }]), /not valid YAML/);
  });

  test('xml: element paths and @attributes; the declaration is kept', () => {
    const text = '<?xml version="1.0"?>\n<voiced><network bind="1.2.3.4"><port>1</port></network><name>old</name></voiced>';
    const patched = patchXml(text, [
      { match: 'voiced.network.port', value: '9987' },
      { match: 'voiced.network.@bind', value: '0.0.0.0' },
      { match: 'voiced.name', value: 'Lobby & friends' },
    ]);
    assert.match(patched, /^<\?xml version="1.0"\?>/);
    assert.match(patched, /<network bind="0.0.0.0">\s*<port>9987<\/port>/);
    assert.match(patched, /<name>Lobby &amp; friends<\/name>/);
  });
});
