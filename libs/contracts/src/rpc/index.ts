export * from './rpc.js';
export * from './system.rpc.js';
export * from './rpc-map.js';
