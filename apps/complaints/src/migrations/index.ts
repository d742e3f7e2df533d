/**
 * Own migrations of the complaints schema, oldest first; the platform's tables (outbox, inbox, ...)
 * come by themselves (`PLATFORM_MIGRATIONS`). Each is a TypeORM MigrationInterface class; never
 * edit one that has shipped, add a new one.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const complaintsMigrations: Function[] = [];
