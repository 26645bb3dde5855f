import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { patchIni, patchPlainFile, patchProperties } from '../../../../../agent/server/config-files/line-parsers.ts';

describe('config file parsers: file, properties, ini', () => {
  test('file: a line found by its start is replaced whole; other lines stay byte for byte', () => {
    assert.equal(patchPlainFile('# keep\nPORT=1\nMODE=debug\n', [{ match: 'PORT=', value: 'PORT=2' }]), '# keep\nPORT=2\nMODE=debug\n');
  });

  test('file: the empty key replaces the whole file; ifValue replaces only lines with that rest', () => {
    assert.equal(patchPlainFile('old\ncontent\n', [{ match: '', value: 'new content' }]), 'new content\n');
    assert.equal(patchPlainFile('MODE=debug\nMODE=fast\n', [{ match: 'MODE=', value: 'MODE=release', ifValue: 'debug' }]), 'MODE=release\nMODE=fast\n');
  });

  test('file: a missing file (empty text) gets only what the empty key writes', () => {
    assert.equal(patchPlainFile('', [{ match: 'PORT=', value: 'PORT=2' }]), '');
    assert.equal(patchPlainFile('', [{ match: '', value: 'hello' }]), 'hello\n');
  });

  test('properties: keys (dots are part of the key) keep their separator; missing keys are appended; comments and CRLF kept', () => {
    const text = '#Game properties\r\nserver-port=25565\r\nquery.port = 1\r\nmotd=Hi\r\n';
    const patched = patchProperties(text, [
      { match: 'server-port', value: '30000' },
      { match: 'query.port', value: '30000' },
      { match: 'server-ip', value: '0.0.0.0' },
    ]);
    assert.equal(patched, '#Game properties\r\nserver-port=30000\r\nquery.port = 30000\r\nmotd=Hi\r\nserver-ip=0.0.0.0\r\n');
  });

  test('properties: * in a key matches any run of characters; wildcards and conditions never append', () => {
    const patched = patchProperties('a.one=1\na.two=2\nb=3\n', [{ match: 'a.*', value: '9' }, { match: 'c.*', value: '9' }, { match: 'b', value: '4', ifValue: 'x' }]);
    assert.equal(patched, 'a.one=9\na.two=9\nb=3\n');
  });

  test('ini: section.key, bare keys before any section, new keys and sections added where they belong', () => {
    const text = 'version=1\n\n[Network]\nPort = 7777\n; comment\n\n[General]\nName=x\n';
    const patched = patchIni(text, [
      { match: 'Network.Port', value: '8000' },
      { match: 'Network.Bind', value: '0.0.0.0' },
      { match: 'version', value: '2' },
      { match: 'Admin.Password', value: 'pw' },
    ]);
    assert.equal(patched, 'version=2\n\n[Network]\nPort = 8000\n; comment\nBind=0.0.0.0\n\n[General]\nName=x\n\n[Admin]\nPassword=pw\n');
  });

  test('ini: a key in an empty section goes under its header, not into a second copy of it', () => {
    assert.equal(patchIni('[A]\n[B]\nx=1\n', [{ match: 'A.k', value: 'v' }]), '[A]\nk=v\n[B]\nx=1\n');
  });
});
