/**
 * One jest run for the whole workspace. TypeScript is transformed by swc (fast, no type-check);
 * type-checking is `tsc -b`'s job, run before jest by `pnpm test`.
 * Workspace packages resolve to their sources, so unit tests need no build; the few tests that run
 * the built binary (`runBuiltCli`) rely on `pnpm test` building first.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/test/**/*.test.ts', '**/*.test.ts'],
  // The registry test (a real npm registry, packages from npmjs.org, several minutes) is the
  // end-to-end suite: `pnpm test:e2e` runs it, and `.ci/run` runs it after `pnpm test`.
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    '/cdk.out/',
    ...(process.env.NPLZ_E2E === '1' ? [] : ['/test/registry/registry\\.test\\.ts$']),
    // The AWS Guard Rules Registry suite needs a checkout of the registry (GitHub, not npm): it runs
    // only where NPLZ_GUARD_RULES_REGISTRY names one (docs/auditing.md), and is no part of CI.
    ...(process.env.NPLZ_GUARD_RULES_REGISTRY ? [] : ['/test/aws-guard-rules-registry\\.test\\.ts$']),
  ],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^@nplz/(core|aws|azure|policy|report|diff|cli)$': '<rootDir>/packages/$1/src/index.ts',
    // Subpath exports (packages/*/package.json "exports"): the folder's index.
    '^@nplz/(policy)/(audit|azure)$': '<rootDir>/packages/$1/src/$2/index.ts',
  },
  testTimeout: 120000,
  maxWorkers: 2,
  // Each test file loads its own copy of aws-cdk-lib and the Pulumi runtime, and not all of it is
  // freed when the file ends: a long-lived worker grew past node's 4 GB heap in CI. A worker that
  // holds more than this after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '1GB',
};
