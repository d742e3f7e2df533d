import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StackError } from './errors.js';
import { messageOf } from './log-format.js';
import { appEntry, repoRoot } from './paths.js';
import { ManagedProcess } from './processes.js';
import { waitFor } from './ports.js';

/**
 * The sandbox payment provider (apps/payment-sandbox) in the local stack and the tests: a
 * stand-in for an outside card provider, so it is no platform service (no NATS user, no
 * schema, no ops port). Its API key and webhook secret are made once per data folder and
 * shared by it and the payments service alone.
 */
export const PAYMENT_SANDBOX = 'payment-sandbox';
export const DEFAULT_PAYMENT_SANDBOX_PORT = 3100;
/** The gateway's route that receives the sandbox's webhooks. */
export const SANDBOX_WEBHOOK_PATH = '/api/v1/payments/webhooks/sandbox';

export interface SandboxCredentials {
  /** The bearer key of the sandbox's API. */
  readonly apiKey: string;
  /** Webhook signing secrets (the sandbox signs with each; payments accepts each). */
  readonly webhookSecrets: readonly string[];
}

const secret = () => randomBytes(32).toString('base64url');

/** Fresh credentials (a test run's own). */
export const newSandboxCredentials = (): SandboxCredentials => ({
  apiKey: secret(),
  webhookSecrets: [secret()],
});

/**
 * The local stack's credentials: made once per data folder and kept in
 * `payment-sandbox/credentials.json` (mode 0600), like the NATS users and the signing keys.
 */
export function ensureSandboxCredentials(dataDir: string): SandboxCredentials {
  const file = join(dataDir, PAYMENT_SANDBOX, 'credentials.json');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(newSandboxCredentials(), null, 2), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return JSON.parse(readFileSync(file, 'utf8')) as SandboxCredentials;
}

/** Where the local stack keeps the sandbox's state. */
export const sandboxDatabaseFile = (dataDir: string): string =>
  join(dataDir, PAYMENT_SANDBOX, 'sandbox.sqlite');

/**
 * The variables that tie the sandbox and the payments service together: the sandbox's port,
 * key, secrets and webhook URL (the gateway's route), and the payments service's URL, key and
 * secrets of it. `appProcessEnvironment` gives each side only its own.
 */
export function sandboxEnvironment(input: {
  port: number;
  gatewayPort: number;
  credentials: SandboxCredentials;
}): NodeJS.ProcessEnv {
  const secrets = input.credentials.webhookSecrets.join(',');
  return {
    SANDBOX_PORT: String(input.port),
    SANDBOX_API_KEY: input.credentials.apiKey,
    SANDBOX_WEBHOOK_SECRETS: secrets,
    SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${input.gatewayPort}${SANDBOX_WEBHOOK_PATH}`,
    PAYMENTS_SANDBOX_URL: `http://127.0.0.1:${input.port}`,
    PAYMENTS_SANDBOX_API_KEY: input.credentials.apiKey,
    PAYMENTS_SANDBOX_WEBHOOK_SECRETS: secrets,
  };
}

/** The sandbox's own secrets: no platform app holds them (payments has its own copies). */
export const SANDBOX_SECRET_VARIABLES = ['SANDBOX_API_KEY', 'SANDBOX_WEBHOOK_SECRETS'] as const;
/** The payments service's secrets of the sandbox: only payments holds them. */
export const PAYMENTS_SANDBOX_SECRET_VARIABLES = [
  'PAYMENTS_SANDBOX_API_KEY',
  'PAYMENTS_SANDBOX_WEBHOOK_SECRETS',
] as const;

/**
 * Starts the sandbox with `env` (its variables from `sandboxEnvironment`) and resolves once it
 * answers `/health/ready`; an exit during start fails with its last words.
 */
export async function startPaymentSandbox(options: {
  env: NodeJS.ProcessEnv;
  port: number;
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
}): Promise<ManagedProcess> {
  const entry = appEntry(PAYMENT_SANDBOX);
  if (!existsSync(entry))
    throw new StackError(
      `the payment sandbox is not built (${entry} is missing)`,
      'run npm run build',
    );
  const proc = new ManagedProcess({
    name: PAYMENT_SANDBOX,
    command: process.execPath,
    args: [entry],
    cwd: repoRoot,
    env: { ...options.env, SANDBOX_PORT: String(options.port) },
    ...(options.onLine ? { onLine: (line: string) => options.onLine?.(line) } : {}),
  });
  try {
    await waitFor(
      PAYMENT_SANDBOX,
      async () => (await fetch(`http://127.0.0.1:${options.port}/health/ready`)).status === 200,
      {
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        intervalMs: 100,
        fix: `see the ${PAYMENT_SANDBOX} log lines above`,
        abort: () =>
          proc.hasExited
            ? `${proc.exitDescription} during start: ${messageOf(
                [...proc.tail].reverse().find((l) => l.includes('"level":"fatal"')) ??
                  proc.tail.at(-1) ??
                  'no output',
              )}`
            : undefined,
      },
    );
  } catch (error) {
    await proc.stop('SIGTERM', 5_000);
    throw error;
  }
  return proc;
}
