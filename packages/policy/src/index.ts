export * from './findings';
export * from './report';
export * from './diff';
export * from './aws';
export * from './audit';
export * from './azure';
export * from './coverage';
