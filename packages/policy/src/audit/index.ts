export * from './finding';
export * from './aws-findings';
export * from './estate-findings';
export * from './apply-exceptions';
export * from './azure-findings';
export * from './audit';
export * from './audit-input';
export * from './effective-access-findings';
