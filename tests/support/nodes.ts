import assert from 'node:assert/strict';
import { api, spawnController, type Json, type SpawnedController } from './controller.ts';
import { waitFor } from './wait.ts';

/** Controller processes for agent-link tests: loopback, no local agent, limits out of the way. */
export async function spawnNodeController(options: { data: string; port?: number; heartbeatSeconds?: number; env?: Record<string, string>; args?: string[] }): Promise<SpawnedController> {
  return spawnController(
    [
      '--host', '127.0.0.1',
      '--port', String(options.port ?? 0),
      '--data', options.data,
      '--heartbeat-interval', String(options.heartbeatSeconds ?? 1),
      '--rate-limit-general', '1000000',
      '--rate-limit-admin', '1000000',
      '--rate-limit-auth', '1000000',
      ...(options.args ?? ['--no-local-agent']),
    ],
    options.env,
  );
}

export const NODE_BODY = { name: 'node-a', host: '127.0.0.1', memory: 4096, disk: 20480, cpu: 400 };

/** POST /nodes as the admin; asserts the 201. */
export async function registerNode(base: string, adminToken: string, body: Record<string, unknown> = NODE_BODY): Promise<Json> {
  const res = await api(base, '/nodes', { token: adminToken, body });
  assert.equal(res.status, 201, res.text);
  return res.body.data;
}

/** POST /admin/nodes/:id/token as the admin; returns the new strk_node_ token. */
export async function issueNodeToken(base: string, adminToken: string, nodeId: string): Promise<string> {
  const res = await api(base, `/admin/nodes/${nodeId}/token`, { token: adminToken, method: 'POST' });
  assert.equal(res.status, 201, res.text);
  return res.body.data.token;
}

export async function getNode(base: string, adminToken: string, nodeId: string): Promise<Json> {
  const res = await api(base, `/nodes/${nodeId}`, { token: adminToken });
  assert.equal(res.status, 200, res.text);
  return res.body.data;
}

/** Polls GET /nodes/:id until its status is `status`; returns that node. */
export function waitForNodeStatus(base: string, adminToken: string, nodeId: string, status: string, timeoutMs = 10_000): Promise<Json> {
  return waitFor(
    async () => {
      const node = await getNode(base, adminToken, nodeId);
      if (node.status !== status) throw new Error(`status ${node.status}`);
      return node;
    },
    { timeoutMs, message: `node ${nodeId} ${status}` },
  );
}
