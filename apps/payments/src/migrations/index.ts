import {
  InboxRetention1764200000000,
  MessagingTables1763900000000,
  RequestKeys1764400000000,
} from '#platform';

/**
 * Migrations of the payments schema, oldest first. Each is a TypeORM MigrationInterface class
 * named `<timestamp>-<what>.ts`; never edit one that has shipped, add a new one.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const paymentsMigrations: Function[] = [
  MessagingTables1763900000000,
  InboxRetention1764200000000,
  RequestKeys1764400000000,
];
