import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../../../agent/server/line-splitter.ts';

test('a line split across chunks comes out whole, once its newline arrives', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push('Done ('), []);
  assert.deepEqual(splitter.push('3.2s)!\nnext'), ['Done (3.2s)!']);
  assert.deepEqual(splitter.push(' line\n'), ['next line']);
});

test('one chunk with many lines yields them in order, empty lines included', () => {
  assert.deepEqual(new LineSplitter().push('a\n\nb\n'), ['a', '', 'b']);
});

test('carriage returns are stripped (CRLF endings, progress bars)', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push('windows line\r\n'), ['windows line']);
  assert.deepEqual(splitter.push('10%\r20%\r\n'), ['10%20%']);
  // A CR at the end of one chunk and the LF at the start of the next.
  assert.deepEqual([...splitter.push('split\r'), ...splitter.push('\n')], ['split']);
});

test('a line longer than the cap is truncated and marked; the rest of it is discarded', () => {
  const splitter = new LineSplitter(1024);
  const lines = [...splitter.push('x'.repeat(800)), ...splitter.push('y'.repeat(5000)), ...splitter.push('z\nafter\n')];
  assert.equal(lines.length, 2);
  assert.ok(Buffer.byteLength(lines[0] as string) <= 1024);
  assert.match(lines[0] as string, /^x{800}y+ \[line truncated\]$/);
  assert.equal(lines[1], 'after');
});

test('the cap counts UTF-8 bytes and never cuts a character in half', () => {
  const splitter = new LineSplitter(100);
  const [line] = splitter.push(`${'é'.repeat(200)}\n`);
  assert.ok(Buffer.byteLength(line as string) <= 100);
  assert.ok(!(line as string).includes('\uFFFD'));
});

test('flush returns the unfinished last line, and nothing when there is none', () => {
  const splitter = new LineSplitter();
  splitter.push('last words');
  assert.deepEqual(splitter.flush(), ['last words']);
  assert.deepEqual(splitter.flush(), []);
});
