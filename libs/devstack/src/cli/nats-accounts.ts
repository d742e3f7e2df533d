/**
 * Prints deploy/nats/accounts.conf: the NATS users of the platform (an admin and one per app,
 * with the permissions of libs/devstack/src/nats-accounts.ts), each password a variable the
 * NATS server reads from its environment.
 *
 *   npm run build && node dist/libs/devstack/src/cli/nats-accounts.js > deploy/nats/accounts.conf
 */
import { renderDeployNatsAccounts } from '../nats-accounts.js';

process.stdout.write(renderDeployNatsAccounts());
