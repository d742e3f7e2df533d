import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import {
  EXPORT_FORMAT,
  GENESIS_HASH,
  type ExportEntry,
  type ExportHeader,
  consistencyProof,
  inclusionProof,
  treeRoot,
  type Hash,
  type RangeHasher,
} from '#audit-log';
import { AUDIT_TRAIL_READ_V1, SYSTEM_ACTOR, type AuditTrailReadV1 } from '#contracts';
import { currentActor, Outbox } from '#platform';
import { AuditLogRepository } from './audit-log.repository.js';
import { entryConditions, recordedFilters } from './entry-filters.js';
import { TreeHeadSigner } from './tree-head.signer.js';

const notFound = (message: string) =>
  new RpcException({ code: 'AUDIT.NOT_FOUND', message, details: { status: 404 } });
const badRequest = (message: string) =>
  new RpcException({ code: 'AUDIT.INVALID_RANGE', message, details: { status: 422 } });

const hex = (hashes: Hash[]) => hashes.map((h) => h.toString('hex'));

interface EntryRow {
  seq: string;
  event_id: string;
  type: string;
  subject: string;
  actor: string;
  correlation_id: string;
  causation_id: string | null;
  occurred_at: Date;
  recorded_at: Date;
  stream: string;
  stream_seq: string;
  data: Buffer;
  leaf_hash: Buffer;
  entry_hash: Buffer;
}

