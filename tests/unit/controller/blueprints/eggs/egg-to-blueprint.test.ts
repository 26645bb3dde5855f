import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError, EggSchema, type Blueprint, type ImportWarning } from '../../../../../contracts/index.ts';
import { assertValidBlueprint } from '../../../../../controller/blueprints/blueprint-checks.ts';
import { blueprintToEgg } from '../../../../../controller/blueprints/eggs/blueprint-to-egg.ts';
import { eggToBlueprint, slugOf } from '../../../../../controller/blueprints/eggs/egg-to-blueprint.ts';
import { EGGS_BY_VERSION, NODE_BOT_PLCN_V1, PAPER_LIKE_PTDL_V2, PYTHON_BOT_PLCN_V2, STEAMCMD_LIKE_PTDL_V1, VOICE_PLCN_V3 } from '../../../../support/eggs.ts';

const map = (egg: unknown) => eggToBlueprint(EggSchema.parse(egg));
const warningFor = (warnings: ImportWarning[], field: string) => warnings.find((w) => w.field === field)?.message;

function refusedWith(fn: () => unknown, field: string): void {
  assert.throws(fn, (error: unknown) => error instanceof AppError && error.code === 'VALIDATION_ERROR' && field in (error.details as object));
}

describe('egg to blueprint', () => {
  test('every format version maps to a blueprint that passes the save checks, remembering its source', () => {
    for (const [version, egg] of Object.entries(EGGS_BY_VERSION)) {
      const { body } = map(egg);
      assert.doesNotThrow(() => assertValidBlueprint(body), version);
      assert.equal(body.source?.format, version);
      assert.equal(body.startupMode, 'entrypoint', 'eggs run on images whose entrypoint reads STARTUP');
    }
  });

  test('an unknown format version is refused naming meta.version', () => {
    const parsed = EggSchema.safeParse({ ...PAPER_LIKE_PTDL_V2, meta: { version: 'PTDL_v9' } });
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error?.issues[0]?.path, ['meta', 'version']);
  });

  test('docker_images become the image choices; PTDL_v1 lists become label = image', () => {
    assert.deepEqual(map(PAPER_LIKE_PTDL_V2).body.images, { 'Java 21': 'ghcr.io/example/yolks:java_21', 'Java 17': 'ghcr.io/example/yolks:java_17' });
    assert.deepEqual(map(STEAMCMD_LIKE_PTDL_V1).body.images, { 'ghcr.io/example/games:source': 'ghcr.io/example/games:source' });
  });

  test('an egg without a usable image, startup or valid JSON text is a 422 naming the field', () => {
    refusedWith(() => map({ ...PAPER_LIKE_PTDL_V2, docker_images: { bad: 'not an image!' } }), 'docker_images');
    refusedWith(() => map({ ...PAPER_LIKE_PTDL_V2, startup: '' }), 'startup');
    refusedWith(() => map({ ...PAPER_LIKE_PTDL_V2, config: { ...PAPER_LIKE_PTDL_V2.config, files: '{not json' } }), 'config.files');
    refusedWith(() => map({ ...PAPER_LIKE_PTDL_V2, config: { ...PAPER_LIKE_PTDL_V2.config, startup: '{"done": ' } }), 'config.startup');
  });

  test('startup keeps {{VAR}} and the built-ins; dotted panel references become built-ins; undeclared names read the environment', () => {
    assert.equal(map(PAPER_LIKE_PTDL_V2).body.startup, 'java -Xms128M -Xmx{{SERVER_MEMORY}}M -Dterminal.jline=false -jar {{SERVER_JARFILE}} --port {{SERVER_PORT}}');
    const { body, warnings } = map({ ...PAPER_LIKE_PTDL_V2, startup: 'run --ip {{SERVER_IP}} --seed {{WORLD_SEED}}' });
    assert.equal(body.startup, 'run --ip {{SERVER_IP}} --seed ${WORLD_SEED}');
    assert.match(warningFor(warnings, 'startup') ?? '', /WORLD_SEED/);
  });

  test('PLCN_v3 startup_commands: the first is used and the others are named in a warning', () => {
    const { body, warnings } = map(VOICE_PLCN_V3);
    assert.equal(body.startup, './voiced --port={{SERVER_PORT}} --name={{SERVER_NAME}}');
    assert.match(warningFor(warnings, 'startup_commands') ?? '', /2 startup commands/);
  });

  test('config.startup.done: a string or a list, plain or regex:', () => {
    assert.deepEqual(map(PAPER_LIKE_PTDL_V2).body.done, [')! For help, type ']);
    assert.deepEqual(map(STEAMCMD_LIKE_PTDL_V1).body.done, ['regex:^Connection to Steam servers (successful|established)', 'VAC secure mode is activated.']);
    assert.deepEqual(map(PYTHON_BOT_PLCN_V2).body.done, ['Logged in as']);
    const broken = map({ ...VOICE_PLCN_V3, config: { ...VOICE_PLCN_V3.config, startup: { done: ['regex:(unclosed', 'fine'] } } });
    assert.deepEqual(broken.body.done, ['fine']);
    assert.ok(warningFor(broken.warnings, 'config.startup.done.0'));
  });

  test('config.stop: a command, ^C is SIGINT, ^^C is SIGKILL, ^NAME a signal', () => {
    assert.deepEqual(map(PAPER_LIKE_PTDL_V2).body.stop, { type: 'command', value: 'stop' });
    assert.deepEqual(map(STEAMCMD_LIKE_PTDL_V1).body.stop, { type: 'signal', value: 'SIGINT' });
    assert.deepEqual(map(NODE_BOT_PLCN_V1).body.stop, { type: 'signal', value: 'SIGKILL' });
    assert.deepEqual(map({ ...VOICE_PLCN_V3, config: { ...VOICE_PLCN_V3.config, stop: '^SIGTERM' } }).body.stop, { type: 'signal', value: 'SIGTERM' });
  });

  test('scripts.installation becomes the install: container, entrypoint, script with CRLF made LF; an empty script is no install', () => {
    assert.deepEqual(map(PAPER_LIKE_PTDL_V2).body.install, {
      image: 'ghcr.io/example/installers:alpine',
      entrypoint: 'ash',
      script: '#!/bin/ash\ncd /mnt/server\necho "fetching build ${MINECRAFT_VERSION}"\n',
      timeoutSeconds: 900,
    });
    assert.equal(map(PYTHON_BOT_PLCN_V2).body.install, null);
  });

  test('variables: name, description, env, default, editability and rules; admin-only ones are not user-editable', () => {
    const { body, warnings } = map(STEAMCMD_LIKE_PTDL_V1);
    const appId = body.variables.find((v) => v.env === 'SRCDS_APPID');
    assert.deepEqual(appId, {
      env: 'SRCDS_APPID',
      name: 'App ID',
      description: '',
      default: '4020',
      userEditable: false,
      userViewable: false,
      rules: { required: true, type: 'numeric', options: ['4020', '232250'] },
    });
    assert.ok(warningFor(warnings, 'variables.SRCDS_APPID.user_viewable'));
    assert.deepEqual(body.variables.find((v) => v.env === 'REGION')?.rules, { required: true, type: 'string', size: 2 });
  });

  test('a default that breaks its own rules is dropped with a warning instead of refusing the egg', () => {
    const { body, warnings } = map(VOICE_PLCN_V3);
    assert.equal(body.variables[0]?.default, '');
    assert.match(warningFor(warnings, 'variables.SERVER_NAME.rules') ?? '', /flag\(s\) i/);
    assert.match(warningFor(warnings, 'variables.SERVER_NAME.default_value') ?? '', /left empty/);
  });

  test('variables StellarStack sets itself, bad names and duplicates are left out with warnings', () => {
    const egg = structuredClone(PAPER_LIKE_PTDL_V2);
    egg.variables.push({ ...egg.variables[0]!, env_variable: 'SERVER_PORT' }, { ...egg.variables[0]!, env_variable: 'lower_case' }, { ...egg.variables[0]! });
    const { body, warnings } = map(egg);
    assert.deepEqual(body.variables.map((v) => v.env), ['MINECRAFT_VERSION', 'SERVER_JARFILE', 'BUILD_NUMBER', 'VIEW_DISTANCE']);
    assert.equal(warnings.filter((w) => w.field.endsWith('.env_variable')).length, 3);
  });

  test('features, file_denylist and config.logs are kept and reported as not acted on', () => {
    const { body, warnings } = map(STEAMCMD_LIKE_PTDL_V1);
    assert.deepEqual(body.logs, { custom: true, location: 'logs/latest.log' });
    assert.ok(warningFor(warnings, 'config.logs'));
    const paper = map(PAPER_LIKE_PTDL_V2);
    assert.deepEqual(paper.body.features, ['eula', 'java_version', 'pid_limit']);
    assert.deepEqual(paper.body.fileDenylist, ['server.jar']);
    assert.match(warningFor(paper.warnings, 'features') ?? '', /eula, java_version, pid_limit/);
    assert.ok(warningFor(paper.warnings, 'file_denylist'));
  });

  test('category from the first Pelican tag, else "imported"; the id from the name', () => {
    assert.equal(map(NODE_BOT_PLCN_V1).body.category, 'bots');
    assert.equal(map(PAPER_LIKE_PTDL_V2).body.category, 'imported');
    assert.equal(map(PAPER_LIKE_PTDL_V2).id, 'paperlike-java');
    assert.equal(slugOf('Node.js  chat bot!'), 'node-js-chat-bot');
    assert.equal(slugOf('⛏'), 'egg-imported');
  });

  test('export then import gives the same blueprint, for every version', () => {
    for (const egg of Object.values(EGGS_BY_VERSION)) {
      const first = map(egg);
      const blueprint: Blueprint = { ...first.body, id: first.id, builtin: false };
      const exported = JSON.parse(JSON.stringify(blueprintToEgg(blueprint))) as { meta: { version: string } };
      assert.equal(exported.meta.version, 'PLCN_v3');
      const again = map(exported);
      assert.equal(again.id, first.id);
      assert.deepEqual({ ...again.body, source: null }, { ...first.body, source: null }, first.id);
      assert.equal(again.body.source?.uuid, first.body.source?.uuid ?? again.body.source?.uuid);
    }
  });
});
