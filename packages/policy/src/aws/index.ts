export * from './types';
export * from './aws-rules';
export * from './evaluate-template';
export * from './presence';
export * from './nplz-checks';
export * from './independent-packs';
export { StackCachedPack, stackCachedPackSalt, type StackCachedPackProps } from './stack-cached-pack';
export * from './acknowledge-exceptions';
// The guard's share runner (runGuardShare, runGuardSharesInChildren) stays internal: its worker imports it from the module.
export { ControlTowerGuard, evaluatesOnlyNamedResources, namedTypes, prunedText, type ControlTowerGuardProps } from './control-tower-guard';
export { globalEventsContext, GLOBAL_EVENT_PATTERNS, type GlobalEventsContext } from './rules/StackInAllowedRegion';
