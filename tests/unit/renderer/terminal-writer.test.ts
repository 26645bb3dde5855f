import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLEAR_SEQUENCE, TerminalWriter, type WritableTerminal } from '../../../renderer/features/servers/console/terminal-writer.ts';

/** A terminal that parses only when the test says so, like xterm under load. */
class SlowTerminal implements WritableTerminal {
  readonly written: string[] = [];
  readonly #callbacks: (() => void)[] = [];
  write(data: string, callback?: () => void) {
    this.written.push(data);
    if (callback) this.#callbacks.push(callback);
  }
  parseAll() {
    while (this.#callbacks.length > 0) this.#callbacks.shift()!();
  }
  get text() {
    return this.written.join('');
  }
}

describe('terminal writer (flow control)', () => {
  test('writes straight through while the terminal keeps up', () => {
    const terminal = new SlowTerminal();
    const writer = new TerminalWriter(terminal, { highWatermark: 100 });
    writer.writeLines(['one', 'two']);
    assert.deepEqual(terminal.written, ['one\ntwo\n']);
    assert.equal(writer.pending, 8);
    terminal.parseAll();
    assert.equal(writer.pending, 0);
  });

  test('holds data above the high watermark and sends it, coalesced, as the terminal catches up', () => {
    const terminal = new SlowTerminal();
    const writer = new TerminalWriter(terminal, { highWatermark: 10 });
    writer.write('0123456789AB');
    writer.write('c');
    writer.write('d');
    assert.deepEqual(terminal.written, ['0123456789AB'], 'above the watermark nothing more goes out');
    assert.equal(writer.queued, 2);
    terminal.parseAll();
    assert.deepEqual(terminal.written, ['0123456789AB', 'cd']);
    assert.equal(writer.queued, 0);
  });

  test('a flood beyond what may wait drops the oldest waiting lines and says how many, once', () => {
    const terminal = new SlowTerminal();
    const writer = new TerminalWriter(terminal, { highWatermark: 5, maxQueued: 20 });
    writer.write('xxxxxx');
    for (let i = 0; i < 10; i += 1) writer.writeLines([`l${i}`]);
    assert.ok(writer.queued <= 20);
    terminal.parseAll();
    const text = terminal.text;
    // Ten 3-byte lines, at most 20 bytes may wait: the six newest stay, four go.
    assert.ok(text.includes('\x1b[2m… 4 lines skipped'), 'one dim line says how many');
    assert.ok(text.endsWith('l9\n'), 'the newest lines survive');
    assert.ok(!text.includes('l0\n'), 'the oldest waiting lines went');
  });

  test('replace clears screen and scrollback in order, and drops what still waited', () => {
    const terminal = new SlowTerminal();
    const writer = new TerminalWriter(terminal, { highWatermark: 4 });
    writer.write('old-output\n');
    writer.write('waiting\n');
    writer.replace(['fresh']);
    terminal.parseAll();
    assert.deepEqual(terminal.written, ['old-output\n', `${CLEAR_SEQUENCE}fresh\n`]);
  });
});
