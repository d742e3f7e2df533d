import type { EntityManager } from 'typeorm';
import type { CloudEvent, EventMap, EventSubject } from '#contracts';
import {
  CORRELATION_ID_HEADER,
  currentCorrelationId,
  normaliseCorrelationId,
  outgoingTraceHeaders,
} from '../context/request-context.js';
import type { SqlPart } from '../database/sql-part.js';
import { buildEnvelope, type NewEvent } from './envelope.js';

/** FNV-1a: a stable, cheap hash so one aggregate always falls in the same partition. */
export function partitionOf(aggregateId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < aggregateId.length; i += 1) {
    hash ^= aggregateId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/** `{...,"sequence":` : an envelope's JSON without its sequence's value and closing brace. */
function envelopePrefix(envelope: CloudEvent): string {
  const { sequence: _omitted, ...rest } = envelope;
  const json = JSON.stringify(rest);
  return `${json.slice(0, -1)},"sequence":`;
}

/** The NATS headers stored with an event: its correlation id and the trace context. */
const outgoingHeaders = (correlationId: string): string =>
  JSON.stringify({ [CORRELATION_ID_HEADER]: correlationId, ...outgoingTraceHeaders() });

export interface OutboxOptions {
  service: string;
  /** Aggregates are spread over this many partitions; relays claim whole partitions. */
  partitions: number;
}

/**
 * Writes events in the same transaction as the state change that caused them. Each event
 * gets the next sequence number of its aggregate (the row lock on the aggregate's counter
 * also serialises writers of one aggregate, so outbox order is aggregate order).
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();

  constructor(readonly options: OutboxOptions) {}

  /** Writes one event; see `appendAll`. */
  async append<K extends EventSubject>(
    manager: EntityManager,
    event: NewEvent<K>,
  ): Promise<CloudEvent<EventMap[K], K>> {
    // The common case, one event, has a lighter statement than `appendAll`'s.
    const correlationId = normaliseCorrelationId(currentCorrelationId());
    const envelope = buildEnvelope(this.options.service, event, 0, correlationId);
    const rows = await manager.query<{ aggregate_sequence: string }[]>(
      `WITH seq AS (
         INSERT INTO aggregate_sequences (aggregate_id, last_sequence) VALUES ($3, 1)
         ON CONFLICT (aggregate_id)
           DO UPDATE SET last_sequence = aggregate_sequences.last_sequence + 1
         RETURNING last_sequence)
       INSERT INTO outbox (event_id, subject, aggregate_id, aggregate_sequence, partition, envelope, headers)
       SELECT $1, $2, $3, seq.last_sequence, $4, $5 || seq.last_sequence || '}', $6
       FROM seq
       RETURNING aggregate_sequence`,
      this.eventParams(event, envelope, correlationId),
    );
    envelope.sequence = Number(rows[0]?.aggregate_sequence);
    return envelope;
  }

  /**
   * One event as common table expressions for a caller's own statement, so that a change and
   * its event are one round trip (and, on their own, one commit: no transaction around them).
   * The event is written once for each row that the caller's CTE `guard` returns (make it
   * return at most one): a guard that matched nothing writes nothing. `firstParam` is the number
   * of the first of `params` in the caller's statement; the caller puts `ctes` after its own
   * (comma-separated) and calls `notifyCommitted` once the statement has committed.
   */
  guardedAppend<K extends EventSubject>(
    event: NewEvent<K>,
    guard: string,
    firstParam: number,
  ): { ctes: string; params: unknown[]; envelope: CloudEvent<EventMap[K], K> } {
    const correlationId = normaliseCorrelationId(currentCorrelationId());
    const envelope = buildEnvelope(this.options.service, event, 0, correlationId);
    const $ = (i: number) => `$${firstParam + i}`;
    return {
      ctes: `outbox_seq AS (
         INSERT INTO aggregate_sequences (aggregate_id, last_sequence)
         SELECT ${$(2)}::text, 1 FROM ${guard}
         ON CONFLICT (aggregate_id)
           DO UPDATE SET last_sequence = aggregate_sequences.last_sequence + 1
         RETURNING last_sequence),
       outbox_row AS (
         INSERT INTO outbox (event_id, subject, aggregate_id, aggregate_sequence, partition, envelope, headers)
         SELECT ${$(0)}::uuid, ${$(1)}::text, ${$(2)}::text, outbox_seq.last_sequence, ${$(3)}::smallint,
                ${$(4)}::text || outbox_seq.last_sequence || '}', ${$(5)}::jsonb
         FROM outbox_seq
         RETURNING aggregate_sequence)`,
      params: this.eventParams(event, envelope, correlationId),
      envelope,
    };
  }

  /** One event's row values: id, subject, aggregate, partition, envelope prefix, headers. */
  private eventParams(
    event: NewEvent<EventSubject>,
    envelope: CloudEvent,
    correlationId: string,
  ): unknown[] {
    return [
      envelope.id,
      event.subject,
      event.aggregateId,
      partitionOf(event.aggregateId, this.options.partitions),
      envelopePrefix(envelope),
      outgoingHeaders(correlationId),
    ];
  }

  /**
   * Writes events in one statement, whatever their number: a command that changes several
   * aggregates pays one round trip for all its events. Each event gets the next sequence
   * number of its aggregate, in the order given (several events of one aggregate get
   * consecutive numbers); the row locks on the aggregates' counters serialise concurrent
   * writers of the same aggregate, so outbox order is aggregate order.
   */
  async appendAll<K extends EventSubject>(
    manager: EntityManager,
    events: readonly NewEvent<K>[],
  ): Promise<CloudEvent<EventMap[K], K>[]> {
    if (events.length === 0) return [];
    if (events.length === 1) return [await this.append(manager, events[0] as NewEvent<K>)];
    // The envelopes are built before their sequences are known; the statement takes each
    // aggregate's next numbers, stamps them into the envelopes and writes the outbox rows.
    const correlationId = normaliseCorrelationId(currentCorrelationId());
    const envelopes = events.map((event) =>
      buildEnvelope(this.options.service, event, 0, correlationId),
    );
    const { ctes, params } = this.appendAllCtes(events, 1, envelopes, correlationId);
    const rows = await manager.query<{ event_id: string; aggregate_sequence: string }[]>(
      `WITH ${ctes} SELECT event_id, aggregate_sequence FROM outbox_rows`,
      params,
    );
    const sequences = new Map(rows.map((r) => [r.event_id, Number(r.aggregate_sequence)]));
    for (const envelope of envelopes) {
      const sequence = sequences.get(envelope.id);
      if (sequence === undefined) throw new Error(`outbox: no row was written for ${envelope.id}`);
      envelope.sequence = sequence;
    }
    return envelopes;
  }

  /**
   * `appendAll`'s events as common table expressions for a caller's own statement in the
   * caller's transaction, so that the events share a round trip with the caller's last write
   * (`outbox_rows` returns each event's id and sequence). `firstParam` is the number of the
   * first of `params` in that statement; the caller puts `ctes` before its own.
   */
  appendAllCtes<K extends EventSubject>(
    events: readonly NewEvent<K>[],
    firstParam: number,
    envelopes?: CloudEvent<EventMap[K], K>[],
    correlationId = normaliseCorrelationId(currentCorrelationId()),
  ): SqlPart {
    const built =
      envelopes ??
      events.map((event) => buildEnvelope(this.options.service, event, 0, correlationId));
    const $ = (i: number) => `$${firstParam + i}`;
    return {
      ctes: `outbox_e AS (
         SELECT * FROM unnest(${$(0)}::uuid[], ${$(1)}::text[], ${$(2)}::text[], ${$(3)}::smallint[], ${$(4)}::text[])
           WITH ORDINALITY AS e(event_id, subject, aggregate_id, partition, prefix, ord)),
       outbox_counts AS (SELECT aggregate_id, count(*) AS n FROM outbox_e GROUP BY aggregate_id),
       outbox_seq AS (
         INSERT INTO aggregate_sequences (aggregate_id, last_sequence)
         SELECT aggregate_id, n FROM outbox_counts ORDER BY aggregate_id
         ON CONFLICT (aggregate_id)
           DO UPDATE SET last_sequence = aggregate_sequences.last_sequence + EXCLUDED.last_sequence
         RETURNING aggregate_id, last_sequence),
       outbox_numbered AS (
         SELECT e.event_id, e.subject, e.aggregate_id, e.partition, e.prefix, e.ord,
                s.last_sequence - c.n
                  + row_number() OVER (PARTITION BY e.aggregate_id ORDER BY e.ord) AS sequence
         FROM outbox_e e JOIN outbox_seq s USING (aggregate_id) JOIN outbox_counts c USING (aggregate_id)),
       outbox_rows AS (
         INSERT INTO outbox (event_id, subject, aggregate_id, aggregate_sequence, partition, envelope, headers)
         SELECT event_id, subject, aggregate_id, sequence, partition,
                prefix || sequence || '}', ${$(5)}::jsonb
         FROM outbox_numbered ORDER BY ord
         RETURNING event_id, aggregate_sequence)`,
      last: 'outbox_rows',
      params: [
        built.map((e) => e.id),
        events.map((e) => e.subject),
        events.map((e) => e.aggregateId),
        events.map((e) => partitionOf(e.aggregateId, this.options.partitions)),
        // Each envelope's JSON up to its last member, `"sequence":`; the statement appends
        // the number and the closing brace (text, no JSON parsing in the database).
        built.map(envelopePrefix),
        outgoingHeaders(correlationId),
      ],
    };
  }

  /**
   * Runs `work` in a transaction on `manager`'s data source and wakes the relay once it has
   * committed, so events leave at once instead of at the next poll.
   */
  async transaction<T>(
    manager: EntityManager,
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    const result = await manager.transaction(work);
    this.notifyCommitted();
    return result;
  }

  /** Called after a commit that wrote events (in process; no LISTEN/NOTIFY). */
  notifyCommitted(): void {
    for (const listener of this.listeners) listener();
  }

  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
