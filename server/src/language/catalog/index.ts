export * from './types';
export * from './version';
export * from './catalog';
export * from './resolve';
