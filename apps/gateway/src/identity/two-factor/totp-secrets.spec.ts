import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DEVELOPMENT_TOTP_KEY, TotpSecrets, totpKeyOf } from './totp-secrets.js';

const ACCOUNT = '0196a0c5-49a2-741e-aa07-55ec9ed31600';
const OTHER = '0196a0c5-49a2-741e-aa07-55ec9ed31601';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('TotpSecrets', () => {
  const secrets = new TotpSecrets(randomBytes(32));

  it('seals a secret so that the stored value does not show it, and opens it again', () => {
    const sealed = secrets.seal(ACCOUNT, SECRET);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(secrets.open(ACCOUNT, sealed)).toBe(SECRET);
    // A fresh IV each time: two seals of one secret differ.
    expect(secrets.seal(ACCOUNT, SECRET)).not.toBe(sealed);
  });

  it('refuses one sealed for another account, under another key, or altered', () => {
    const sealed = secrets.seal(ACCOUNT, SECRET);
    expect(() => secrets.open(OTHER, sealed)).toThrow();
    expect(() => new TotpSecrets(randomBytes(32)).open(ACCOUNT, sealed)).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => secrets.open(ACCOUNT, parts.join('.'))).toThrow();
    expect(() => secrets.open(ACCOUNT, 'v1.abc')).toThrow('malformed');
  });

  it('opens a secret stored before sealing as itself', () => {
    expect(TotpSecrets.isSealed(SECRET)).toBe(false);
    expect(secrets.open(ACCOUNT, SECRET)).toBe(SECRET);
  });

  it('takes its key from GATEWAY_TOTP_KEY (32 bytes, base64), the public development key when empty', () => {
    const key = randomBytes(32);
    expect(totpKeyOf(key.toString('base64'))).toEqual(key);
    expect(totpKeyOf('')).toBe(DEVELOPMENT_TOTP_KEY);
    expect(() => totpKeyOf(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});
