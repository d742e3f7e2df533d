import { ComplaintsCore1768000000000 } from './complaints-core.migration.js';
import { ComplaintsSeed1768000000001 } from './complaints-seed.migration.js';
import { ComplaintsWorkflowStarted1768000000002 } from './complaints-workflow-started.migration.js';
import { ComplaintsPointIndexes1768000000003 } from './complaints-point-indexes.migration.js';
import { ComplaintsHindiNames1768000000004 } from './complaints-hindi-names.migration.js';

/**
 * Own migrations of the complaints schema, oldest first; the platform's tables (outbox, inbox, ...)
 * come by themselves (`PLATFORM_MIGRATIONS`). Each is a TypeORM MigrationInterface class; never
 * edit one that has shipped, add a new one.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const complaintsMigrations: Function[] = [
  ComplaintsCore1768000000000,
  ComplaintsSeed1768000000001,
  ComplaintsWorkflowStarted1768000000002,
  ComplaintsPointIndexes1768000000003,
  ComplaintsHindiNames1768000000004,
];
