// ESLint flat config. Type-aware rules for the TypeScript sources (the tsconfig.json project),
// plain JS rules for the few build/config scripts, and the determinism fence of workflows/.
// Module boundaries between apps and libs are checked by dependency-cruiser
// (.dependency-cruiser.cjs); Prettier owns formatting (eslint-config-prettier comes last).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Globals of a Node.js script (deploy/*.mjs, config files); the `globals` package is not installed. */
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'AbortController',
    'AbortSignal',
    'fetch',
    'structuredClone',
    'queueMicrotask',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'globalThis',
  ].map((name) => [name, 'readonly']),
);

/**
 * What workflow code (it runs in Temporal's deterministic sandbox) must never import: Node
 * builtins, I/O clients, the Nest framework, and the libs that use them. Workflows may import
 * `@temporalio/workflow`, types from `@temporalio/common`, `#contracts/temporal`,
 * `#contracts/access` (the pure access rules) and each other.
 */
const workflowForbiddenImports = [
  {
    group: ['node:*', ...builtinModules.flatMap((name) => [name, `${name}/*`])],
    message: 'Workflows run in the Temporal sandbox: no Node builtins (do I/O in an activity).',
  },
  {
    group: ['@nestjs/*', 'pg', 'pg/*', 'typeorm', 'typeorm/*', '@nats-io/*'],
    message:
      'Workflows must be deterministic: no framework or I/O packages (do I/O in an activity).',
  },
  {
    group: [
      '@temporalio/client',
      '@temporalio/client/*',
      '@temporalio/worker',
      '@temporalio/worker/*',
      '@temporalio/activity',
      '@temporalio/activity/*',
    ],
    message: 'Workflows may use @temporalio/workflow and @temporalio/common only.',
  },
  {
    // A leading '#' starts a comment in these gitignore-style patterns, hence the escape.
    group: [
      '\\#platform',
      '\\#platform/*',
      '\\#audit-log',
      '\\#storage',
      '\\#devstack',
      '\\#devstack/*',
      '\\#testing',
      '\\#testing/*',
    ],
    message:
      'Workflows may import #contracts/temporal and #contracts/access only, never the I/O libs or the event classes.',
  },
];

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    '.data/',
    '.tools/',
    'coverage/',
    // Generated from the gateway's OpenAPI document by deploy/web.mjs.
    'apps/web/src/api/schema.d.ts',
  ]),

  js.configs.recommended,

  // Node scripts and config files written in JavaScript.
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...nodeGlobals, module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },

  // TypeScript: type-aware rules against the project's tsconfig.json.
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Nest idioms: modules are decorated classes with static forRoot() only; lifecycle hooks
      // and interceptors are `async` by contract even when they do not await.
      '@typescript-eslint/no-extraneous-class': 'off',
      'require-await': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  // The web UI (apps/web): TypeScript and JSX against its own tsconfig (DOM, react-jsx).
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },

  // Tests pass methods around to jest (expect(obj.method).toHaveBeenCalled()).
  {
    files: ['**/*.spec.ts', '**/*.medium-spec.ts', '**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },

  // Use cases know no transport (the module-level rule is dependency-cruiser's
  // use-case-no-transport); these named imports come from modules a use case may use.
  {
    files: ['**/*.use-case.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '#platform',
              importNames: ['ProblemException', 'RemoteServiceError', 'ServiceClient'],
              message: 'A use case throws DomainError (#contracts); the edge maps codes to HTTP.',
            },
            {
              name: '@nestjs/common',
              importNames: [
                'HttpException',
                'HttpStatus',
                'BadRequestException',
                'UnauthorizedException',
                'ForbiddenException',
                'NotFoundException',
                'ConflictException',
                'GoneException',
                'UnprocessableEntityException',
                'InternalServerErrorException',
                'ServiceUnavailableException',
              ],
              message: 'A use case throws DomainError (#contracts); the edge maps codes to HTTP.',
            },
          ],
        },
      ],
    },
  },

  // Workflow code: deterministic, no I/O.
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: workflowForbiddenImports,
          paths: [
            {
              name: '#contracts',
              message:
                'Import #contracts/temporal or #contracts/access: the event classes pull class-validator into the workflow bundle.',
            },
          ],
        },
      ],
    },
  },

  prettier,
);
