/**
 * What an audit log verifier needs and nothing more (no Nest, no database): importable on its
 * own as `#platform/audit`.
 */
export * from './merkle.js';
export * from './log-format.js';
export * from './merkle-frontier.js';
export * from './export-format.js';
