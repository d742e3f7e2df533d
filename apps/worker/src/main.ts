import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createLogger, loadConfig, runMain, startContextApp } from '#platform';
import { WorkerConfig } from './config.js';
import { WorkerModule } from './worker.module.js';
import { pinoTemporalLogger } from './temporal-logger.js';

await runMain('worker', async () => {
  const config = loadConfig('worker', WorkerConfig);
  const logger = createLogger('worker', config.LOG_LEVEL);
  Runtime.install({
    logger: pinoTemporalLogger(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
    },
  });
  await startContextApp(WorkerModule.forRoot(config), {
    service: 'worker',
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
});
