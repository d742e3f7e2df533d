import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The prefix of a sealed secret: the format's version, so a later key scheme can follow. */
const SEALED = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key of the local stack and the tests when GATEWAY_TOTP_KEY is empty: public (it is in
 * this file), so refused in production, where a database copy must not give away every
 * account's second factor.
 */
export const DEVELOPMENT_TOTP_KEY = createHash('sha256')
  .update('civic-platform local development TOTP key (not a secret)')
  .digest();

/** GATEWAY_TOTP_KEY as 32 bytes (base64), or the development key when it is empty. */
export function totpKeyOf(configured: string): Buffer {
  if (!configured) return DEVELOPMENT_TOTP_KEY;
  const key = Buffer.from(configured, 'base64');
  if (key.length !== 32) throw new Error('GATEWAY_TOTP_KEY must be 32 bytes, base64');
  return key;
}

/**
 * TOTP secrets as the database keeps them: sealed with AES-256-GCM under GATEWAY_TOTP_KEY, the
 * account's id as associated data (a sealed secret copied onto another account does not open),
 * as `v1.<iv>.<tag>.<ciphertext>` in base64url. A database dump alone no longer yields the
 * codes of every account with two-factor login. A secret stored before sealing (no `v1.`) still
 * opens as itself; `isSealed` finds those so the gateway can seal them at start.
 */
export class TotpSecrets {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a TOTP key is 32 bytes');
  }

  seal(accountId: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(accountId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${SEALED}${[iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.')}`;
  }

  /** The secret; throws when the stored value was altered, sealed for another account or key. */
  open(accountId: string, stored: string): string {
    if (!TotpSecrets.isSealed(stored)) return stored;
    const [iv, tag, sealed] = stored
      .slice(SEALED.length)
      .split('.')
      .map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !sealed || iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
      throw new Error('a sealed TOTP secret is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(accountId, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(SEALED);
  }
}
