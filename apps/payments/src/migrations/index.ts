import { PaymentsCore1766000000000 } from './payments-core.migration.js';
import { PaymentsLedgerCheckPerEntry1768000000000 } from './payments-ledger-check-per-entry.migration.js';
import { PaymentsOperations1767000000000 } from './payments-operations.migration.js';

/**
 * Own migrations of the payments schema, oldest first; the platform's tables (outbox, inbox, ...)
 * come by themselves (`PLATFORM_MIGRATIONS`). Each is a TypeORM MigrationInterface class; never
 * edit one that has shipped, add a new one.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const paymentsMigrations: Function[] = [
  PaymentsCore1766000000000,
  PaymentsOperations1767000000000,
  PaymentsLedgerCheckPerEntry1768000000000,
];
