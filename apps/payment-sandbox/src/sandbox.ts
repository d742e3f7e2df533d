import type { Logger } from 'pino';
import { publicUrlOf, webhookSecretsOf, type SandboxConfig } from './config.js';
import { buildServer } from './http/server.js';
import { CardProvider } from './payments/card-provider.js';
import { Pump } from './pump.js';
import { openDatabase } from './store/database.js';
import { SandboxStore } from './store/sandbox.store.js';
import { WebhookDeliverer } from './webhooks/webhook-deliverer.js';

export interface RunningSandbox {
  /** Where the API and the hosted pages listen. */
  readonly url: string;
  /** Stops taking requests, lets the webhooks in flight finish (bounded), closes the file. */
  stop(): Promise<void>;
}

const TIMER_BATCH = 500;

/** Opens the sandbox's state, starts its timers and webhook sender, and listens. */
export async function startSandbox(config: SandboxConfig, logger: Logger): Promise<RunningSandbox> {
  const db = openDatabase(config.SANDBOX_DATABASE_FILE);
  const store = new SandboxStore(db);
  const deliverer = new WebhookDeliverer(
    store,
    {
      url: config.SANDBOX_WEBHOOK_URL,
      secrets: webhookSecretsOf(config),
      timeoutMs: config.SANDBOX_WEBHOOK_TIMEOUT_MS,
      retryBaseMs: config.SANDBOX_WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: config.SANDBOX_WEBHOOK_RETRY_MAX_MS,
      maxAttempts: config.SANDBOX_WEBHOOK_MAX_ATTEMPTS,
      concurrency: config.SANDBOX_WEBHOOK_CONCURRENCY,
      pollMs: config.SANDBOX_POLL_MS,
    },
    logger,
  );
  const timers: Pump = new Pump(
    (now) => provider.runTimers(now, TIMER_BATCH) >= TIMER_BATCH,
    () => provider.nextTimer(),
    config.SANDBOX_POLL_MS,
    (error) => logger.error({ err: error }, 'timers failed'),
  );
  const provider = new CardProvider(
    store,
    {
      publicUrl: publicUrlOf(config),
      fees: {
        basisPoints: config.SANDBOX_FEE_BASIS_POINTS,
        fixedMinor: config.SANDBOX_FEE_FIXED_MINOR,
      },
      lateSuccessDelayMs: config.SANDBOX_TIMEOUT_CARD_DELAY_MS,
      refundDelayMs: config.SANDBOX_REFUND_DELAY_MS,
      paymentExpiryMs: config.SANDBOX_PAYMENT_EXPIRY_SECONDS * 1000,
    },
    { enqueued: () => deliverer.wake(), timerSet: (at) => timers.runBy(at) },
  );

  let ready = false;
  const server = buildServer({
    provider,
    store,
    apiKey: config.SANDBOX_API_KEY,
    logger,
    ready: () => ready,
  });
  try {
    await server.listen({ host: config.SANDBOX_HOST, port: config.SANDBOX_PORT });
  } catch (error) {
    db.close();
    throw error;
  }
  // What a previous run left (pending webhooks, due timers) resumes now.
  timers.start();
  deliverer.start();
  ready = true;
  const counts = store.deliveryCounts();
  logger.info(
    {
      port: config.SANDBOX_PORT,
      pendingWebhooks: counts.pending,
      webhookUrl: config.SANDBOX_WEBHOOK_URL,
    },
    'payment-sandbox started',
  );

  return {
    url: `http://${config.SANDBOX_HOST}:${config.SANDBOX_PORT}`,
    async stop() {
      ready = false;
      timers.stop();
      await server.close();
      await deliverer.stop(Math.max(100, config.SHUTDOWN_TIMEOUT_MS - 1_000));
      db.close();
    },
  };
}
