import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_DESKTOP_SETTINGS } from '../../../contracts/index.ts';
import { controllerArgs, desktopLaunch } from '../../../main/desktop-config.ts';
import { lanUrls, localUrl } from '../../../main/lan-urls.ts';
import { isVisible } from '../../../main/window-state.ts';

const USER_DATA = '/home/ada/.config/StellarStack';

describe('desktop launch configuration (main/desktop-config.ts)', () => {
  test('Electron\'s argv: its executable, app path and Chromium switches are dropped; our flags and their values kept', () => {
    assert.deepEqual(
      controllerArgs(['.', '--no-sandbox', '--inspect=0', '--remote-debugging-port=0', '--port', '9000', '--data=/srv/stellar', '--enable-logging', '--no-local-agent', '--allowed-origin', 'http://a', '--allowed-origin=http://b']),
      ['--port', '9000', '--data=/srv/stellar', '--no-local-agent', '--allowed-origin', 'http://a', '--allowed-origin=http://b'],
    );
    assert.deepEqual(controllerArgs(['--help']), ['--help']);
  });

  test('no flags: the saved settings decide port, LAN and local agent; the data lives in userData', () => {
    const launch = desktopLaunch([], { ...DEFAULT_DESKTOP_SETTINGS, port: 9100, exposeToLan: true, localAgent: false }, USER_DATA, {});
    assert.ok(launch !== 'help');
    assert.equal(launch.config.port, 9100);
    assert.equal(launch.config.host, '0.0.0.0');
    assert.equal(launch.config.localAgent, false);
    assert.equal(launch.config.dataDir, USER_DATA);
    assert.deepEqual(launch.overrides, []);
  });

  test('flags and variables of `npm run serve` win for this run and are named as overrides', () => {
    const flags = desktopLaunch(['--port', '9300', '--host', '127.0.0.1', '--data', '/srv/s'], { ...DEFAULT_DESKTOP_SETTINGS, exposeToLan: true }, USER_DATA, {});
    assert.ok(flags !== 'help');
    assert.deepEqual([flags.config.port, flags.config.host, flags.config.dataDir], [9300, '127.0.0.1', '/srv/s']);
    assert.deepEqual(flags.overrides, [{ setting: 'port', by: '--port' }, { setting: 'exposeToLan', by: '--host' }]);
    assert.equal(flags.dataDirOverridden, true);

    const saved = { ...process.env };
    Object.assign(process.env, { STELLAR_PORT: '9400', STELLAR_DATA_DIR: '/srv/env', STELLAR_LOCAL_AGENT: '0' });
    try {
      const env = desktopLaunch([], DEFAULT_DESKTOP_SETTINGS, USER_DATA, process.env);
      assert.ok(env !== 'help');
      assert.deepEqual([env.config.port, env.config.dataDir, env.config.localAgent], [9400, '/srv/env', false]);
      assert.deepEqual(env.overrides, [{ setting: 'port', by: 'STELLAR_PORT' }, { setting: 'localAgent', by: 'STELLAR_LOCAL_AGENT=0' }]);
    } finally {
      for (const key of ['STELLAR_PORT', 'STELLAR_DATA_DIR', 'STELLAR_LOCAL_AGENT']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });

  test('a bad flag is the same usage error as `npm run serve`; --help is help', () => {
    assert.throws(() => desktopLaunch(['--port', 'abc'], DEFAULT_DESKTOP_SETTINGS, USER_DATA, {}), /--port must be a whole number/);
    assert.equal(desktopLaunch(['-h'], DEFAULT_DESKTOP_SETTINGS, USER_DATA, {}), 'help');
  });
});

describe('LAN addresses and the window URL (main/lan-urls.ts)', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4' as const, mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
    eth0: [
      { address: '192.168.1.20', netmask: '255.255.255.0', family: 'IPv4' as const, mac: 'aa:bb:cc:dd:ee:ff', internal: false, cidr: '192.168.1.20/24' },
      { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6' as const, mac: 'aa:bb:cc:dd:ee:ff', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
    ],
    wlan0: [{ address: '10.0.0.5', netmask: '255.255.255.0', family: 'IPv4' as const, mac: 'aa:bb:cc:dd:ee:00', internal: false, cidr: '10.0.0.5/24' }],
  };

  test('bound to every interface: each external IPv4 address; loopback: none; one address: that one', () => {
    assert.deepEqual(lanUrls('0.0.0.0', 8420, interfaces), ['http://192.168.1.20:8420', 'http://10.0.0.5:8420']);
    assert.deepEqual(lanUrls('127.0.0.1', 8420, interfaces), []);
    assert.deepEqual(lanUrls('192.168.1.20', 9000, interfaces), ['http://192.168.1.20:9000']);
  });

  test('the window reaches a wildcard bind over loopback', () => {
    assert.equal(localUrl('http://0.0.0.0:8420'), 'http://127.0.0.1:8420');
    assert.equal(localUrl('http://127.0.0.1:8420'), 'http://127.0.0.1:8420');
  });

  test('a saved window place counts as visible only while enough of it is on some display', () => {
    const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }, { workArea: { x: 1920, y: 0, width: 1280, height: 1024 } }];
    assert.equal(isVisible({ x: 100, y: 100, width: 1000, height: 700 }, displays), true);
    assert.equal(isVisible({ x: 2000, y: 100, width: 1000, height: 700 }, displays), true, 'on the second monitor');
    assert.equal(isVisible({ x: 3300, y: 100, width: 1000, height: 700 }, displays), false, 'that monitor is gone');
    assert.equal(isVisible({ x: -980, y: 100, width: 1000, height: 700 }, displays), false, 'only a sliver shows');
  });
});
