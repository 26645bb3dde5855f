import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EggSchema, type Blueprint } from '../../../../contracts/index.ts';
import { eggToBlueprint } from '../../../../controller/blueprints/eggs/egg-to-blueprint.ts';
import { buildServerSpec } from '../../../../controller/servers/server-spec.ts';
import type { StoredNode, StoredServer } from '../../../../controller/store/document-schema.ts';
import { NODE_BOT_PLCN_V1, VOICE_PLCN_V3 } from '../../../support/eggs.ts';

function imported(egg: unknown): Blueprint {
  const { id, body } = eggToBlueprint(EggSchema.parse(egg));
  return { ...body, id, builtin: false };
}

function server(blueprint: Blueprint, variables: Record<string, string> = {}): StoredServer {
  const now = new Date().toISOString();
  return {
    id: 'srv_spectest1', name: 'Spec', description: '', nodeId: 'node_spec0001', blueprintId: blueprint.id, ownerId: 'usr_x',
    image: Object.values(blueprint.images)[0] as string, memory: 768, cpu: 150, disk: 2048, swap: 0, ports: [{ port: 30123, protocol: 'tcp' }],
    variables, restartPolicy: { enabled: false, maxRetries: 3 }, status: 'stopped', statusReason: null, createdAt: now, updatedAt: now,
  };
}

function node(hostNetwork: boolean): StoredNode {
  return { id: 'node_spec0001', hostNetwork, bindAddress: '0.0.0.0' } as StoredNode;
}

describe('the spec of a server from an imported egg', () => {
  test('the environment images of the ecosystem expect: STARTUP, SERVER_MEMORY, SERVER_IP, SERVER_PORT, P_SERVER_UUID and each variable', () => {
    const blueprint = imported(NODE_BOT_PLCN_V1);
    const spec = buildServerSpec(server(blueprint, { BOT_NAME: 'quokka' }), blueprint, node(true));
    assert.equal(spec.startupMode, 'entrypoint');
    assert.equal(spec.environment.STARTUP, spec.startup);
    assert.equal(spec.environment.SERVER_MEMORY, '768');
    assert.equal(spec.environment.SERVER_PORT, '30123');
    assert.equal(spec.environment.SERVER_IP, '0.0.0.0');
    assert.equal(spec.environment.P_SERVER_UUID, 'srv_spectest1');
    assert.equal(spec.environment.BOT_NAME, 'quokka');
    assert.equal(spec.environment.BOT_JS_FILE, 'index.js');
    assert.match(spec.startup, /node \/home\/container\/index\.js$/);
  });

  test('config file values are filled in from the server: its port, memory, variables and the host interface', () => {
    const bot = imported(NODE_BOT_PLCN_V1);
    const files = buildServerSpec(server(bot, { BOT_NAME: 'quokka' }), bot, node(true)).configFiles;
    assert.deepEqual(files[0]?.replace.slice(0, 3), [
      { match: 'http.port', value: '30123' },
      { match: 'http.host', value: '0.0.0.0' },
      { match: 'bot.name', value: 'quokka' },
    ]);
    const voice = imported(VOICE_PLCN_V3);
    const onBridge = buildServerSpec(server(voice, { SERVER_NAME: 'lobby' }), voice, node(false)).configFiles[0]?.replace;
    assert.deepEqual(onBridge?.map((r) => r.value), ['30123', '172.17.0.1', 'lobby', '{{server.secret.token}}']);
    const onHost = buildServerSpec(server(voice, { SERVER_NAME: 'lobby' }), voice, node(true)).configFiles[0]?.replace;
    assert.equal(onHost?.[1]?.value, '127.0.0.1');
  });
});
