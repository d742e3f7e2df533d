import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AUDIT_TRAIL_READ_V1,
  SYSTEM_ACTOR,
  TRAIL_READS_PER_EVENT,
  type Actor,
  type AuditTrailReadV1,
} from '#contracts';
import { currentActor, Outbox } from '#platform';
import type { AuditConfig } from '../config.js';
import { AUDIT_CONFIG } from '../audit.tokens.js';

/** Proofs: verification material asked in bursts (a verifier asks one per entry it checks). */
const PROOFS = new Set<AuditTrailReadV1['read']>(['inclusion-proof', 'consistency-proof']);

interface ProofReadRow {
  id: string;
  reader: string;
  actor: Actor;
  read: AuditTrailReadV1['read'];
  seq: string | null;
  read_at: Date;
}

/**
 * Every read of the trail goes into the trail, as a `gov.audit.trail.read.v1` event with its
 * reader (the actor of the request being served), through the outbox like any event. Each
 * read is committed before it is answered:
 *
 * - a read of entries, a case or an export is one event, written as it is answered;
 * - a proof is one row of `proof_reads`, and every `AUDIT_PROOF_READS_FLUSH_MS` the rows become
 *   one event per reader and kind of proof (`count`, the `seqs` proved, first and last time).
 *   A verifier asks a proof per entry it checks: one event each would grow the log by an entry
 *   per proof, and make the appending work of every proof compete with the next one.
 */
@Injectable()
export class TrailReads implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TrailReads');
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(AUDIT_CONFIG) private readonly config: Pick<AuditConfig, 'AUDIT_PROOF_READS_FLUSH_MS'>,
  ) {}

  async record(read: AuditTrailReadV1): Promise<void> {
    const actor = currentActor();
    const reader = actor ? `reader:${actor.userId}` : 'reader:system';
    const by: Actor = actor
      ? { kind: 'user', userId: actor.userId, role: actor.role }
      : SYSTEM_ACTOR;
    if (PROOFS.has(read.read)) {
      await this.dataSource.query(
        'INSERT INTO proof_reads (reader, actor, read, seq) VALUES ($1, $2, $3, $4)',
        [reader, JSON.stringify(by), read.read, read.seq ?? null],
      );
      return;
    }
    // The read changes nothing else, and `Outbox.append` is one statement (the aggregate's
    // sequence and the outbox row together): it commits on its own, without the two round
    // trips of BEGIN and COMMIT around it (a read's latency is mostly round trips).
    await this.outbox.append(this.dataSource.manager, {
      subject: AUDIT_TRAIL_READ_V1,
      aggregateId: reader,
      actor: by,
      data: read,
    });
    this.outbox.notifyCommitted();
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.config.AUDIT_PROOF_READS_FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /**
   * Turns the proofs recorded so far into trail-read events (one transaction per batch: the
   * rows go as their events are written). Instances share the table: each takes rows the
   * others have not locked. Resolves to the number of reads written.
   */
  flush(): Promise<number> {
    this.flushing = this.flushing.then(async () => {
      let written = 0;
      try {
        for (;;) {
          const n = await this.flushBatch();
          written += n;
          if (n < 10 * TRAIL_READS_PER_EVENT) break;
        }
      } catch (error) {
        // The rows stay; the next round takes them.
        this.logger.warn(`proof reads not written yet: ${(error as Error).message}`);
      }
      return written;
    });
    return this.flushing;
  }

  private async flushBatch(): Promise<number> {
    const taken = await this.outbox.transaction(this.dataSource.manager, async (tx) => {
      const rows = await tx.query<ProofReadRow[]>(
        // (A SELECT around the DELETE: TypeORM answers a bare DELETE with its row count too.)
        `WITH taken AS (
           DELETE FROM proof_reads WHERE id IN (
             SELECT id FROM proof_reads ORDER BY id LIMIT ${10 * TRAIL_READS_PER_EVENT}
             FOR UPDATE SKIP LOCKED)
           RETURNING id, reader, actor, read, seq, read_at)
         SELECT * FROM taken ORDER BY id`,
      );
      if (rows.length === 0) return 0;
      const byReader = new Map<string, ProofReadRow[]>();
      for (const row of rows) {
        const key = `${row.reader} ${row.read}`;
        const group = byReader.get(key);
        if (group) group.push(row);
        else byReader.set(key, [row]);
      }
      const groups = [...byReader.values()].flatMap((all) =>
        Array.from({ length: Math.ceil(all.length / TRAIL_READS_PER_EVENT) }, (_, i) =>
          all.slice(i * TRAIL_READS_PER_EVENT, (i + 1) * TRAIL_READS_PER_EVENT),
        ),
      );
      await this.outbox.appendAll(
        tx,
        groups.map((group) => {
          const first = group[0] as ProofReadRow;
          const last = group[group.length - 1] as ProofReadRow;
          const seqs = group.flatMap((r) => (r.seq === null ? [] : [Number(r.seq)]));
          const data: AuditTrailReadV1 = {
            read: first.read,
            entries: seqs.length,
            count: group.length,
            ...(seqs.length > 0 ? { seqs } : {}),
            firstReadAt: first.read_at.toISOString(),
            lastReadAt: last.read_at.toISOString(),
          };
          return {
            subject: AUDIT_TRAIL_READ_V1,
            aggregateId: first.reader,
            actor: first.actor,
            data,
          };
        }),
      );
      return rows.length;
    });
    return taken;
  }
}
