import type { EntityManager } from 'typeorm';
import type { CloudEvent, EventMap, EventSubject } from '#contracts';
import {
  CORRELATION_ID_HEADER,
  currentCorrelationId,
  normaliseCorrelationId,
  outgoingTraceHeaders,
} from '../context/request-context.js';
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

  async append<K extends EventSubject>(
    manager: EntityManager,
    event: NewEvent<K>,
  ): Promise<CloudEvent<EventMap[K], K>> {
    // The envelope is built before its sequence is known; one statement takes the next
    // sequence number (the row lock serialises writers of one aggregate), stamps it into the
    // envelope and writes the outbox row: one round trip per event.
    const correlationId = normaliseCorrelationId(currentCorrelationId());
    const envelope = buildEnvelope(this.options.service, event, 0, correlationId);
    const rows = await manager.query<{ aggregate_sequence: string }[]>(
      `WITH seq AS (
         INSERT INTO aggregate_sequences (aggregate_id, last_sequence) VALUES ($3, 1)
         ON CONFLICT (aggregate_id)
           DO UPDATE SET last_sequence = aggregate_sequences.last_sequence + 1
         RETURNING last_sequence)
       INSERT INTO outbox (event_id, subject, aggregate_id, aggregate_sequence, partition, envelope, headers)
       SELECT $1, $2, $3, seq.last_sequence, $4,
              $5 || seq.last_sequence || '}', $6
       FROM seq
       RETURNING aggregate_sequence`,
      [
        envelope.id,
        event.subject,
        event.aggregateId,
        partitionOf(event.aggregateId, this.options.partitions),
        // The envelope's JSON up to its last member, `"sequence":`; the statement appends
        // the number and the closing brace (text, no JSON parsing in the database).
        envelopePrefix(envelope),
        JSON.stringify({ [CORRELATION_ID_HEADER]: correlationId, ...outgoingTraceHeaders() }),
      ],
    );
    envelope.sequence = Number(rows[0]?.aggregate_sequence);
    return envelope;
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
