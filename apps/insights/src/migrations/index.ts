import { InsightsCore1769000000000 } from './insights-core.migration.js';

/**
 * Own migrations of the insights schema, oldest first; the platform's tables (outbox, inbox, ...)
 * come by themselves (`PLATFORM_MIGRATIONS`). Each is a TypeORM MigrationInterface class; never
 * edit one that has shipped, add a new one.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const insightsMigrations: Function[] = [InsightsCore1769000000000];
