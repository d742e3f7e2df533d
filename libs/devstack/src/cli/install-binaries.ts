/** `npm run setup:binaries`: installs or finds the servers the local stack and tests run. */
import { resolveNatsServer, resolvePostgresBin, resolveTemporalCli } from '../binaries.js';
import { StackError } from '../errors.js';

try {
  const [nats, temporal, postgres] = await Promise.all([
    resolveNatsServer(),
    resolveTemporalCli(),
    resolvePostgresBin(),
  ]);
  process.stdout.write(
    `nats-server  ${nats}\ntemporal     ${temporal}\npostgres     ${postgres}\n`,
  );
} catch (error) {
  process.stderr.write(`✖ ${error instanceof StackError ? error.message : String(error)}\n`);
  process.exit(1);
}
