import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { test } from 'node:test';
import { ensureOpenttdImage, OPENTTD_IMAGE } from '../../../support/images.ts';
import { dockerSkipReason } from '../../../support/requirements.ts';
import { docker, environmentFor, makeSpec, Recorder, tempDir } from './docker-fixtures.ts';

const skip = await dockerSkipReason();
if (!skip) await ensureOpenttdImage(docker);

test('a real game server (OpenTTD) starts with host networking, answers a console command and quits', { skip, timeout: 60_000 }, async (t) => {
  const port = await freeLoopbackPort();
  const spec = makeSpec({
    image: OPENTTD_IMAGE,
    startup: `openttd -D 127.0.0.1:${port} -x`,
    // OpenTTD writes its config under $HOME: keep it in the server's own files.
    environment: { HOME: '/home/container' },
    memory: 512,
    ports: [{ port, protocol: 'tcp' }],
    stop: { type: 'command', value: 'quit' },
  });
  const environment = environmentFor(t, spec.id);
  const recorder = new Recorder(environment);
  await environment.create(spec, { hostDataDir: await tempDir(t) });
  await environment.attach();
  await environment.start();

  await recorder.waitForText('Starting dedicated server');
  await recorder.waitForText('Map generated, starting game', 20_000);
  // Host networking: the game listens on the host's loopback.
  await tcpConnects(port);

  await environment.sendCommand('server_info');
  await recorder.waitForText(/Current\/maximum clients:\s+0\/\s*\d+/);

  await environment.sendCommand('quit');
  await recorder.waitForExit(15_000);
  assert.deepEqual(recorder.exits, [{ exitCode: 0, oomKilled: false }]);
});

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function tcpConnects(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', reject);
  });
}