export const entryView = (r: EntryRow) => ({
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

/** The audit log's read side over NATS (the gateway serves it to auditors). */
@Controller()
export class AuditLogNatsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: AuditLogRepository,
    private readonly heads: TreeHeadSigner,
    private readonly outbox: Outbox,
  ) {}

  /** Every read of the trail goes into the trail (through the outbox, like any event). */
  private async recordRead(read: AuditTrailReadV1): Promise<void> {
    const actor = currentActor();
    await this.outbox.transaction(this.dataSource.manager, (tx) =>
      this.outbox.append(tx, {
        subject: AUDIT_TRAIL_READ_V1,
        aggregateId: actor ? `reader:${actor.userId}` : 'reader:system',
        actor: actor ? { kind: 'user', userId: actor.userId, role: actor.role } : SYSTEM_ACTOR,
        data: read,
      }),
    );
  }

  /** Runs `compute` twice: once to learn which ranges it needs, once with them fetched. */
  private async withHasher<T>(compute: (hashRange: RangeHasher) => T): Promise<T> {
    const ranges: [number, number][] = [];
    compute((start, end) => {
      ranges.push([start, end]);
      return Buffer.alloc(32);
    });
    return compute(await this.store.rangeHasher(ranges));
  }

  @MessagePattern('audit.tree-heads.latest')
  async latest() {
    return (await this.store.latestTreeHead()) ?? null;
  }

  @MessagePattern('audit.tree-heads.sign')
  async signNow() {
    await this.heads.signLatest();
    return (await this.store.latestTreeHead()) ?? null;
  }

  @MessagePattern('audit.tree-heads.of-size')
  async ofSize(@Payload() body: { size: number }) {
    const head = await this.store.treeHeadOfSize(body.size);
    if (!head) throw notFound(`no tree head of size ${body.size}`);
    return head;
  }

  @MessagePattern('audit.public-keys')
  publicKeys() {
    return this.store.publicKeys();
  }

  @MessagePattern('audit.entries.get')
  async entry(@Payload() body: { seq: number }) {
    const rows = await this.dataSource.query<EntryRow[]>(
      'SELECT * FROM audit_entries WHERE seq = $1',
      [body.seq],
    );
    if (!rows[0]) throw notFound(`no entry ${body.seq}`);
    await this.recordRead({ read: 'entry', seq: body.seq, subject: rows[0].subject, entries: 1 });
    return entryView(rows[0]);
  }

  @MessagePattern('audit.entries.list')
  async list(
    @Payload()
    body: {
      subject?: string;
      actor?: string;
      type?: string;
      from?: string;
      to?: string;
      cursor?: number;
      limit?: number;
    },
  ) {
    const params: unknown[] = [];
    const conditions = entryConditions({ ...body, after: body.cursor }, params);
    const limit = Math.min(Math.max(body.limit ?? 100, 1), 500);
    params.push(limit + 1);
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT * FROM audit_entries ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit).map(entryView);
    await this.recordRead({
      read: 'entries',
      ...recordedFilters(body),
      entries: page.length,
    });
    return {
      entries: page,
      nextCursor: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
    };
  }

  /**
   * A case as its events tell it up to a moment: the facts of its events applied in order (each
   * event's data over the previous state), and the history that led there.
   */
  @MessagePattern('audit.cases.state')
  async caseState(@Payload() body: { subject: string; at?: string }) {
    const at = body.at ?? new Date().toISOString();
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT * FROM audit_entries WHERE subject = $1 AND occurred_at <= $2 ORDER BY seq`,
      [body.subject, at],
    );
    if (rows.length === 0) throw notFound(`no events of ${body.subject} up to ${at}`);
    let state: Record<string, unknown> = {};
    const history = rows.map((row) => {
      const event = JSON.parse(row.data.toString('utf8')) as { data?: Record<string, unknown> };
      state = { ...state, ...(event.data ?? {}) };
      return {
        seq: Number(row.seq),
        type: row.type,
        actor: row.actor,
        occurredAt: row.occurred_at.toISOString(),
        entryHash: row.entry_hash.toString('hex'),
      };
    });
    await this.recordRead({ read: 'case-state', subject: body.subject, entries: rows.length });
    return { subject: body.subject, at, state, history };
  }

  /**
   * One page of an export (docs/audit.md, "Export format"): the header with the tree head
   * everything is proven against on the first page, then entries with their inclusion proofs.
   */
  @MessagePattern('audit.export.page')
  async exportPage(
    @Payload()
    body: {
      query: { subject?: string; actor?: string; type?: string; from?: string; to?: string };
      treeSize?: number;
      cursor?: number;
      limit?: number;
    },
  ) {
    const head = body.treeSize
      ? await this.store.treeHeadOfSize(body.treeSize)
      : await this.store.latestTreeHead();
    if (!head) throw notFound('the log has no signed tree head yet');
    const q = body.query;
    const params: unknown[] = [head.treeSize];
    const conditions = ['seq < $1', ...entryConditions({ ...q, after: body.cursor }, params)];
    const limit = Math.min(Math.max(body.limit ?? 200, 1), 200);
    params.push(limit + 1);
    const rows = await this.dataSource.query<(EntryRow & { previous_entry_hash: Buffer | null })[]>(
      `SELECT e.*, p.entry_hash AS previous_entry_hash FROM audit_entries e
       LEFT JOIN audit_entries p ON p.seq = e.seq - 1
       WHERE ${conditions.map((c) => `e.${c}`).join(' AND ')} ORDER BY e.seq LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const proofs = await this.withHasher((h) =>
      page.map((r) => inclusionProof(h, Number(r.seq), head.treeSize)),
    );
    const lines = page.map((r, i) => {
      const entry: ExportEntry = {
        kind: 'entry',
        seq: Number(r.seq),
        type: r.type,
        subject: r.subject,
        actor: r.actor,
        occurredAt: r.occurred_at.toISOString(),
        data: r.data.toString('utf8'),
        leafHash: r.leaf_hash.toString('hex'),
        previousEntryHash: (r.previous_entry_hash ?? GENESIS_HASH).toString('hex'),
        entryHash: r.entry_hash.toString('hex'),
        inclusionProof: hex(proofs[i] ?? []),
      };
      return JSON.stringify(entry);
    });
    let header: ExportHeader | undefined;
    if (body.cursor === undefined) {
      const keys = await this.store.publicKeys();
      header = {
        kind: 'header',
        format: EXPORT_FORMAT,
        query: { ...q },
        treeHead: head,
        publicKeys: keys.map(({ keyId, publicKey }) => ({ keyId, publicKey })),
        complete: Object.values(q).every((v) => v === undefined),
      };
      await this.recordRead({
        read: 'export',
        ...recordedFilters(q),
        entries: page.length,
      });
    }
    return {
      treeSize: head.treeSize,
      header: header ? JSON.stringify(header) : null,
      lines,
      nextCursor: rows.length > limit ? Number(page.at(-1)?.seq) : null,
    };
  }

  @MessagePattern('audit.proofs.inclusion')
  async inclusion(@Payload() body: { seq: number; treeSize: number }) {
    const size = await this.store.size();
    if (body.treeSize < 1 || body.treeSize > size || body.seq >= body.treeSize)
      throw badRequest(
        `entry ${body.seq} is not in a tree of ${body.treeSize} (the log has ${size})`,
      );
    const rows = await this.dataSource.query<{ leaf_hash: Buffer }[]>(
      'SELECT leaf_hash FROM audit_entries WHERE seq = $1',
      [body.seq],
    );
    const path = await this.withHasher((h) => inclusionProof(h, body.seq, body.treeSize));
    await this.recordRead({ read: 'inclusion-proof', seq: body.seq, entries: 1 });
    return {
      leafIndex: body.seq,
      treeSize: body.treeSize,
      leafHash: rows[0]?.leaf_hash.toString('hex'),
      auditPath: hex(path),
    };
  }

  @MessagePattern('audit.proofs.consistency')
  async consistency(@Payload() body: { first: number; second: number }) {
    const size = await this.store.size();
    if (body.first < 1 || body.first > body.second || body.second > size)
      throw badRequest(
        `no consistency between ${body.first} and ${body.second} (the log has ${size})`,
      );
    const proof = await this.withHasher((h) => consistencyProof(h, body.first, body.second));
    await this.recordRead({ read: 'consistency-proof', entries: 0 });
    return { first: body.first, second: body.second, proof: hex(proof) };
  }

  @MessagePattern('audit.tree.root')
  async root(@Payload() body: { size: number }) {
    return {
      size: body.size,
      rootHash: (await this.withHasher((h) => treeRoot(h, body.size))).toString('hex'),
    };
  }
}
