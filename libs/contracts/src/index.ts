export * from './services.js';
export * from './system.js';
export * from './temporal.js';
export * from './events/index.js';
export * from './roles.js';
export * from './errors/index.js';
export * from './rpc/index.js';
export * from './access/index.js';
