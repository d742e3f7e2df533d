import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A signing key of a local stack (the gateway's for tokens, the audit log's for tree heads):
 * an Ed25519 key made once per data folder and kept (mode 0600), so that what it signed stays
 * valid across restarts of the stack.
 */
export function ensureSigningKey(dataDir: string, app: 'gateway' | 'audit' = 'gateway'): string {
  const file = join(dataDir, app, app === 'gateway' ? 'jwt-ed25519.pem' : 'tree-heads-ed25519.pem');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    writeFileSync(file, pem, { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8');
}
