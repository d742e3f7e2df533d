import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A row of `open311_api_keys` (never the key itself: only its hash is stored). */
export interface ApiKeyRow {
  id: string;
  key_prefix: string;
  key_hash: Buffer;
  client_name: string;
  issued_by: string;
  issued_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** What an admin sees of a key (never the key). */
export interface ApiKeyView {
  id: string;
  keyPrefix: string;
  clientName: string;
  issuedAt: string;
  revokedAt: string | null;
}

export const viewOf = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  keyPrefix: row.key_prefix,
  clientName: row.client_name,
  issuedAt: row.issued_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** `o311_<8 hex>_<43 base64url>`: a public prefix that names the key, then 32 random bytes. */
export const API_KEY_PATTERN = /^(o311_[0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  key: string;
  prefix: string;
  hash: Buffer;
}

export function newApiKey(): NewApiKey {
  const prefix = `o311_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export const hashApiKey = (key: string): Buffer => createHash('sha256').update(key).digest();

/** Whether a presented key has the form of one (checked before any lookup). */
export const looksLikeApiKey = (key: unknown): key is string =>
  typeof key === 'string' && API_KEY_PATTERN.test(key);

/** Constant-time comparison of two hashes. */
export const sameHash = (a: Buffer, b: Buffer): boolean =>
  a.length === b.length && timingSafeEqual(a, b);
