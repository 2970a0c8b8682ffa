import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { existsSync, readdirSync } from 'node:fs';

/** The feature folders of an app, for the no-cross-feature-import zones. */
const featuresOf = (app) => {
  const dir = `${import.meta.dirname}/apps/${app}/src/features`;
  return existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'data/**',
      '**/dist/**',
      '**/dist-server/**',
      'bench/results/**',
      'packages/client/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // Module boundaries (GUIDE "Tools keep the boundaries").
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './packages/domain',
              from: ['./packages/contract', './apps'],
              message: 'domain is pure: it depends on nothing of ours',
            },
            { target: './packages/contract', from: './apps', message: 'contract never reaches into an app' },
            {
              // Its flow test (test/) drives a real API server; the client itself never sees one.
              target: './packages/client/!(test)/**',
              from: './apps',
              message: 'the client speaks HTTP to the API: contract and domain types only, never apps/',
            },
            {
              target: './apps/api/src/platform',
              from: './apps/api/src/modules',
              message: 'platform is infrastructure; modules build on it, not the reverse',
            },
            { target: './apps/api/src/db', from: './apps/api/src/modules', message: 'db knows no module' },
            {
              // The command-line tools (demo, bulk loader, backup, copy, migrate) sit above the
              // modules and drive their use-cases; nothing the server runs depends on them.
              target: ['./apps/api/src/modules', './apps/api/src/platform', './apps/api/src/db'],
              from: './apps/api/src/tools',
              message: 'tools sit above the modules: modules, platform and db never import them (docs/decisions/0015)',
            },
            {
              target: './apps/api/src/tools',
              from: './apps/api/src/modules/*/*.routes.ts',
              message: 'tools call the modules’ use-cases and queries, never their routes (docs/decisions/0015)',
            },
            {
              target: './apps/api/src/modules/**/!(*.routes).ts',
              from: './apps/api/src/modules/*/*.routes.ts',
              message: 'a module calls another module’s use-cases and queries, never its routes (docs/decisions/0008)',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@bodega/api', '@bodega/api/*', '**/apps/*'], message: 'apps never import each other' }],
        },
      ],
    },
  },
  {
    // The benchmark drives the API's own code in-process.
    files: ['bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The client runs in browsers: no Node built-ins, and only types from contract (its zod
    // schemas stay out of the apps' bundles).
    files: ['packages/client/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'stream'],
              message: 'the client runs in browsers',
            },
            { group: ['@bodega/api', '@bodega/api/*', '**/apps/*'], message: 'the client never imports an app' },
            {
              group: ['@bodega/contract', '@bodega/domain'],
              allowTypeImports: true,
              message: 'types only: the client bundles no schemas',
            },
          ],
        },
      ],
    },
  },
  // The two apps (apps/admin, apps/mobile) and what they share (packages/app-kit): browser code
  // that reaches the API only over HTTP, through @bodega/client (GUIDE 16); words come from the
  // locale files (GUIDE 15); a feature never imports another (GUIDE 13).
  ...['admin', 'mobile'].map((app) => ({
    files: [`apps/${app}/**/*.{ts,tsx}`],
    ignores: [`apps/${app}/vite.config.ts`],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: featuresOf(app).map((feature) => ({
            target: `./apps/${app}/src/features/${feature}`,
            from: `./apps/${app}/src/features`,
            except: [`./${feature}`],
            message: 'a feature never imports another feature: move shared code to components/ or lib/',
          })),
        },
      ],
    },
  })),
  {
    files: ['apps/admin/**/*.{ts,tsx}', 'apps/mobile/**/*.{ts,tsx}', 'packages/app-kit/**/*.{ts,tsx}'],
    ignores: ['apps/*/vite.config.ts', '**/*.unit.test.ts'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        localStorage: 'readonly',
        indexedDB: 'readonly',
        location: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        requestAnimationFrame: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        Blob: 'readonly',
        File: 'readonly',
        FormData: 'readonly',
      },
    },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'http'], message: 'the apps run in browsers' },
            {
              group: ['@bodega/api', '@bodega/api/*', '@bodega/admin', '@bodega/mobile', '**/apps/*', '**/api/src/**'],
              message: 'apps never import each other: share through packages, talk to the API through @bodega/client',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'JSXText[value=/[A-Za-z]/]',
          message: 'visible words come from the locale files: t(...)',
        },
        {
          selector:
            'JSXAttribute[name.name=/^(label|placeholder|title|aria-label|description|alt)$/] > Literal[value=/[A-Za-z]/]',
          message: 'visible words come from the locale files: t(...)',
        },
      ],
    },
  },
  {
    // The browser tests start a real API server through the API's test harness.
    files: ['e2e/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The flow test starts a real API server through the API's test harness.
    files: ['packages/client/test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['packages/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'kysely', 'fastify', 'zod', '@bodega/*'],
              message: 'domain is pure TypeScript, no I/O',
            },
            {
              // One package is let in: @date-fns/tz, pure Intl arithmetic with no dependencies
              // of its own (decision 0016). Any other needs a decision first.
              regex: '^(?!\\.|@date-fns/tz$)',
              message: 'domain imports only its own files and @date-fns/tz (decision 0016)',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract runs in the phone's browser too: no Node, and zod through its module
    // namespace so a bundler keeps only what is used (forms-bundle.test.ts holds the budget).
    files: ['packages/contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'kysely', 'fastify'],
              message: 'the contract runs in browsers',
            },
            { group: ['**/apps/*', '@bodega/api', '@bodega/api/*'], message: 'contract never reaches into an app' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "import * as z from 'zod': the z object pulls every zod locale into the apps' bundles",
        },
      ],
    },
  },
);
