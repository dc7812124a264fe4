export * from './json';
export * from './sarif';
export * from './junit';
export * from './csv';
export * from './markdown';
export * from './html';
export * from './write';
