import { SERVICES } from '#contracts';
import { migrationMain } from '#platform';
import { AuditConfig } from './config.js';
import { auditMigrations } from './migrations/index.js';

await migrationMain(SERVICES.audit, AuditConfig, auditMigrations);
