import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { spawnAgent, type SpawnedAgent } from '../../support/agent.ts';
import { api, signUpAdmin, tempDir, type Account, type SpawnedController } from '../../support/controller.ts';
import { registerNode, spawnNodeController, waitForNodeStatus } from '../../support/nodes.ts';

/**
 * The command POST /admin/nodes/:id/token hands out starts a working agent without putting
 * the node token on a command line, where every local user could read it in `ps`.
 */
describe('the agent command keeps the node token off the command line', () => {
  let dir: string;
  let controller: SpawnedController;
  let admin: Account;
  let agent: SpawnedAgent | undefined;
  before(async () => {
    dir = await tempDir('agent-command');
    controller = await spawnNodeController({ data: `${dir}/controller` });
    admin = await signUpAdmin(controller.url);
  });
  after(async () => {
    await agent?.kill('SIGKILL');
    await controller.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('the token travels in STELLAR_NODE_TOKEN; the agent started that way connects and its argv has no token', async () => {
    const node = await registerNode(controller.url, admin.token);
    const res = await api(controller.url, `/admin/nodes/${node.id}/token`, { token: admin.token, method: 'POST' });
    assert.equal(res.status, 201, res.text);
    const { token, command } = res.body.data as { token: string; command: string };
    const match = /^STELLAR_NODE_TOKEN=(\S+) npm run agent -- (.+)$/.exec(command);
    assert.ok(match, `command: ${command}`);
    assert.equal(match[1], token);
    const args = match[2]!.split(' ');
    assert.ok(!args.some((arg) => arg.includes(token)) && !args.includes('--token'), `no token among the arguments: ${command}`);

    // Run what the admin would, with a test data dir and a free loopback console port appended.
    agent = spawnAgent([...args, '--data', `${dir}/agent`, '--console-port', '0', '--console-host', '127.0.0.1'], { STELLAR_NODE_TOKEN: match[1]! });
    await waitForNodeStatus(controller.url, admin.token, node.id, 'online', 20_000);
    const pid = agent.child.pid!;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    assert.ok(!cmdline.includes(token), 'the running agent shows no token in /proc/<pid>/cmdline');
  });
});
