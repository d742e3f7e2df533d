export * from './test-env.js';
export * from './workflow-bundle.js';
export * from './medium.js';
export * from './test-app-environment.js';
