import type { AuditEntry } from '#contracts';
import type { EntryRow } from './audit-log.repository.js';

/**
 * An entry's leaf and what its bytes vouch for (`#audit-log`'s `EntryData` with its place), as
 * exports and permit proofs give it.
 */
export const leafView = (
  r: Pick<EntryRow, 'seq' | 'type' | 'subject' | 'actor' | 'occurred_at' | 'data' | 'leaf_hash'>,
) => ({
  seq: Number(r.seq),
  type: r.type,
  subject: r.subject,
  actor: r.actor,
  occurredAt: r.occurred_at.toISOString(),
  data: r.data.toString('utf8'),
  leafHash: r.leaf_hash.toString('hex'),
});

/** An entry as the trail's readers get it. */
export const entryView = (r: EntryRow): AuditEntry => ({
  seq: Number(r.seq),
  eventId: r.event_id,
  type: r.type,
  subject: r.subject,
  actor: r.actor,
  correlationId: r.correlation_id,
  causationId: r.causation_id,
  occurredAt: r.occurred_at.toISOString(),
  recordedAt: r.recorded_at.toISOString(),
  stream: r.stream,
  streamSeq: Number(r.stream_seq),
  /** The leaf data: RFC 8785 canonical JSON of the event as received, as stored. */
  data: r.data.toString('utf8'),
  leafHash: r.leaf_hash.toString('hex'),
  entryHash: r.entry_hash.toString('hex'),
});
