import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AppError } from '../../../../contracts/index.ts';
import { renderStartup, startupPlaceholderHazards, startupPlaceholders } from '../../../../controller/blueprints/render-startup.ts';

/** Runs a rendered line the way the agent does (`/bin/sh -c`) and returns its output lines. */
function runInShell(line: string, cwd: string): string[] {
  return execFileSync('/bin/sh', ['-c', line], { cwd, encoding: 'utf8' }).split('\n').slice(0, -1);
}

describe('renderStartup', () => {
  test('fills placeholders from the values, spaces inside the braces allowed, every occurrence', () => {
    const line = renderStartup('java -Xmx{{SERVER_MEMORY}}M -jar {{ JAR }} --port {{SERVER_PORT}} --log {{JAR}}.log', {
      SERVER_MEMORY: '1024',
      SERVER_PORT: '25565',
      JAR: 'server.jar',
    });
    assert.equal(line, 'java -Xmx1024M -jar server.jar --port 25565 --log server.jar.log');
  });

  test('an unknown placeholder is refused with a 422 naming it, not left in the command', () => {
    assert.throws(
      () => renderStartup('run {{KNOWN}} {{MISSING}} {{ALSO_MISSING}}', { KNOWN: 'x' }),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'VALIDATION_ERROR');
        assert.equal(error.status, 422);
        assert.match(String(error.details.startup), /\{\{MISSING\}\}, \{\{ALSO_MISSING\}\}/);
        return true;
      },
    );
  });

  test('braces that are not a placeholder are left alone', () => {
    assert.equal(renderStartup('echo {{}} {{1X}} { {X} } ${HOME}', {}), 'echo {{}} {{1X}} { {X} } ${HOME}');
  });

  test('quotes inside a comment do not change how later lines are quoted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stellar-render-'));
    try {
      const template = "echo one # it's a comment\nprintf '<%s>\\n' \"{{V}}\"";
      assert.deepEqual(runInShell(renderStartup(template, { V: "a'b $(touch pwned)" }), dir), ['one', "<a'b $(touch pwned)>"]);
      assert.equal(existsSync(join(dir, 'pwned')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('startupPlaceholders lists each name once, in order of first use', () => {
    assert.deepEqual(startupPlaceholders('{{B}} {{ A }} {{B}} {{SERVER_PORT}} {{}}'), ['B', 'A', 'SERVER_PORT']);
  });

  describe('values are data, never shell code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stellar-render-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const hostile = [
      'plain',
      'two words',
      '$(touch pwned-subst)',
      '`touch pwned-backtick`',
      "'; touch pwned-single; echo '",
      '"; touch pwned-double; echo "',
      'back\\slash',
      '*',
      '$HOME ${HOME}',
      'semi;colon && amp | pipe > redirect',
      '',
    ];

    for (const value of hostile) {
      test(`value ${JSON.stringify(value)} keeps its meaning in every quoting context`, () => {
        const template = [
          "printf '<%s>\\n' {{V}}",
          'printf \'<%s>\\n\' "{{V}}"',
          "printf '<%s>\\n' '{{V}}'",
          'printf \'<%s>\\n\' "$(printf %s {{V}})"',
          'printf \'<%s>\\n\' "pre-$(printf \'%s|\' "{{V}}")-post"',
        ].join('; ');
        const lines = runInShell(renderStartup(template, { V: value }), dir);
        const words = value.split(/\s+/).filter((w) => w.length > 0);
        // Unquoted: split into words like an unquoted ${V}, but never globbed.
        const unquoted = words.length > 0 ? words.map((w) => `<${w}>`) : ['<>'];
        assert.deepEqual(lines, [...unquoted, `<${value}>`, `<${value}>`, `<${words.join('')}>`, `<pre-${value}|-post>`]);
        for (const marker of ['pwned-subst', 'pwned-backtick', 'pwned-single', 'pwned-double']) {
          assert.equal(existsSync(join(dir, marker)), false, `${marker} must not exist`);
        }
      });
    }
  });
});

describe('placeholders where no quoting is safe (backticks, $\'…\', heredocs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stellar-hazard-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, RegExp][] = [
    ['echo "`printf %s {{V}}`"', /inside backticks/],
    ['echo `printf %s {{V}}`', /inside backticks/],
    ['echo `echo $(printf %s {{V}})`', /inside backticks/],
    ["printf %s $'{{V}}'", /inside \$'…'/],
    ["printf %s $'a\\'{{V}}'", /inside \$'…'/],
    ['cat <<EOF\n{{V}}\nEOF', /heredoc/],
    ["cat <<-'EOF'\n\t{{V}}\nEOF", /heredoc/],
  ];
  for (const [template, message] of cases) {
    test(`${JSON.stringify(template)} is refused at render with a 422 on startup`, () => {
      assert.match(startupPlaceholderHazards(template).join(), message);
      assert.throws(() => renderStartup(template, { V: '$(touch pwned)' }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'VALIDATION_ERROR');
        assert.match(String(error.details.startup), message);
        return true;
      });
    });
  }

  test('look-alikes are fine: quoted backticks and $\', here-strings, $(…), and text before a heredoc', () => {
    for (const template of [
      "echo '`{{V}}`'",
      'echo "\\`{{V}}\\`"',
      'echo "$\'{{V}}\'"',
      "echo '$'{{V}}",
      'cat <<< {{V}}',
      'echo "$(printf %s {{V}})"',
      'echo {{V}} && cat <<EOF\nfixed text\nEOF',
      'echo "<<{{V}}"',
    ]) {
      assert.deepEqual(startupPlaceholderHazards(template), [], template);
    }
    // Those that /bin/sh (dash) can run keep a hostile value as data.
    const value = '`touch pwned-la` $(touch pwned-la)';
    const lines = runInShell(renderStartup('echo \'`{{V}}`\'; echo "\\`{{V}}\\`"; echo "$\'{{V}}\'"', { V: value }), dir);
    assert.deepEqual(lines, [`\`${value}\``, `\`${value}\``, `$'${value}'`]);
    assert.equal(existsSync(join(dir, 'pwned-la')), false);
  });
});
