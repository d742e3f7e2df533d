import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { createHash } from 'node:crypto';
import { canonicalJson, leafHash, type Hash } from '#audit-log';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import {
  AUDIT_ANOMALY_DETECTED_V1,
  AUDIT_GAP_DETECTED_V1,
  CONTEXT_STREAMS,
  DEAD_LETTER_PREFIX,
  SERVICES,
  SYSTEM_ACTOR,
} from '#contracts';
import { DLQ_HEADERS, HealthRegistry, Metrics, NatsBus, Outbox } from '#platform';
import { Counter, Gauge } from 'prom-client';
import type { AuditConfig } from '../config.js';
import { AUDIT_CONFIG } from '../audit.tokens.js';
import { AuditLogRepository, type IncomingEvent, type LogState } from './audit-log.repository.js';
import { TreeHeadSigner } from './tree-head.signer.js';

/** The durable consumer name the log reads every context stream with. */
export const AUDIT_CONSUMER = 'audit-log';
/** Who dead-letters in the audit service's name (its NATS user may publish gov.dlq.audit.>). */
const DEAD_LETTER_CONSUMER = SERVICES.audit.name;
const LEASE_KEY = '7361206175646974'; // one writer per database: "sa audit"

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const FIELDS = ['id', 'type', 'subject', 'time', 'actor', 'correlationid'] as const;

/**
 * The fields the log indexes; anything else of the event is kept in its canonical bytes. A
 * message that is not such an event gets the reason, a fixed phrase that quotes nothing of
 * the message (it may hold personal data).
 */
