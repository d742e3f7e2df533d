import { SERVICES } from '#contracts';
import {
  eventConsumerOf,
  createLogger,
  loadConfig,
  PLATFORM_VERSION,
  runMain,
  startHttpApp,
} from '#platform';
import { GatewayConfig } from './config.js';
import { GatewayModule } from './gateway.module.js';
import { setUpOpenApi } from './openapi.js';

await runMain('gateway', async () => {
  const config = loadConfig('gateway', GatewayConfig);
  const logger = createLogger('gateway', config.LOG_LEVEL);
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
    },
    (app) => setUpOpenApi(app, PLATFORM_VERSION),
  );
});
