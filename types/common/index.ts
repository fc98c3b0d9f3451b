export * from './result';
export * from './errors';
export * from './ids';
export * from './time';
export * from './privacy';
