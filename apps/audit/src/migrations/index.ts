import { InboxRetention1764200000000, MessagingTables1763900000000 } from '#platform';
import { AuditAnomalies1764900000000 } from './audit-anomalies.migration.js';
import { AuditAppRole1764100000001 } from './audit-app-role.migration.js';
import { AuditLog1764100000000 } from './audit-log.migration.js';

/**
 * Migrations of the audit schema, oldest first. Each is a TypeORM MigrationInterface class
 * named `<timestamp>-<what>.ts`; never edit one that has shipped, add a new one.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const auditMigrations: Function[] = [
  MessagingTables1763900000000,
  AuditLog1764100000000,
  AuditAppRole1764100000001,
  InboxRetention1764200000000,
  AuditAnomalies1764900000000,
];
