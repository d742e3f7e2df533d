export * from './policy.js';
export * from './payments.access.js';
export * from './permits.access.js';
