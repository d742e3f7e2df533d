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
import { DomainError, isRole, ROLES, SERVICES, type Role } from '#contracts';
import {
  ConfigError,
  IdempotentCommands,
  loadConfig,
  Outbox,
  serviceDataSourceOptions,
} from '#platform';
import { GatewayConfig } from './config.js';
import { AccountRepository } from './identity/accounts/account.repository.js';
import { CreateStaffAccountUseCase } from './identity/accounts/create-staff-account/create-staff-account.use-case.js';
import { DeactivateAccountUseCase } from './identity/accounts/deactivate-account/deactivate-account.use-case.js';
import { EnsureDemoAccountUseCase } from './identity/accounts/ensure-demo-account/ensure-demo-account.use-case.js';
import { PasswordHasher } from './identity/password-hasher.js';
import { SessionRepository } from './identity/sessions/session.repository.js';

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
  // Each command maps to one use case of the identity module, as its HTTP routes do.
  const accounts = new AccountRepository();
  const passwords = new PasswordHasher();
  // No request key on the command line: each command runs once, in its own transaction.
  const commands = new IdempotentCommands(
    dataSource,
    new Outbox({ service: 'gateway', partitions: config.OUTBOX_PARTITIONS }),
  );
  const createAccount = new CreateStaffAccountUseCase(commands, accounts, passwords);
  try {
    if (command === 'users:create') {
      const { email, role } = values;
      const fullName = values['full-name'];
      if (!email || !fullName || !isRole(role)) throw new UsageError(USAGE);
      if ((values.password ?? '').length > 0 && (values.password ?? '').length < 12)
        throw new UsageError('--password must have at least 12 characters');
      const password = values.password ?? newPassword();
      const user = await createAccount.execute({ email, password, fullName, role });
      return `${JSON.stringify({ ...user, ...(values.password ? {} : { password }) })}\n`;
    }
    if (command === 'users:deactivate') {
      if (!values.email) throw new UsageError(USAGE);
      const deactivate = new DeactivateAccountUseCase(commands, accounts, new SessionRepository());
      await deactivate.execute({ email: values.email }).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'IDENTITY.USER_NOT_FOUND')
          throw new UsageError(`no account for ${values.email}`);
        throw error;
      });
      return `deactivated ${values.email}\n`;
    }
    if (!values.file) throw new UsageError(USAGE);
    const ensure = new EnsureDemoAccountUseCase(dataSource, accounts, passwords, createAccount);
    return `${JSON.stringify(await seedDemo(ensure, values.file))}\n`;
  } finally {
    await dataSource.destroy();
  }
}

/** One account per role, `<role>@demo.civic.example`, each with a password kept in `file`. */
async function seedDemo(ensure: EnsureDemoAccountUseCase, file: string): Promise<DemoAccount[]> {
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[])
    : ([] as DemoAccount[]);
  const accounts: DemoAccount[] = [];
  for (const role of ROLES) {
    const email = `${role}@demo.civic.example`;
    const password = await ensure.execute({
      role,
      email,
      knownPassword: kept.find((a) => a.email === email)?.password,
      newPassword: newPassword(),
    });
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
