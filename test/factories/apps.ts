/** Real app processes for integration tests, connected to the test servers. */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import type { ServiceName } from '#contracts';
import { appEntry, freePort, ManagedProcess, repoRoot } from '#devstack';
import { testEnv } from '#testing';

/** A fresh Ed25519 private key in PKCS #8 PEM, as the apps' signing keys are configured. */
export const keyPem = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** What every app needs to reach the test database and NATS, as its own NATS user. */
export function testAppEnv(app: ServiceName): NodeJS.ProcessEnv {
  const env = testEnv();
  const nats = env.serviceNatsAuth(app);
  return {
    PATH: process.env.PATH,
    DATABASE_URL: env.databaseUrl,
    NATS_URL: env.natsUrl,
    NATS_USER: nats.user,
    NATS_PASSWORD: nats.pass,
    // Uploads land in the test run's folder, never in the checkout's .data/.
    FILE_STORAGE_DIR: join(env.dataDir, 'files'),
  };
}

/**
 * Starts `app` with the test servers, a free ops port and `env`, and resolves once its
 * readiness probe passes (or rejects with its last lines if it exits first).
 */
export async function startTestApp(
  app: ServiceName,
  env: NodeJS.ProcessEnv,
): Promise<ManagedProcess> {
  const opsPort = await freePort();
  const proc = new ManagedProcess({
    name: app,
    command: process.execPath,
    args: [appEntry(app)],
    cwd: repoRoot,
    env: {
      ...testAppEnv(app),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      [`${app.toUpperCase()}_OPS_PORT`]: String(opsPort),
      ...env,
    },
  });
  // Not `eventually`, which would wait out its time for an app that has already exited: its
  // exit, or its last lines at the time limit, say why it never became ready.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.hasExited)
      throw new Error(`${app} exited before it was ready:\n${proc.tail.join('\n')}`);
    const ready = await fetch(`http://127.0.0.1:${opsPort}/health/ready`, {
      signal: AbortSignal.timeout(5_000),
    }).then(
      (reply) => reply.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await proc.stop('SIGTERM', 5_000).catch(() => undefined);
      throw new Error(`${app} not ready within 60 s; its last lines:\n${proc.tail.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return proc;
}
