// Flat config: recommended JS + typescript-eslint rules, plus the import boundaries
// from ARCHITECTURE.md (contracts import only zod; the process folders never import each other).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const processFolders = ['controller', 'agent', 'renderer', 'main'];

function boundary(folder) {
  const others = processFolders.filter((f) => f !== folder);
  return {
    files: [`${folder}/**/*.ts`, `${folder}/**/*.tsx`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: others.map((other) => ({
          group: [`**/${other}/**`, `../${other}`, `../../${other}`],
          message: `${folder}/ must not import ${other}/: share code through contracts/.`,
        })),
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
        patterns: [{ group: ['*', '!zod', '!./*', '!../*', '!./**', '!../**'], message: 'contracts/ imports only zod.' }],
      }],
    },
  },
  ...processFolders.map(boundary),
);
