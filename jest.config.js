/**
 * One jest run for the whole workspace. TypeScript is transformed by swc (fast, no type-check);
 * type-checking is `tsc -b`'s job, run before jest by `pnpm test`.
 * Workspace packages resolve to their sources, so unit tests need no build.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/test/**/*.test.ts', '**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdk.out/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^@nplz/(core|aws|azure|policy|cli)$': '<rootDir>/packages/$1/src/index.ts',
  },
  testTimeout: 120000,
  maxWorkers: 2,
};
