/**
 * `npm run streams`: creates or updates the platform's JetStream streams (one per context and
 * the dead-letter stream) at NATS_URL as NATS_USER / NATS_PASSWORD, an operator's user. A
 * deployment runs it with its migrations; the local stack runs it at every start.
 */
import { ConfigError, loadConfig, natsAuthOf, StreamsConfig } from '#platform';
import { provisionStreams } from '../streams.js';

try {
  const config = loadConfig('streams', StreamsConfig);
  const names = await provisionStreams({ natsUrl: config.NATS_URL, auth: natsAuthOf(config) });
  process.stdout.write(`streams ready: ${names.join(', ')}\n`);
} catch (error) {
  process.stderr.write(
    `✖ streams: ${error instanceof ConfigError ? error.message : String((error as Error).message ?? error)}\n`,
  );
  process.exit(1);
}
