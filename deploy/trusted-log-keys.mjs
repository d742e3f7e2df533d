// The audit log's public keys that the web UI pins into its build (docs/web.md, "Pinned log
// keys"): the browser checks permit proofs and signed tree heads against these, never against
// keys fetched from the server it checks. Read by apps/web/vite.config.js (written into the
// bundle) and deploy/web.mjs (a change of keys rebuilds the app).
//
// - WEB_TRUSTED_LOG_KEYS: a file holding the saved answer of GET /api/v1/audit/public-keys
//   (`[{keyId, publicKey, ...}]`, publicKey the raw 32-byte Ed25519 key in base64), or that JSON
//   itself. A city sets it to its own log's keys, fetched once over a channel it trusts.
// - Otherwise the local stack's key: the public half of the audit signing key `npm start` uses
//   (libs/devstack ensureSigningKey: <CIVIC_DATA_DIR or .data>/audit/tree-heads-ed25519.pem),
//   made here as npm start would make it when it does not exist yet.
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

const keyIdOf = (raw) => createHash('sha256').update(raw).digest('hex').slice(0, 16);

function checked(keys, source) {
  if (!Array.isArray(keys) || keys.length === 0)
    throw new Error(`WEB_TRUSTED_LOG_KEYS (${source}): expected a non-empty JSON array of keys`);
  return keys.map((key, i) => {
    const raw = Buffer.from(String(key?.publicKey ?? ''), 'base64');
    if (raw.length !== 32 || keyIdOf(raw) !== key.keyId)
      throw new Error(
        `WEB_TRUSTED_LOG_KEYS (${source}): key ${i} is not a raw 32-byte Ed25519 key with its keyId`,
      );
    return { keyId: key.keyId, publicKey: raw.toString('base64') };
  });
}

/** The local stack's audit signing key (PKCS#8 PEM), made when missing. */
export function localAuditKeyFile() {
  const dataDir = resolve(process.env.CIVIC_DATA_DIR ?? join(root, '.data'));
  const file = join(dataDir, 'audit', 'tree-heads-ed25519.pem');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    writeFileSync(file, pem, { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return file;
}

/** `{keys: [{keyId, publicKey}], source}`: what the build pins. */
export function trustedLogKeys() {
  const setting = process.env.WEB_TRUSTED_LOG_KEYS?.trim();
  if (setting) {
    const inline = setting.startsWith('[');
    const text = inline ? setting : readFileSync(setting, 'utf8');
    return { keys: checked(JSON.parse(text), inline ? 'inline' : setting), source: setting };
  }
  const file = localAuditKeyFile();
  const der = createPublicKey(readFileSync(file, 'utf8')).export({ type: 'spki', format: 'der' });
  const raw = der.subarray(der.length - 32);
  return { keys: [{ keyId: keyIdOf(raw), publicKey: raw.toString('base64') }], source: file };
}
