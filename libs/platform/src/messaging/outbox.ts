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
    const rows = await manager.query<{ last_sequence: string }[]>(
      `INSERT INTO aggregate_sequences (aggregate_id, last_sequence) VALUES ($1, 1)
       ON CONFLICT (aggregate_id) DO UPDATE SET last_sequence = aggregate_sequences.last_sequence + 1
       RETURNING last_sequence`,
      [event.aggregateId],
    );
    const sequence = Number(rows[0]?.last_sequence);
    const correlationId = normaliseCorrelationId(currentCorrelationId());
    const envelope = buildEnvelope(this.options.service, event, sequence, correlationId);
    await manager.query(
      `INSERT INTO outbox (event_id, subject, aggregate_id, aggregate_sequence, partition, envelope, headers)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        envelope.id,
        event.subject,
        event.aggregateId,
        sequence,
        partitionOf(event.aggregateId, this.options.partitions),
        JSON.stringify(envelope),
        JSON.stringify({ [CORRELATION_ID_HEADER]: correlationId, ...outgoingTraceHeaders() }),
      ],
    );
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
