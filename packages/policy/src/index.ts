export * from './findings';
export * from './report';
export * from './diff';
