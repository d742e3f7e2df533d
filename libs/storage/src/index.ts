/**
 * File storage behind one interface (`FileStorage`): a local directory by default, an
 * S3-compatible bucket by configuration (`WithFileStorage`, `createFileStorage`). Append-only
 * and content-addressed: uploads are streamed in, hashed on the way, and filed under
 * `<prefix>/<sha256>`. The gateway streams uploads into it; the owning services read what they
 * are given the key of. No Nest, no other lib.
 */
export * from './file-storage.js';
export * from './local-file-storage.js';
export * from './s3-file-storage.js';
export * from './storage.config.js';
export * from './file-scanner.js';
