export * from './aws';
export * from './audit';
export * from './azure';
export * from './coverage';
