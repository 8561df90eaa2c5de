import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import js from '@eslint/js';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

/** An import or export the compiler keeps: not `import type`, nor only `type` names. */
function keptByCompiler(statement) {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause) return true;
    if (clause.isTypeOnly) return false;
    const named = clause.namedBindings;
    return Boolean(clause.name) || !named || ts.isNamespaceImport(named) || named.elements.some((e) => !e.isTypeOnly);
  }
  if (statement.isTypeOnly) return false;
  const named = statement.exportClause;
  return !named || !ts.isNamedExports(named) || named.elements.some((e) => !e.isTypeOnly);
}

function resolveSource(from, specifier) {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, resolve(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * Every file of ours the workflow bundle pulls in: src/workflows and what it imports by value, followed file by file
 * (domain rules, the activities' failure types…). A type-only import pulls nothing in.
 */
function workflowBundleFiles(entry) {
  const found = new Set();
  const queue = [resolve(import.meta.dirname, entry)];
  while (queue.length > 0) {
    const file = queue.pop();
    if (found.has(file)) continue;
    found.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      if (!keptByCompiler(statement)) continue;
      const target = resolveSource(file, specifier.text);
      if (target) queue.push(target);
    }
  }
  return [...found].map((file) => relative(import.meta.dirname, file));
}

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

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
    // Workflow code is replayed deterministically inside the SDK's sandbox: no Node built-ins, no zod (whose schemas
    // would cost memory in every cached case), in any file the bundle pulls in.
    files: ['src/workflows/**/*.ts', ...workflowBundleFiles('src/workflows/index.ts')],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins.flatMap((name) => [name, `node:${name}`]), 'zod'].map((name) => ({
            name,
            message:
              'The workflow bundle pulls this file in (src/workflows imports it): no Node built-ins or zod here; a type import is fine.',
            allowTypeImports: true,
          })),
          patterns: [
            {
              group: ['node:*', 'zod/*'],
              message: 'The workflow bundle pulls this file in: no Node built-ins or zod here.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
