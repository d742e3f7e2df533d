export * from './policy.js';
export * from './payments.access.js';
