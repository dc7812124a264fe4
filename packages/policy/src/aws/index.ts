export * from './types';
export * from './aws-rules';
export * from './evaluate-template';
export * from './presence';
export * from './nplz-checks';
export * from './independent-packs';
export * from './acknowledge-exceptions';
export * from './control-tower-guard';
export { globalEventsContext, GLOBAL_EVENT_PATTERNS, type GlobalEventsContext } from './rules/StackInAllowedRegion';
