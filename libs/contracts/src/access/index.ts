export * from './policy.js';
export * from './payments.access.js';
export * from './permits.access.js';
export * from './permits-applications.access.js';
export * from './permits-catalogue.access.js';
export * from './permits-conversation.access.js';
export * from './permits-what-if.access.js';
