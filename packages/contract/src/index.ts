export * from './errors';
export * from './common';
export * from './auth';
export * from './users';
export * from './audit';
export * from './settings';
export * from './events';
