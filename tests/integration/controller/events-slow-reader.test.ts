import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { EventFrame } from '../../../contracts/index.ts';
import { MAX_BUFFERED_BYTES, SseStream } from '../../../controller/events/sse-stream.ts';
import { waitFor } from '../../support/wait.ts';

/**
 * A reader that stops reading, over a real socket: the stream must not buffer for it without
 * bound. Samples are skipped while the socket is backed up, everything else waits its turn,
 * and a reader that lets MAX_BUFFERED_BYTES pile up is cut off.
 */

const SAMPLE = { cpu: 0, memory: 1, memoryLimit: 2, disk: 3, networkRx: 4, networkTx: 5, uptime: 6, players: null };

function resources(cpu: number): EventFrame {
  return { type: 'resources', data: { srv_slow: { ...SAMPLE, cpu } } };
}

/** A frame that must never be dropped, padded to `bytes`. */
function bulky(id: string, bytes: number): EventFrame {
  return { type: 'signed_out', data: { reason: `${id}:${'x'.repeat(bytes)}` } };
}

describe('a slow reader of the event stream', () => {
  let server: Server;
  let port: number;
  let pending: ((opened: { stream: SseStream; response: ServerResponse }) => void) | null = null;

  before(async () => {
    server = createServer((_request, response) => pending?.({ stream: new SseStream(response, {}), response }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A raw client that sends the request and then reads nothing until told to. */
  async function pausedClient(): Promise<{ socket: Socket; stream: SseStream; response: ServerResponse; received: () => string }> {
    const opened = new Promise<{ stream: SseStream; response: ServerResponse }>((resolve) => (pending = resolve));
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => {});
    socket.write('GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const { stream, response } = await opened;
    socket.pause();
    return { socket, stream, response, received: () => text };
  }

  /** Writes bulky frames until Node's own buffer holds some: the kernel's buffers are full by then. */
  function fillUp(stream: SseStream, response: ServerResponse): number {
    let sent = 0;
    while (response.writableLength < 256 * 1024) {
      stream.send(bulky(`fill${sent++}`, 64 * 1024));
      assert.ok(sent < 4096, 'the socket never backed up');
    }
    return sent;
  }

  test('while the socket is backed up, samples are dropped and other frames queue; after drain, samples flow again', async () => {
    const { socket, stream, response, received } = await pausedClient();
    const sent = fillUp(stream, response);

    const buffered = response.writableLength;
    stream.send(resources(1));
    assert.equal(response.writableLength, buffered, 'a sample is not queued behind a full socket');
    stream.send(bulky('kept', 10));
    assert.ok(response.writableLength > buffered, 'any other frame is queued');

    socket.resume();
    await waitFor(() => received().includes('kept:xxxxxxxxxx'), { message: 'the queued frame', timeoutMs: 10_000 });
    await waitFor(() => !response.writableNeedDrain, { message: 'drain' });
    stream.send(resources(2));
    await waitFor(() => received().includes('"cpu":2'), { message: 'a sample after drain' });

    const text = received();
    assert.ok(!text.includes('"cpu":1'), 'the sample sent while backed up never arrives');
    assert.equal(text.match(/data: \{"type":"signed_out"/g)?.length, sent + 1, 'every other frame arrived, in order');
    assert.ok(text.indexOf('fill0:') < text.indexOf('kept:'));
    socket.destroy();
  });

  test(`a reader that lets more than ${MAX_BUFFERED_BYTES / 1024 / 1024} MiB pile up is cut off, and memory stays bounded`, async () => {
    const { socket, stream, response } = await pausedClient();
    const closed = new Promise<void>((resolve) => stream.once('close', resolve));
    const frame = bulky('big', 512 * 1024);
    let largest = 0;
    for (let i = 0; i < 512 && !response.destroyed; i++) {
      stream.send(frame);
      largest = Math.max(largest, response.writableLength);
    }
    assert.ok(response.destroyed, 'the response was destroyed');
    await closed;
    assert.ok(largest <= MAX_BUFFERED_BYTES + 600 * 1024, `at most one frame over the cap was held (${largest} bytes)`);
    stream.send(frame);
    stream.end();
    socket.destroy();
  });
});
