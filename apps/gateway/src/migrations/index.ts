import { IdentityTables1764000000000 } from './identity-tables.migration.js';
import { SessionNotifications1764000000001 } from './session-notifications.migration.js';
import { TwoFactor1764000000002 } from './two-factor.migration.js';
import { ExternalIdentities1764000000003 } from './external-identities.migration.js';
import { IdempotencyKeys1764400000001 } from './idempotency-keys.migration.js';
import { Open311ApiKeys1765100000000 } from './open311-api-keys.migration.js';
import { AssistedChannel1768600000010 } from './assisted-channel.migration.js';
import { IdentityDocumentChecks1768600000020 } from './identity-document-checks.migration.js';
import { DelegationEnd1768600000030 } from './delegation-end.migration.js';

/**
 * Own migrations of the identity schema (owned by the gateway's identity module), oldest
 * first; the platform's tables (outbox, inbox, ...) come by themselves
 * (`PLATFORM_MIGRATIONS`). Each is a TypeORM MigrationInterface class; never edit one that has
 * shipped, add a new one.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const gatewayMigrations: Function[] = [
  IdentityTables1764000000000,
  SessionNotifications1764000000001,
  TwoFactor1764000000002,
  ExternalIdentities1764000000003,
  IdempotencyKeys1764400000001,
  Open311ApiKeys1765100000000,
  AssistedChannel1768600000010,
  IdentityDocumentChecks1768600000020,
  DelegationEnd1768600000030,
];
