import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'os',
  'url',
  'util',
  'stream',
  'events',
  'timers',
  'worker_threads',
  'dns',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'bin/', 'dist/', '.data/', 'coverage/', 'eslint.config.mjs', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed deterministically inside the SDK's sandbox: no Node built-ins, no zod.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins.flatMap((name) => [name, `node:${name}`]), 'zod'].map((name) => ({
            name,
            message: 'Workflow code must stay deterministic: no Node built-ins or zod in src/workflows.',
          })),
        },
      ],
    },
  },
);
