/**
 * The payment sandbox (apps/payment-sandbox) as a real process for integration tests, a
 * webhook receiver to point it at, and a payer's browser that fills in its hosted page.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  newSandboxCredentials,
  sandboxEnvironment,
  startPaymentSandbox,
  type ManagedProcess,
  type SandboxCredentials,
} from '#devstack';
import { testEnv } from '#testing';

export interface TestPaymentSandbox {
  readonly url: string;
  readonly port: number;
  readonly credentials: SandboxCredentials;
  /** Its SQLite file: kept across `restart()`. */
  readonly databaseFile: string;
  /** What the payments service needs to use this sandbox (URL, key, webhook secrets). */
  readonly paymentsEnv: NodeJS.ProcessEnv;
  process: ManagedProcess;
  /** Calls its API with its key. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and file (after `stop`), with `env` on top. */
  restart(env?: NodeJS.ProcessEnv): Promise<void>;
}

/**
 * Starts the sandbox on a free port with its state in the test run's folder. Its webhooks go
 * to `webhookUrl`; timers and retries are short unless `env` says otherwise.
 */
export async function startTestPaymentSandbox(options: {
  webhookUrl: string;
  credentials?: SandboxCredentials;
  env?: NodeJS.ProcessEnv;
}): Promise<TestPaymentSandbox> {
  const port = await freePort();
  const credentials = options.credentials ?? newSandboxCredentials();
  const dir = join(testEnv().dataDir, `payment-sandbox-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const databaseFile = join(dir, 'sandbox.sqlite');
  const shared = sandboxEnvironment({ port, gatewayPort: 1, credentials });
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SANDBOX_PORT: shared.SANDBOX_PORT,
    SANDBOX_API_KEY: shared.SANDBOX_API_KEY,
    SANDBOX_WEBHOOK_SECRETS: shared.SANDBOX_WEBHOOK_SECRETS,
    SANDBOX_WEBHOOK_URL: options.webhookUrl,
    SANDBOX_DATABASE_FILE: databaseFile,
    SANDBOX_WEBHOOK_RETRY_BASE_MS: '100',
    SANDBOX_WEBHOOK_RETRY_MAX_MS: '1000',
    SANDBOX_REFUND_DELAY_MS: '100',
    SANDBOX_TIMEOUT_CARD_DELAY_MS: '1500',
    SANDBOX_POLL_MS: '200',
    ...options.env,
    ...extra,
  });
  const url = `http://127.0.0.1:${port}`;
  const sandbox: TestPaymentSandbox = {
    url,
    port,
    credentials,
    databaseFile,
    paymentsEnv: {
      PAYMENTS_SANDBOX_URL: shared.PAYMENTS_SANDBOX_URL,
      PAYMENTS_SANDBOX_API_KEY: shared.PAYMENTS_SANDBOX_API_KEY,
      PAYMENTS_SANDBOX_WEBHOOK_SECRETS: shared.PAYMENTS_SANDBOX_WEBHOOK_SECRETS,
    },
    process: await startPaymentSandbox({ env: env(), port }),
    async api(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${credentials.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: (response.headers.get('content-type') ?? '').includes('json')
          ? (JSON.parse(text) as unknown)
          : text,
      };
    },
    async stop(signal = 'SIGTERM') {
      await sandbox.process.stop(signal, 10_000);
    },
    async restart(extra) {
      sandbox.process = await startPaymentSandbox({ env: env(extra), port });
    },
  };
  return sandbox;
}

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** What the receiver answered. */
  readonly status: number;
}

export interface WebhookReceiver {
  readonly url: string;
  /** Every request, in arrival order, with what it was answered. */
  readonly received: ReceivedWebhook[];
  /** The status to answer the `n`th request (0-based) with; 200 unless set. */
  answer: (n: number, body: string) => number;
  close(): Promise<void>;
}

/** An HTTP server that records webhooks and answers what `answer` says. */
export async function startWebhookReceiver(path = '/webhooks/sandbox'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received,
    answer: () => 200,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = request.url === path ? receiver.answer(received.length, body) : 404;
      received.push({ headers: request.headers, body, status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  (receiver as { url: string }).url = `http://127.0.0.1:${port}${path}`;
  return receiver;
}

export interface CardDetails {
  card_number: string;
  expiry_month: string;
  expiry_year: string;
  cvc: string;
  cardholder_name: string;
}

export const card = (number: string): CardDetails => ({
  card_number: number,
  expiry_month: '12',
  expiry_year: String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0'),
  cvc: '123',
  cardholder_name: 'Test Payer',
});

/**
 * What a browser does on the hosted page: opens `nextUrl`, finds the form, posts it with
 * `fields` (and the button pressed), and reports the answer without following the redirect.
 */
export async function fillInHostedPage(
  nextUrl: string,
  fields: Partial<CardDetails>,
  button: 'pay' | 'cancel' = 'pay',
): Promise<{ status: number; location: string | null; html: string }> {
  const page = await fetch(nextUrl, { redirect: 'manual' });
  const pageHtml = await page.text();
  if (page.status !== 200)
    return { status: page.status, location: page.headers.get('location'), html: pageHtml };
  const action = /<form method="post" action="([^"]+)"/.exec(pageHtml)?.[1];
  if (!action) throw new Error(`no form on the hosted page: ${pageHtml.slice(0, 200)}`);
  const form = new URLSearchParams({ ...fields, action: button } as Record<string, string>);
  const answer = await fetch(new URL(action.replaceAll('&amp;', '&'), nextUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  return {
    status: answer.status,
    location: answer.headers.get('location'),
    html: await answer.text(),
  };
}
