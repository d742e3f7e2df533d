export * from './rpc.js';
export * from './fields.js';
export * from './date-time.js';
export * from './system.rpc.js';
export * from './audit.rpc.js';
export * from './payments.rpc.js';
export * from './rpc-map.js';
