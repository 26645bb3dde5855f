import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backpressuredSender, type BufferedSocket } from '../../../contracts/backpressured-sender.ts';

function fakeSocket(): BufferedSocket & { sent: string[]; readyState: number; bufferedAmount: number } {
  const socket = {
    readyState: 1,
    bufferedAmount: 0,
    sent: [] as string[],
    send(data: string) {
      socket.sent.push(data);
      socket.bufferedAmount += data.length;
    },
  };
  return socket;
}

test('sends JSON at once and answers "go on" while the socket is under its high-water mark', () => {
  const socket = fakeSocket();
  const send = backpressuredSender(socket, { highBytes: 1000, lowBytes: 100 });
  assert.equal(send({ type: 'status', data: 'running' }), undefined);
  assert.deepEqual(socket.sent, ['{"type":"status","data":"running"}']);
});

test('over the high-water mark: a promise that settles only once the socket drained below the low-water mark', async () => {
  const socket = fakeSocket();
  const send = backpressuredSender(socket, { highBytes: 10, lowBytes: 5 }, 5);
  const wait = send({ type: 'console', data: 'a line longer than ten bytes' });
  assert.ok(wait instanceof Promise);
  let settled = false;
  void wait.then(() => (settled = true));
  socket.bufferedAmount = 7;
  await new Promise((resolve) => setTimeout(resolve, 25));
  assert.equal(settled, false, 'between the marks: still full');
  socket.bufferedAmount = 4;
  await wait;
});

test('a socket that closes while full releases the wait; a closed socket is sent nothing', async () => {
  const socket = fakeSocket();
  const send = backpressuredSender(socket, { highBytes: 1, lowBytes: 0 }, 5);
  const wait = send({ type: 'token_expired' });
  socket.readyState = 3;
  await wait;
  assert.equal(send({ type: 'token_expired' }), undefined);
  assert.equal(socket.sent.length, 1);
});
