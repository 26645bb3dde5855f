// Flat config: recommended JS + typescript-eslint rules, plus the import boundaries
// from ARCHITECTURE.md (contracts import only zod; the process folders never import each other).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  { ignores: ['node_modules/**', 'dist/**', 'renderer/dist/**', 'coverage/**'] },
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
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!zod$|\\.\\.?/)', message: 'contracts/ imports only zod.' }, { regex: '^\\.\\./\\.\\./', message: 'contracts/ imports only zod.' }],
      }],
    },
  },
  ...processFolders.map(boundary),
);
