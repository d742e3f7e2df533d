export * from './policy.js';
export * from './payments.access.js';
export * from './permits-catalogue.access.js';
