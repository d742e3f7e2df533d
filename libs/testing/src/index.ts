export * from './test-env.js';
export * from './medium.js';
