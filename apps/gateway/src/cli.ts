/**
 * `npm run cli -- <command>`: the gateway's administration commands, run against
 * DATABASE_URL (the identity schema).
 *
 *   users:create --email <e> --role <role> --full-name <name> [--password <p>]
 *       creates an account (a staff role, or citizen); without --password one is made up and
 *       printed once
 *   users:deactivate --email <e>
 *       deactivates an account and ends its sessions
 *   users:seed-demo --file <path>
 *       makes one demo account per role unless it exists, keeps their passwords in <path>
 *       (mode 0600) and prints them as JSON (the local stack runs this at every start)
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { isRole, ROLES, SERVICES, type Role } from '#contracts';
import { ConfigError, loadConfig, serviceDataSourceOptions } from '#platform';
import { GatewayConfig } from './config.js';
import { emailKey, IdentityService } from './identity/identity.service.js';
import { PasswordHasher } from './identity/password-hasher.js';
import { TokenIssuer } from './identity/token-issuer.js';

class UsageError extends Error {}

const USAGE = `usage:
  npm run cli -- users:create --email <e> --role <${ROLES.join('|')}> --full-name <name> [--password <p>]
  npm run cli -- users:deactivate --email <e>
  npm run cli -- users:seed-demo --file <path>`;

const newPassword = (): string => randomBytes(18).toString('base64url');

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
}

async function main(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      'full-name': { type: 'string' },
      password: { type: 'string' },
      file: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (!['users:create', 'users:deactivate', 'users:seed-demo'].includes(command ?? ''))
    throw new UsageError(USAGE);
  const config = loadConfig('gateway', GatewayConfig);
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: config.DATABASE_URL,
      schema: SERVICES.gateway.schema as string,
      applicationName: 'gateway-cli',
      poolSize: 2,
    }),
  );
  await dataSource.initialize();
  const identity = new IdentityService(
    dataSource,
    new PasswordHasher(),
    new TokenIssuer({ privateKeyPem: '', issuer: 'cli', audience: 'cli', accessTtlSeconds: 60 }),
    config,
  );
  try {
    if (command === 'users:create') {
      const { email, role } = values;
      const fullName = values['full-name'];
      if (!email || !fullName || !isRole(role)) throw new UsageError(USAGE);
      if ((values.password ?? '').length > 0 && (values.password ?? '').length < 12)
        throw new UsageError('--password must have at least 12 characters');
      const password = values.password ?? newPassword();
      const user = await identity.createUser({ email, password, fullName, role });
      return `${JSON.stringify({ ...user, ...(values.password ? {} : { password }) })}\n`;
    }
    if (command === 'users:deactivate') {
      if (!values.email) throw new UsageError(USAGE);
      const rows = await dataSource.query<{ id: string }[]>(
        'SELECT id FROM users WHERE email_key = $1',
        [emailKey(values.email)],
      );
      if (!rows[0]) throw new UsageError(`no account for ${values.email}`);
      await identity.deactivate(rows[0].id);
      return `deactivated ${values.email}\n`;
    }
    if (!values.file) throw new UsageError(USAGE);
    return `${JSON.stringify(await seedDemo(identity, dataSource, values.file))}\n`;
  } finally {
    await dataSource.destroy();
  }
}

/** One account per role, `<role>@demo.civic.example`, each with a password kept in `file`. */
async function seedDemo(
  identity: IdentityService,
  dataSource: DataSource,
  file: string,
): Promise<DemoAccount[]> {
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[])
    : ([] as DemoAccount[]);
  const accounts: DemoAccount[] = [];
  for (const role of ROLES) {
    const email = `${role}@demo.civic.example`;
    const exists = await dataSource.query<{ id: string }[]>(
      'SELECT id FROM users WHERE email_key = $1',
      [email],
    );
    const previous = kept.find((a) => a.email === email);
    if (exists[0] && previous) {
      accounts.push(previous);
      continue;
    }
    const password = newPassword();
    if (exists[0]) {
      // The password file was lost: give the demo account a new password.
      await dataSource.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
        exists[0].id,
        await new PasswordHasher().hash(password),
      ]);
    } else await identity.createUser({ email, password, fullName: `Demo ${role}`, role });
    accounts.push({ role, email, password });
  }
  writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return accounts;
}

main(process.argv.slice(2))
  .then((out) => process.stdout.write(out))
  .catch((error: unknown) => {
    const known = error instanceof UsageError || error instanceof ConfigError;
    process.stderr.write(
      `✖ ${known ? error.message : String((error as Error).message ?? error)}\n`,
    );
    process.exit(known ? 2 : 1);
  });
