export * from './types';
export * from './json-paths';
export * from './stateful';
export * from './aws-diff';
export * from './azure-diff';
export * from './evidence';
export * from './baseline-diff';
