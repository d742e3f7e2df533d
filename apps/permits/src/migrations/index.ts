import { PermitsApplications1768100000000 } from './permits-applications.migration.js';
import { PermitsCatalogue1768000000000 } from './permits-catalogue.migration.js';
import { PermitsConditionsHolds1768410000000 } from './permits-conditions-holds.migration.js';
import { PermitsConversation1768310000000 } from './permits-conversation.migration.js';
import { PermitsWithdrawnDrafts1768150000000 } from './permits-withdrawn-drafts.migration.js';
import { PermitsWhatIf1768320000000 } from './permits-what-if.migration.js';
import { PermitsPermitLife1768510000000 } from './permits-permit-life.migration.js';
import { PermitsAssistedChannel1768600000100 } from './permits-assisted-channel.migration.js';

/**
 * Own migrations of the permits schema, oldest first; the platform's tables (outbox, inbox, ...)
 * come by themselves (`PLATFORM_MIGRATIONS`). Each is a TypeORM MigrationInterface class; never
 * edit one that has shipped, add a new one.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const permitsMigrations: Function[] = [
  PermitsCatalogue1768000000000,
  PermitsApplications1768100000000,
  PermitsWithdrawnDrafts1768150000000,
  PermitsConversation1768310000000,
  PermitsWhatIf1768320000000,
  PermitsConditionsHolds1768410000000,
  PermitsPermitLife1768510000000,
  PermitsAssistedChannel1768600000100,
];
