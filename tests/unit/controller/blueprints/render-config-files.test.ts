import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderConfigFiles, renderConfigValue, unknownConfigPlaceholders, type ConfigValues } from '../../../../controller/blueprints/render-config-files.ts';

const VALUES: ConfigValues = {
  serverId: 'srv_abc',
  port: '25570',
  ip: '0.0.0.0',
  memory: '2048',
  swap: '0',
  disk: '4096',
  cpu: '150',
  hostInterface: '127.0.0.1',
  environment: { MOTD: 'hello world', SERVER_PORT: '25570' },
};

describe('config file placeholders', () => {
  test('the allocation, build and docker references the panels use', () => {
    const text = '{{server.allocations.default.port}} {{server.build.default.port}} {{server.allocations.default.ip}} {{server.build.default.ip}} {{server.build.memory}} {{config.docker.interface}} {{server.uuid}}';
    assert.equal(renderConfigValue(text, VALUES), '25570 25570 0.0.0.0 0.0.0.0 2048 127.0.0.1 srv_abc');
  });

  test('variables by every spelling eggs use; a name the server lacks reads empty', () => {
    assert.equal(renderConfigValue('{{server.environment.MOTD}}|{{server.build.env.MOTD}}|{{env.MOTD}}|{{ env.MOTD }}|{{env.NOPE}}', VALUES), 'hello world|hello world|hello world|hello world|');
  });

  test('unknown references are left as written and reported', () => {
    assert.equal(renderConfigValue('x {{server.secret}} y', VALUES), 'x {{server.secret}} y');
    assert.deepEqual(unknownConfigPlaceholders('{{server.secret}} {{env.OK}} {{server.build.memory}}'), ['{{server.secret}}']);
  });

  test('every value of every file is rendered; keys and conditions are not', () => {
    const rendered = renderConfigFiles([{ path: 'a', parser: 'json', replace: [{ match: '{{env.MOTD}}', value: '{{env.MOTD}}', ifValue: '{{x}}' }] }], VALUES);
    assert.deepEqual(rendered[0]?.replace, [{ match: '{{env.MOTD}}', value: 'hello world', ifValue: '{{x}}' }]);
  });
});
