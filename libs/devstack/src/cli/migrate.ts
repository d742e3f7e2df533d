/** `npm run migrate`: applies every service's migrations to DATABASE_URL (or the default). */
import { appEnvironment, configuredPorts, runMigrations } from '../apps.js';
import { StackError } from '../errors.js';

const env = appEnvironment({
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/civic',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  ports: configuredPorts(),
});
runMigrations(env)
  .then(() => process.stdout.write('migrations applied\n'))
  .catch((error: unknown) => {
    process.stderr.write(`✖ ${error instanceof StackError ? error.message : String(error)}\n`);
    process.exit(1);
  });
