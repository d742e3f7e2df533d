/** `npm run setup:binaries`: installs or finds the servers the local stack and tests run. */
import {
  resolveChromium,
  resolveNatsServer,
  resolvePostgresBin,
  resolveTemporalCli,
} from '../binaries.js';
import { StackError } from '../errors.js';

try {
  const [nats, temporal, postgres] = await Promise.all([
    resolveNatsServer(),
    resolveTemporalCli(),
    resolvePostgresBin(),
  ]);
  // After PostgreSQL's: both may run apt-get, which takes one caller at a time.
  const chromium = await resolveChromium();
  process.stdout.write(
    `nats-server  ${nats}\ntemporal     ${temporal}\npostgres     ${postgres}\nchromium     ${chromium}\n`,
  );
} catch (error) {
  process.stderr.write(`✖ ${error instanceof StackError ? error.message : String(error)}\n`);
  process.exit(1);
}
