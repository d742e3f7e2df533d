import type { TrustedKey } from './log-proofs.js';

declare const __CIVIC_TRUSTED_LOG_KEYS__: TrustedKey[];

/**
 * The audit log's public keys, PINNED INTO THE BUILD (docs/web.md, "Pinned log keys"): Vite
 * writes them into the bundle from `WEB_TRUSTED_LOG_KEYS` (a file holding the saved answer of
 * `GET /api/v1/audit/public-keys`), or, without it, from the local stack's signing key. They are
 * never fetched at run time: keys from the server whose proofs are checked would prove nothing.
 */
export const TRUSTED_LOG_KEYS: readonly TrustedKey[] = __CIVIC_TRUSTED_LOG_KEYS__;