export function readEvent(
  data: Uint8Array,
): { event: IncomingEvent['event']; reason?: undefined } | { event?: undefined; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return { reason: 'malformed: not UTF-8 JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { reason: 'malformed: not a JSON object' };
  const fields = value as Record<string, unknown>;
  const missing = FIELDS.filter((f) => typeof fields[f] !== 'string');
  if (missing.length > 0) return { reason: `malformed: missing ${missing.join(', ')}` };
  if (!UUID.test(fields.id as string)) return { reason: 'malformed: id is not a UUID' };
  if (Number.isNaN(Date.parse(fields.time as string)))
    return { reason: 'malformed: time is not a date' };
  return { event: value as IncomingEvent['event'] };
}

/** A message as it arrived, read: an event with its canonical bytes and leaf hash, or why not. */
interface Arrived {
  msg: JsMsg;
  read:
    | { event: IncomingEvent['event']; data: Buffer; leaf: Hash }
    | { event?: undefined; reason: string };
}

const arrived = (msg: JsMsg): Arrived => {
  const read = readEvent(msg.data);
  if (!read.event) return { msg, read };
  const data = canonicalJson(read.event);
  return { msg, read: { event: read.event, data, leaf: leafHash(data) } };
};

/** A message of a stream that is not an event: dead-lettered, and recorded in the log. */
interface Anomaly {
  stream: string;
  streamSeq: number;
  subject: string;
  reason: string;
  data: Uint8Array;
  headers: MsgHdrs | undefined;
}

/**
 * Appends every event of every context stream to the audit log, exactly once (the log's
 * unique event id; what a crash leaves unacknowledged comes again and is skipped). One
 * instance appends at a time: it holds a PostgreSQL advisory lock for as long as it lives;
 * the others wait for it and serve reads meanwhile. Each stream is read in order; a jump in
 * a stream's sequence is counted as a gap and filled from the stream where it still has the
 * messages.
 */
@Injectable()
export class AuditIngestor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditIngestor');
  private lease: pg.Client | undefined;
  private state: LogState | undefined;
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly positions = new Map<string, number>();
  private stopped = false;
  private leaseTimer: NodeJS.Timeout | undefined;
  private readonly appended: Counter<'stream'>;
  private readonly skipped: Counter<'reason'>;
  private readonly gaps: Counter<'stream'>;
  private readonly anomalies: Counter<'stream'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsBus,
    private readonly store: AuditLogRepository,
    private readonly signer: TreeHeadSigner,
    private readonly health: HealthRegistry,
    private readonly outbox: Outbox,
    metrics: Metrics,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {
    const registers = [metrics.registry];
    this.appended = new Counter({
      name: 'civic_audit_appended_total',
      help: 'Events appended to the audit log',
      labelNames: ['stream'],
      registers,
    });
    this.skipped = new Counter({
      name: 'civic_audit_skipped_total',
      help: 'Messages not appended: duplicate, or not an event (dead-lettered)',
      labelNames: ['reason'],
      registers,
    });
    this.anomalies = new Counter({
      name: 'civic_audit_anomalies_total',
      help: 'Messages of a stream that were not events: dead-lettered and recorded in the log',
      labelNames: ['stream'],
      registers,
    });
    this.gaps = new Counter({
      name: 'civic_audit_gaps_total',
      help: 'Jumps in a stream sequence seen by the audit log',
      labelNames: ['stream'],
      registers,
    });
    const size = () => this.state?.frontier.size;
    new Gauge({
      name: 'civic_audit_log_size',
      help: 'Entries in the audit log (on the appending instance)',
      registers,
      collect() {
        const n = size();
        if (n !== undefined) this.set(n);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.health.register('audit-log', () =>
      Promise.resolve({
        appending: this.state !== undefined,
        size: this.state?.frontier.size ?? null,
      }),
    );
    await this.tryLease();
  }

  /** Takes the writer's lease if it is free; otherwise tries again in a while. */
  private async tryLease(): Promise<void> {
    if (this.stopped) return;
    try {
      const client = new pg.Client({
        connectionString: this.config.DATABASE_URL,
        application_name: 'audit-log-writer',
      });
      await client.connect();
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        LEASE_KEY,
      ]);
      if (!got.rows[0]?.ok) {
        await client.end();
        this.leaseTimer = setTimeout(() => void this.tryLease(), 2_000);
        return;
      }
      client.on('error', () => this.lostLease());
      this.lease = client;
      await this.startAppending();
    } catch (error) {
      this.logger.warn(`audit log lease: ${(error as Error).message}`);
      this.leaseTimer = setTimeout(() => void this.tryLease(), 2_000);
    }
  }

  private lostLease(): void {
    this.logger.error('audit log lease lost: exiting so that another instance takes over');
    process.kill(process.pid, 'SIGTERM');
  }

  private async startAppending(): Promise<void> {
    this.state = await this.store.loadState();
    const rows = await this.dataSource.query<{ stream: string; last_seq: string }[]>(
      'SELECT stream, last_seq FROM stream_positions',
    );
    for (const row of rows) this.positions.set(row.stream, Number(row.last_seq));
    this.logger.log(`appending to the audit log from entry ${this.state.frontier.size}`);
    const nc = this.nats.connection;
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    for (const stream of CONTEXT_STREAMS) {
      const config = {
        durable_name: AUDIT_CONSUMER,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: 30_000_000_000,
        max_ack_pending: 5_000,
      };
      try {
        await jsm.consumers.info(stream.name, AUDIT_CONSUMER);
      } catch {
        await jsm.consumers.add(stream.name, config);
      }
      const consumer = await js.consumers.get(stream.name, AUDIT_CONSUMER);
      const messages = await consumer.consume({ max_messages: 1_000 });
      this.subscriptions.push(messages);
      this.loops.push(this.read(stream.name, messages));
    }
    this.signer.start(() => this.state);
  }

  /**
   * Collects what arrives and appends it in batches (up to 1,000 messages, or what came within
   * 20 ms of the first), one batch at a time across all streams. Each message is read, and an
   * event's canonical bytes and leaf hash computed, as it arrives: that work overlaps the
   * database's on the batch before (at most two batches of a stream wait at a time).
   */
  private async read(stream: string, messages: ConsumerMessages): Promise<void> {
    let batch: Arrived[] = [];
    let timer: NodeJS.Timeout | undefined;
    let previous: Promise<void> = Promise.resolve();
    const drain = () => {
      clearTimeout(timer);
      timer = undefined;
      const taken = batch;
      batch = [];
      this.queue = this.queue.then(() => this.appendBatch(stream, taken));
      return this.queue;
    };
    for await (const msg of messages) {
      batch.push(arrived(msg));
      if (batch.length >= 1_000) {
        // Read on while this batch waits its turn, but not past the one before it.
        const queued = drain();
        await previous;
        previous = queued;
      } else timer ??= setTimeout(() => void drain(), 20);
    }
    if (batch.length > 0) await drain();
    await this.queue;
  }

  private async appendBatch(stream: string, arrivals: Arrived[]): Promise<void> {
    const msgs = arrivals.map((a) => a.msg);
    if (msgs.length === 0 || !this.state) return;
    try {
      const incoming: IncomingEvent[] = [];
      const anomalies: Anomaly[] = [];
      const gaps: { fromSeq: number; toSeq: number; backfilled: number }[] = [];
      let last = this.positions.get(stream) ?? 0;
      for (const { msg, read } of arrivals) {
        const streamSeq = msg.info.streamSequence;
        if (streamSeq > last + 1 && last > 0 && msg.info.deliveryCount === 1) {
          // Messages this consumer never got: take what the stream still has, count the rest.
          const backfilled = await this.backfill(stream, last + 1, streamSeq - 1);
          incoming.push(...backfilled.events);
          anomalies.push(...backfilled.anomalies);
          const found = backfilled.events.length + backfilled.anomalies.length;
          const lost = streamSeq - 1 - last - found;
          if (lost > 0) {
            // Only what the stream no longer has is a gap; the rest was just not read yet
            // (e.g. messages of a crashed instance waiting for redelivery).
            gaps.push({ fromSeq: last + 1, toSeq: streamSeq - 1, backfilled: found });
            this.gaps.inc({ stream }, lost);
            this.logger.warn(
              `gap in ${stream}: ${last + 1}..${streamSeq - 1}, ${found} back-filled, ${lost} gone`,
            );
          }
        }
        last = Math.max(last, streamSeq);
        if (read.event)
          incoming.push({ event: read.event, stream, streamSeq, data: read.data, leaf: read.leaf });
        else
          anomalies.push({
            stream,
            streamSeq,
            subject: msg.subject,
            reason: read.reason,
            data: msg.data,
            headers: msg.headers,
          });
      }
      const ids = incoming.map((i) => i.event.id);
      const known = new Set(
        (
          await this.dataSource.query<{ event_id: string }[]>(
            'SELECT event_id FROM audit_entries WHERE event_id = ANY($1::uuid[])',
            [ids],
          )
        ).map((r) => r.event_id),
      );
      const fresh = incoming.filter((i) => {
        if (known.has(i.event.id)) return false;
        known.add(i.event.id);
        return true;
      });
      this.skipped.inc({ reason: 'duplicate' }, incoming.length - fresh.length);
      const maxSeq = Math.max(...msgs.map((m) => m.info.streamSequence));
      const state = this.state;
      const next = await this.dataSource.transaction(async (tx) => {
        const appended = await this.store.append(tx, state, fresh);
        for (const gap of gaps)
          await this.outbox.append(tx, {
            subject: AUDIT_GAP_DETECTED_V1,
            aggregateId: `gap:${stream}`,
            actor: SYSTEM_ACTOR,
            data: { stream, ...gap },
          });
        await this.recordAnomalies(tx, anomalies);
        await tx.query(
          `INSERT INTO stream_positions (stream, last_seq) VALUES ($1, $2)
           ON CONFLICT (stream) DO UPDATE SET last_seq = GREATEST(stream_positions.last_seq, EXCLUDED.last_seq)`,
          [stream, maxSeq],
        );
        return appended;
      });
      this.state = next;
      this.positions.set(stream, Math.max(this.positions.get(stream) ?? 0, maxSeq));
      // Recorded first, then dead-lettered, then acknowledged: a crash in between brings the
      // message again, and the dead-letter stream's dedupe and audit_anomalies take it once.
      for (const anomaly of anomalies) await this.deadLetter(anomaly);
      this.outbox.notifyCommitted();
      for (const msg of msgs) msg.ack();
      this.appended.inc({ stream }, fresh.length);
    } catch (error) {
      this.logger.error(`audit batch of ${stream} failed: ${(error as Error).message}`);
      // The database has what it had: start again from it, and let the messages come again.
      this.state = await this.store.loadState().catch(() => this.state);
      for (const msg of msgs) msg.nak(1_000);
    }
  }

  /** The messages from..to of a stream that it still holds: events for the log, and the rest. */
  private async backfill(
    stream: string,
    from: number,
    to: number,
  ): Promise<{ events: IncomingEvent[]; anomalies: Anomaly[] }> {
    const jsm = await jetstreamManager(this.nats.connection);
    const events: IncomingEvent[] = [];
    const anomalies: Anomaly[] = [];
    for (let seq = from; seq <= to && seq - from < 10_000; seq += 1) {
      const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!stored) continue;
      const read = readEvent(stored.data);
      if (read.event) events.push({ event: read.event, stream, streamSeq: seq });
      else
        anomalies.push({
          stream,
          streamSeq: seq,
          subject: stored.subject,
          reason: read.reason,
          data: stored.data,
          headers: stored.header,
        });
    }
    return { events, anomalies };
  }

  /**
   * Records in `tx` each anomaly not recorded before (redelivery brings them again) as a
   * `gov.audit.log.anomaly-detected.v1` event: stream, sequence, subject, reason and the
   * SHA-256 of the bytes, never the bytes.
   */
  private async recordAnomalies(tx: EntityManager, anomalies: Anomaly[]): Promise<void> {
    if (anomalies.length === 0) return;
    const digests = anomalies.map((a) => createHash('sha256').update(a.data).digest());
    const fresh = await tx.query<{ stream: string; stream_seq: string }[]>(
      `INSERT INTO audit_anomalies (stream, stream_seq, nats_subject, reason, sha256)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bytea[])
       ON CONFLICT DO NOTHING RETURNING stream, stream_seq`,
      [
        anomalies.map((a) => a.stream),
        anomalies.map((a) => a.streamSeq),
        anomalies.map((a) => a.subject),
        anomalies.map((a) => a.reason),
        digests,
      ],
    );
    const recorded = new Set(fresh.map((r) => `${r.stream}:${r.stream_seq}`));
    for (const [i, a] of anomalies.entries()) {
      if (!recorded.has(`${a.stream}:${a.streamSeq}`)) continue;
      await this.outbox.append(tx, {
        subject: AUDIT_ANOMALY_DETECTED_V1,
        aggregateId: `anomaly:${a.stream}`,
        actor: SYSTEM_ACTOR,
        data: {
          stream: a.stream,
          streamSeq: a.streamSeq,
          natsSubject: a.subject,
          reason: a.reason,
          sha256: (digests[i] as Buffer).toString('hex'),
          size: a.data.length,
        },
      });
      this.anomalies.inc({ stream: a.stream });
      this.logger.warn(`not an event on ${a.stream} #${a.streamSeq} (${a.subject}): ${a.reason}`);
    }
  }

  /**
   * Moves a message that is not an event to the dead-letter stream with the reason, as every
   * consumer of the platform does (same headers, `gov.dlq.audit.<subject>`, deduplicated by
   * stream and sequence).
   */
  private async deadLetter(a: Anomaly): Promise<void> {
    const headers = natsHeaders();
    for (const [key, values] of a.headers ?? [])
      for (const value of values) headers.append(key, value);
    headers.set(DLQ_HEADERS.reason, a.reason);
    headers.set(DLQ_HEADERS.subject, a.subject);
    headers.set(DLQ_HEADERS.stream, a.stream);
    headers.set(DLQ_HEADERS.sequence, String(a.streamSeq));
    headers.set(DLQ_HEADERS.consumer, DEAD_LETTER_CONSUMER);
    await jetstream(this.nats.connection).publish(
      `${DEAD_LETTER_PREFIX}.${DEAD_LETTER_CONSUMER}.${a.subject}`,
      a.data,
      { headers, msgID: `dlq:${DEAD_LETTER_CONSUMER}:${a.stream}:${a.streamSeq}` },
    );
    this.skipped.inc({ reason: 'dead_lettered' });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.leaseTimer);
    this.signer.stop();
    for (const sub of this.subscriptions) await sub.close().catch(() => undefined);
    await Promise.allSettled(this.loops);
    await this.queue.catch(() => undefined);
    await this.lease?.end().catch(() => undefined);
  }
}
