// Flat config: recommended JS + typescript-eslint rules, type-aware promise rules on the
// TypeScript sources (each file typed by its nearest tsconfig: tsconfig.json for Node code,
// renderer/tsconfig.json and the tsconfig.json of tests/{unit,integration}/renderer for browser code), plus the import
// boundaries from ARCHITECTURE.md (contracts import only zod; the process folders never import
// each other).
//
// Private members: one convention, ECMAScript `#name` (private at run time too, and a name of
// its own, so `#state` and a public `get state()` do not collide). TypeScript's `private`
// keyword is refused, parameter properties included; only a `private constructor` (no ECMAScript
// equivalent: a class built by its static factory) keeps it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const tsPrivateKeyword = {
  selector: ':matches(PropertyDefinition, MethodDefinition[kind!="constructor"], TSParameterProperty, TSAbstractPropertyDefinition, TSAbstractMethodDefinition, AccessorProperty)[accessibility="private"]',
  message: 'Private members use ECMAScript `#name`, not the TypeScript `private` keyword.',
};

const processFolders = ['controller', 'agent', 'renderer', 'main'];

function boundary(folder) {
  const others = processFolders.filter((f) => f !== folder);
  // The bootstraps in main/ compose the controller and the agent, by their public entry points only.
  const entryOnly = folder === 'main' ? ['controller', 'agent'] : [];
  return {
    files: [`${folder}/**/*.ts`, `${folder}/**/*.tsx`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: others.map((other) => entryOnly.includes(other)
          ? { regex: `(^|/)${other}/(?!index\\.ts$)`, message: `${folder}/ may import ${other}/ only through ${other}/index.ts.` }
          : { regex: `(^|/)${other}(/|$)`, message: `${folder}/ must not import ${other}/: share code through contracts/.` }),
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'renderer/dist/**', 'coverage/**', '.stellar-test/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', WebSocket: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's describe/test return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'suite', 'test', 'it', 'only', 'skip', 'todo'] }],
      }],
      // Full strength, JSX attributes included: no handler passes a promise where void is expected.
      '@typescript-eslint/no-misused-promises': 'error',
      'no-restricted-syntax': ['error', tsPrivateKeyword],
    },
  },
  {
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!zod$|\\.\\.?/)', message: 'contracts/ imports only zod.' }, { regex: '^\\.\\./\\.\\./', message: 'contracts/ imports only zod.' }],
      }],
    },
  },
  ...processFolders.map(boundary),
);
