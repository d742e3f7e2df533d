import { AuditAnomalies1764900000000 } from './audit-anomalies.migration.js';
import { AuditAppRole1764100000001 } from './audit-app-role.migration.js';
import { AuditLog1764100000000 } from './audit-log.migration.js';
import { AuditProofReads1765000000000 } from './audit-proof-reads.migration.js';

/**
 * Own migrations of the audit schema, oldest first; the platform's tables (outbox, inbox, ...)
 * come by themselves (`PLATFORM_MIGRATIONS`). Each is a TypeORM MigrationInterface class; never
 * edit one that has shipped, add a new one.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const auditMigrations: Function[] = [
  AuditLog1764100000000,
  AuditAppRole1764100000001,
  AuditAnomalies1764900000000,
  AuditProofReads1765000000000,
];
