import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError, BlueprintBodySchema, type BlueprintBody } from '../../../../contracts/index.ts';
import { assertValidBlueprint, blueprintProblems } from '../../../../controller/blueprints/blueprint-checks.ts';

function body(overrides: Record<string, unknown> = {}): BlueprintBody {
  return BlueprintBodySchema.parse({
    name: 'Echo',
    category: 'testing',
    images: { Busybox: 'busybox:1.36' },
    startup: 'echo {{GREETING}} on {{SERVER_PORT}} with {{SERVER_MEMORY}} MiB at {{SERVER_IP}}',
    stop: { type: 'signal', value: 'SIGTERM' },
    defaults: { memory: 64, cpu: 50, disk: 16 },
    variables: [{ env: 'GREETING', name: 'Greeting', default: 'hello', rules: { max: 10 } }],
    ...overrides,
  });
}

describe('blueprintProblems: what the schema cannot see', () => {
  test('a consistent blueprint has none (standard placeholders need no declaration)', () => {
    assert.deepEqual(blueprintProblems(body()), {});
    assert.doesNotThrow(() => assertValidBlueprint(body()));
  });

  test('a placeholder inside backticks, $\'…\' or a heredoc is refused, naming startup', () => {
    assert.match(blueprintProblems(body({ startup: 'echo `echo {{GREETING}}`' })).startup ?? '', /inside backticks/);
    assert.match(blueprintProblems(body({ startup: "echo $'{{GREETING}}'" })).startup ?? '', /inside \$'…'/);
    assert.match(blueprintProblems(body({ startup: 'cat <<EOF\n{{GREETING}}\nEOF' })).startup ?? '', /heredoc/);
    assert.deepEqual(Object.keys(blueprintProblems(body({ startup: 'cat <<EOF\n{{GREETING}}\nEOF' }))), ['startup']);
  });

  test('a startup placeholder no variable declares', () => {
    assert.deepEqual(blueprintProblems(body({ startup: 'echo {{GREETING}} {{TYPO}}' })), {
      startup: 'uses {{TYPO}}, which no variable declares',
    });
  });

  test('a variable named like one StellarStack sets itself, or declared twice', () => {
    const problems = blueprintProblems(body({
      variables: [
        { env: 'GREETING', name: 'a' },
        { env: 'SERVER_PORT', name: 'b' },
        { env: 'GREETING', name: 'c' },
        { env: 'STARTUP', name: 'd' },
      ],
    }));
    assert.deepEqual(Object.keys(problems).sort(), ['variables.1.env', 'variables.2.env', 'variables.3.env']);
    assert.match(problems['variables.1.env'] ?? '', /set by StellarStack/);
    assert.match(problems['variables.2.env'] ?? '', /more than once/);
  });

  test('an invalid pattern is refused when the blueprint is saved', () => {
    const problems = blueprintProblems(body({ variables: [{ env: 'GREETING', name: 'g', rules: { pattern: '(unclosed' } }] }));
    assert.deepEqual(Object.keys(problems), ['variables.0.rules']);
    assert.match(problems['variables.0.rules'] ?? '', /not a valid regular expression/);
  });

  test('a default that breaks its own rules; an empty default of a required variable is allowed', () => {
    assert.deepEqual(blueprintProblems(body({ variables: [{ env: 'GREETING', name: 'g', default: 'far too long a greeting', rules: { max: 10 } }] })), {
      'variables.0.default': 'the default must be at most 10 characters long (max)',
    });
    assert.deepEqual(blueprintProblems(body({ variables: [{ env: 'GREETING', name: 'g', default: '', rules: { required: true } }] })), {});
  });

  test('a done pattern whose regex does not compile, and a port listed twice', () => {
    const problems = blueprintProblems(body({
      done: ['Ready', 'regex:^Done (', 'regex:^Done \\(\\d+s\\)'],
      ports: [
        { name: 'a', port: 7000, protocol: 'udp' },
        { name: 'b', port: 7000, protocol: 'tcp' },
        { name: 'c', port: 7000, protocol: 'udp' },
      ],
    }));
    assert.deepEqual(Object.keys(problems).sort(), ['done.1', 'ports.2']);
  });

  test('assertValidBlueprint throws one VALIDATION_ERROR with every problem', () => {
    assert.throws(() => assertValidBlueprint(body({ startup: '{{NOPE}}', variables: [{ env: 'SERVER_IP', name: 'x' }] })), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'VALIDATION_ERROR');
      assert.deepEqual(Object.keys(error.details).sort(), ['startup', 'variables.0.env']);
      return true;
    });
  });
});
