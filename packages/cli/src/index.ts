export * from './main';
export * from './command';
export * from './terminal';
export * from './usage-error';
export { runBaselineDiff, upgradeBlockers, repin } from './commands/diff';
export { sampleNationalYaml } from './init/templates';
export { recordForceProgram } from './init/force-project';
