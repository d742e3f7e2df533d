import type { AuditTrailReadV1 } from '#contracts';

/** What a trail query may filter entries on. */
export interface EntryFilters {
  subject?: string;
  actor?: string;
  type?: string;
  /** occurred_at from (inclusive), RFC 3339. */
  from?: string;
  /** occurred_at to (exclusive), RFC 3339. */
  to?: string;
}

/**
 * The SQL conditions of a trail query, as placeholders appended to `params` (so callers can
 * put their own parameters first). `column` qualifies the columns (e.g. `e.`).
 */
export function entryConditions(
  filters: EntryFilters & { after?: number },
  params: unknown[],
  column = '',
): string[] {
  const conditions: string[] = [];
  const add = (sql: string, value: unknown) => {
    if (value === undefined || value === null) return;
    params.push(value);
    conditions.push(`${column}${sql}$${params.length}`);
  };
  add('subject = ', filters.subject);
  add('actor = ', filters.actor);
  add('type = ', filters.type);
  add('occurred_at >= ', filters.from);
  add('occurred_at < ', filters.to);
  add('seq > ', filters.after);
  return conditions;
}

/** The filters a trail read records about itself (its time window is not recorded). */
export const recordedFilters = (
  filters: EntryFilters,
): Pick<AuditTrailReadV1, 'subject' | 'actorFilter' | 'type'> => ({
  ...(filters.subject ? { subject: filters.subject } : {}),
  ...(filters.actor ? { actorFilter: filters.actor } : {}),
  ...(filters.type ? { type: filters.type } : {}),
});
