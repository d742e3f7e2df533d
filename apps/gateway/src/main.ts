import { SERVICES } from '#contracts';
import {
  createLogger,
  eventConsumerOf,
  loadConfig,
  PLATFORM_VERSION,
  runMain,
  startHttpApp,
} from '#platform';
import { GatewayConfig } from './config.js';
import { GatewayModule } from './gateway.module.js';
import { setUpEdge } from './http/edge.js';
import { errorAnswer } from './http/error-table.js';
import { answerUnknownMethodsWith405 } from './http/method-not-allowed.js';
import { setUpIdempotency } from './idempotency/idempotency.hook.js';
import { acceptOpen311Forms } from './open311/open311-form.js';
import { setUpOpenApi } from './openapi.js';
import { setUpPaymentWebhooks } from './payments/payment-webhooks.js';
import { defaultWebRoot, serveWebApp } from './http/web-app.js';
import { acceptMultipartUploads } from './uploads/multipart.js';

await runMain('gateway', async () => {
  const config = loadConfig('gateway', GatewayConfig);
  const logger = createLogger('gateway', config.LOG_LEVEL);
  if (!config.GATEWAY_JWT_PRIVATE_KEY)
    logger.warn('GATEWAY_JWT_PRIVATE_KEY is not set: signing with a key made for this run only');
  await startHttpApp(
    GatewayModule.forRoot(config),
    {
      service: 'gateway',
      logger,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      host: config.GATEWAY_HOST,
      port: config.GATEWAY_PORT,
      portVariable: 'GATEWAY_PORT',
      bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
      events: eventConsumerOf(SERVICES.gateway, config),
      codeAnswers: errorAnswer,
    },
    async (app) => {
      // First: it collects the routes as they are registered (the docs' routes included).
      answerUnknownMethodsWith405(app);
      await setUpEdge(app, config);
      acceptMultipartUploads(app.getHttpAdapter().getInstance());
      acceptOpen311Forms(app.getHttpAdapter().getInstance());
      setUpIdempotency(app);
      setUpPaymentWebhooks(app);
      setUpOpenApi(app, PLATFORM_VERSION, { jurisdictionId: config.OPEN311_JURISDICTION_ID });
      // Last: the web UI answers only what no route above does.
      await serveWebApp(app, config.GATEWAY_WEB_ROOT || defaultWebRoot(), logger);
    },
  );
});
