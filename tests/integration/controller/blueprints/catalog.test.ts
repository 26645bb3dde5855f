import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { BlueprintSchema, type Blueprint } from '../../../../contracts/index.ts';
import { blueprintProblems } from '../../../../controller/blueprints/blueprint-checks.ts';
import { BUILTIN_BLUEPRINTS } from '../../../../controller/blueprints/catalog/index.ts';
import { renderStartup, STANDARD_STARTUP_VARIABLES, startupPlaceholders } from '../../../../controller/blueprints/render-startup.ts';
import { valueProblem } from '../../../../contracts/index.ts';
import { validateVariables } from '../../../../controller/blueprints/variable-rules.ts';
import { matchVariablePattern } from '../../../../controller/blueprints/variable-pattern.ts';

/** The protocol each game's players connect with: UDP games broke on panels that published only TCP. */
const GAME_PROTOCOL: Record<string, 'tcp' | 'udp'> = {
  'minecraft-java': 'tcp',
  'minecraft-bedrock': 'udp',
  valheim: 'udp',
  terraria: 'tcp',
  factorio: 'udp',
  rust: 'udp',
  'counter-strike-2': 'udp',
  openttd: 'tcp',
};

/** Public registries the catalog may pull from; nothing local, nothing without a tag. */
const PUBLIC_IMAGE = /^(?:ghcr\.io\/(?:pterodactyl|parkervcp)\/[a-z0-9._-]+|factoriotools\/factorio):[A-Za-z0-9._-]+$/;

const STANDARD_CONTEXT = { SERVER_MEMORY: '2048', SERVER_PORT: '27015', SERVER_IP: '0.0.0.0' };

/** Defaults, with a valid sample for the required variables that have none (secrets). */
function sampleValues(blueprint: Blueprint): Record<string, string> {
  const given = Object.fromEntries(blueprint.variables.filter((v) => v.rules.required && v.default === '').map((v) => [v.env, 'sample-secret']));
  return validateVariables(blueprint, given, { asAdmin: false });
}

function shellSyntaxError(shell: string, script: string): string | null {
  const result = spawnSync(shell, ['-n'], { input: script, encoding: 'utf8' });
  return result.status === 0 ? null : result.stderr || `exit ${result.status}`;
}

describe('built-in catalog', () => {
  test('holds the games the issue asks for, minecraft-java (the seed example) included, ids unique', () => {
    const ids = BUILTIN_BLUEPRINTS.map((b) => b.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    assert.deepEqual([...ids].sort(), Object.keys(GAME_PROTOCOL).sort());
  });

  for (const blueprint of BUILTIN_BLUEPRINTS) {
    describe(blueprint.id, () => {
      test('is a valid, consistent Blueprint marked builtin', () => {
        assert.deepEqual(BlueprintSchema.parse(blueprint), blueprint);
        assert.equal(blueprint.builtin, true);
        const { id: _id, builtin: _builtin, ...body } = blueprint;
        assert.deepEqual(blueprintProblems(body), {});
        assert.ok(Object.isFrozen(blueprint) && Object.isFrozen(blueprint.variables), 'shared catalog objects are frozen');
      });

      test('players connect over the right protocol', () => {
        assert.ok(blueprint.ports.length >= 1, 'at least one port');
        assert.equal(blueprint.ports[0]?.protocol, GAME_PROTOCOL[blueprint.id]);
        for (const port of blueprint.ports) assert.ok(port.port >= 1024, `${port.port} is not a privileged port`);
      });

      test('pulls public images with explicit tags', () => {
        const images = [...Object.values(blueprint.images), ...(blueprint.install ? [blueprint.install.image] : [])];
        for (const image of images) assert.match(image, PUBLIC_IMAGE);
      });

      test('every default passes its own rules; only secrets have no default and must be given', () => {
        for (const variable of blueprint.variables) {
          if (variable.default === '') {
            if (variable.rules.required) assert.match(variable.env, /PASS/, `${variable.env} is required without a default`);
            continue;
          }
          assert.equal(valueProblem(variable.default, variable.rules, matchVariablePattern), null, `${variable.env}=${variable.default}`);
        }
      });

      test('every startup placeholder resolves from its variables plus the standard ones', () => {
        const known = new Set<string>([...STANDARD_STARTUP_VARIABLES, ...blueprint.variables.map((v) => v.env)]);
        for (const name of startupPlaceholders(blueprint.startup)) assert.ok(known.has(name), `{{${name}}} is declared`);
      });

      test('the rendered startup line and the install script are valid shell', () => {
        const line = renderStartup(blueprint.startup, { ...sampleValues(blueprint), ...STANDARD_CONTEXT });
        assert.doesNotMatch(line, /\{\{/);
        assert.equal(shellSyntaxError('/bin/sh', line), null);
        if (blueprint.install) {
          const shell = blueprint.install.entrypoint === 'bash' ? 'bash' : '/bin/sh';
          assert.equal(shellSyntaxError(shell, blueprint.install.script), null);
          assert.match(blueprint.install.script, /\/mnt\/server/, 'the install works on the server files where the agent mounts them');
        }
      });

      test('knows when it is running and how to stop', () => {
        assert.ok(blueprint.done.length > 0, 'done patterns detect "running" from the output');
        assert.ok(blueprint.stop.value.length > 0);
        assert.match(blueprint.dataPath, /^\//);
      });
    });
  }

  test("the seed's cURL example (no variables) is valid for minecraft-java", () => {
    const minecraft = BUILTIN_BLUEPRINTS.find((b) => b.id === 'minecraft-java');
    assert.ok(minecraft);
    const values = validateVariables(minecraft, {}, { asAdmin: true });
    assert.equal(values.EULA, 'false', 'the EULA is never accepted on the user’s behalf');
    assert.match(renderStartup(minecraft.startup, { ...values, ...STANDARD_CONTEXT, SERVER_PORT: '25565' }), /-jar server\.jar --port 25565 nogui$/);
  });
});
