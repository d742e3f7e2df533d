/**
 * The audit log's own library: the RFC 6962 Merkle tree, the entry and tree-head formats, the
 * export format and its offline verifier. What an audit log verifier needs and nothing more
 * (no Nest, no database, no other lib): the audit service and `npm run audit:verify` import
 * it as `#audit-log`.
 */
export * from './merkle.js';
export * from './log-format.js';
export * from './merkle-frontier.js';
export * from './export-format.js';
export * from './permit-proof.js';
