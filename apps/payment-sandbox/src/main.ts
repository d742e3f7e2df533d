/**
 * The sandbox payment provider: a stand-in for a card provider, run as its own process in the
 * local stack and the tests (see docs/architecture.md, "The sandbox payment provider").
 */
import { createLogger, loadConfig, runMain } from './boot.js';
import { SandboxConfig } from './config.js';
import { startSandbox } from './sandbox.js';

const SERVICE = 'payment-sandbox';

await runMain(SERVICE, async () => {
  const config = loadConfig(SandboxConfig);
  const logger = createLogger(SERVICE, config.LOG_LEVEL);
  const sandbox = await startSandbox(config, logger).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw Object.assign(
        new Error(
          `port ${config.SANDBOX_PORT} is already in use: stop what holds it or set SANDBOX_PORT to a free port`,
        ),
        { code: 'EADDRINUSE' },
      );
    throw error;
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing the webhooks in flight');
    setTimeout(() => {
      logger.error(
        { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
        'graceful shutdown timed out; exiting',
      );
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    sandbox.stop().then(
      () => {
        logger.info('payment-sandbox stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  // Started by a local stack: end with it, even if it goes away without a word.
  const supervisor = Number(process.env.CIVIC_SUPERVISOR_PID);
  if (Number.isInteger(supervisor) && supervisor > 0)
    setInterval(() => {
      try {
        process.kill(supervisor, 0);
      } catch {
        logger.warn({ supervisor }, 'supervising stack is gone; shutting down');
        stop('SIGTERM');
      }
    }, 1_000).unref();
});
