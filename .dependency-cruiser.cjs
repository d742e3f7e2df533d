// Module boundaries of the monorepo, checked by `npm run lint`
// (`depcruise apps libs workflows --config .dependency-cruiser.cjs`).
//
// apps/<name>   one deployable each; talk to each other over NATS and Temporal, never by import
// libs/         shared code; never depends on an app
// libs/audit-log  the audit log's Merkle tree, formats and offline verifier: stands alone
// libs/storage  file storage (local directory, S3-compatible): no other lib, no Nest
// libs/calendar the business calendar (working days, holidays): pure, no other lib, no I/O
// libs/contracts  message patterns, service facts and types shared by apps AND workflows: it is
//               bundled into the Temporal workflow sandbox, so it stays free of I/O and builtins
// workflows/    deterministic Temporal workflow code: @temporalio/workflow, @temporalio/common,
//               libs/contracts and itself only
//
// Type-only imports count too (tsPreCompilationDeps): a type import is still a coupling.

/** Resolved paths of the I/O packages that contracts and workflows must not depend on. */
const IO_PACKAGES = [
  '^node_modules/pg/',
  '^node_modules/typeorm/',
  '^node_modules/@nats-io/',
  '^node_modules/@temporalio/(client|worker)/',
  '^node_modules/@aws-sdk/',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular dependency: break it (move the shared part down, or invert the dependency).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-app-to-other-app',
      severity: 'error',
      comment:
        'An app imports another app. Apps talk over NATS or Temporal; shared code goes to libs/ ' +
        '(message shapes to libs/contracts).',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      severity: 'error',
      comment:
        'A lib imports an app. Libs are shared by the apps and must not depend on any of them.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'workflows-only-allowed-imports',
      severity: 'error',
      comment:
        'Workflow code runs in the deterministic Temporal sandbox: it may import only ' +
        '@temporalio/workflow, @temporalio/common, other workflows/ files and the workflow-safe ' +
        'part of libs/contracts (#contracts/temporal, #contracts/access; the event classes pull ' +
        'class-validator in). ' +
        'Do I/O in an activity (apps/worker).',
      from: { path: '^workflows/' },
      to: {
        pathNot: [
          '^workflows/',
          '^libs/contracts/src/temporal/',
          // #contracts/access: the pure access rules, and the plain modules they import.
          '^libs/contracts/src/access/',
          '^libs/contracts/src/roles\\.ts$',
          '^libs/contracts/src/errors/(domain-error|policy\\.errors|permits-applications\\.errors)\\.ts$',
          '^node_modules/@temporalio/workflow/',
          '^node_modules/@temporalio/common/',
        ],
      },
    },
    {
      name: 'workflows-no-node-builtins',
      severity: 'error',
      comment:
        'Workflow code runs in the Temporal sandbox: no Node builtins (do I/O in an activity).',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contracts-no-other-lib',
      severity: 'error',
      comment:
        'libs/contracts is the bottom layer: it imports no other lib (nor apps/ or workflows/).',
      from: { path: '^libs/contracts/' },
      to: { path: '^(libs|apps|workflows)/', pathNot: '^libs/contracts/' },
    },
    {
      name: 'contracts-no-io',
      severity: 'error',
      comment:
        'libs/contracts is shared with the workflow sandbox: no database, NATS or Temporal ' +
        'client/worker packages (@temporalio/workflow and @temporalio/common are fine: ' +
        'defineSignal/defineUpdate/defineQuery only build names, see libs/contracts/src/temporal/).',
      from: { path: '^libs/contracts/' },
      to: { path: IO_PACKAGES },
    },
    {
      name: 'contracts-no-node-builtins',
      severity: 'error',
      comment:
        'libs/contracts is bundled into the Temporal workflow sandbox (workflows import it): ' +
        'no Node builtins.',
      from: { path: '^libs/contracts/' },
      to: { dependencyTypes: ['core'] },
    },
    // Inside an app: a controller maps a message to a use case, a use case decides, a
    // repository holds the SQL (docs/writing-a-use-case.md). Named imports that the module
    // paths cannot show (ProblemException from #platform, Nest's HTTP exceptions) are
    // refused in use cases by ESLint (eslint.config.js).
    {
      name: 'controller-no-sql',
      severity: 'error',
      comment:
        'A controller imports TypeORM or pg. Controllers only map a request to a use case; the ' +
        'SQL goes to a repository (<aggregate>.repository.ts) that the use case calls.',
      from: { path: '\\.controller\\.ts$' },
      to: { path: '^node_modules/(typeorm|pg|pg-[a-z-]+)/' },
    },
    {
      name: 'use-case-no-transport',
      severity: 'error',
      comment:
        'A use case imports a transport (NATS, Fastify, Nest microservices, a controller or ' +
        'the HTTP edge). Use cases take plain commands and throw DomainError; the controller of ' +
        'each transport maps to and from them.',
      from: { path: '\\.use-case\\.ts$' },
      to: {
        path: [
          '^node_modules/@nestjs/(microservices|platform-fastify)/',
          '^node_modules/fastify/',
          '^node_modules/@fastify/',
          '^node_modules/@nats-io/',
          '\\.controller\\.ts$',
          '^apps/[^/]+/src/http/',
          '^libs/platform/src/(http|nats)/',
        ],
      },
    },
    {
      name: 'audit-log-stands-alone',
      comment:
        'libs/audit-log is what an offline verifier needs and nothing more: no other lib, no ' +
        'app, no framework or I/O package (the verifier runs on a file, without the platform).',
      severity: 'error',
      from: { path: '^libs/audit-log/' },
      to: {
        path: ['^(libs|apps|workflows)/', '^node_modules/@nestjs/', ...IO_PACKAGES],
        pathNot: '^libs/audit-log/',
      },
    },
    {
      name: 'storage-stands-alone',
      comment:
        'libs/storage is file storage and nothing more: no other lib, no app, no Nest (an app ' +
        "provides it as a plain value; its configuration class is mixed into the app's own).",
      severity: 'error',
      from: { path: '^libs/storage/' },
      to: {
        path: ['^(libs|apps|workflows)/', '^node_modules/@nestjs/'],
        pathNot: '^libs/storage/',
      },
    },
    {
      name: 'calendar-stands-alone',
      comment:
        'libs/calendar is pure date arithmetic shared by permits and complaints: no other lib, ' +
        'no app, no Nest, no I/O package (the calendar itself is data its callers pass in).',
      severity: 'error',
      from: { path: '^libs/calendar/' },
      to: {
        path: ['^(libs|apps|workflows)/', '^node_modules/@nestjs/', ...IO_PACKAGES],
        pathNot: '^libs/calendar/',
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that resolves to nothing on disk: the other rules cannot judge it. Fix the ' +
        'path, or add the package to package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dist',
      severity: 'error',
      comment:
        'An import resolved to compiled output in dist/ (a #alias without the "source" ' +
        'condition, or a path into dist/): import the sources.',
      from: {},
      to: { path: '^dist/' },
    },
  ],
  options: {
    // dist/ is not excluded, only not followed, so that an import of it is seen (not-to-dist).
    doNotFollow: { path: ['node_modules', '^dist/'] },
    // test/fixtures/depcruise breaks the rules on purpose (test/architecture/dependency-rules.spec.ts).
    exclude: {
      path: ['(^|/)\\.data/', '(^|/)\\.tools/', '(^|/)coverage/', '^test/fixtures/depcruise/'],
    },
    // Count `import type` as a dependency as well.
    tsPreCompilationDeps: true,
    // Paths as imported, not as the file system resolves them: a checkout whose node_modules
    // is a symlink (a git worktree sharing another's) still sees `node_modules/...`.
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // 'source' first: the #platform-style aliases of package.json "imports" then resolve to
      // the TypeScript sources, as they do for tsc (customConditions). Without it they silently
      // resolve to stale compiled files in dist/.
      conditionNames: ['source', 'import', 'node', 'default'],
    },
    skipAnalysisNotInRules: true,
  },
};
