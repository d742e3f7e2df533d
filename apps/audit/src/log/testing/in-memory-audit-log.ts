import { generateKeyPairSync } from 'node:crypto';
import {
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  keyIdOf,
  leafHash,
  MerkleFrontier,
  perfectNodesOf,
  rawPublicKey,
  signTreeHead,
  type Hash,
  type TreeHead,
} from '#audit-log';
import type { AuditTrailReadV1 } from '#contracts';
import type {
  AuditLogRepository,
  ChainedEntryRow,
  EntryRow,
  ProofMaterial,
} from '../audit-log.repository.js';
import type { EntryFilters } from '../entry-filters.js';
import type { TrailReads } from '../trail-reads.js';

/** What the use cases read of the repository, in memory. */
type ReadSide = Pick<
  AuditLogRepository,
  | 'entry'
  | 'entries'
  | 'caseEntries'
  | 'permitEntries'
  | 'chainedEntries'
  | 'proofMaterial'
  | 'knownSize'
  | 'latestTreeHead'
  | 'treeHeadOfSize'
  | 'publicKeys'
>;

/**
 * An audit log in memory for the use cases' unit specs: entries hashed and chained as the
 * real log does, its complete subtrees stored as they complete, tree heads signed with a
 * real key. The SQL itself is proven by the integration tests against PostgreSQL.
 */
export class InMemoryAuditLog implements ReadSide {
  readonly rows: EntryRow[] = [];
  readonly heads: TreeHead[] = [];
  private readonly nodes = new Map<string, Hash>();
  private readonly frontier = new MerkleFrontier(0);
  private readonly key = generateKeyPairSync('ed25519');
  private last: Hash = GENESIS_HASH;

  /** Appends an event of `subject` (an aggregate id) with `data` as its facts. */
  append(
    subject: string,
    data: Record<string, unknown>,
    options: { type?: string; time?: string; actor?: string } = {},
  ): EntryRow {
    const seq = this.frontier.size;
    const event = {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      type: options.type ?? 'gov.permits.application.submitted.v1',
      subject,
      time: options.time ?? new Date(Date.UTC(2026, 10, 1, 0, seq)).toISOString(),
      actor: options.actor ?? 'system',
      correlationid: `c-${seq}`,
      data,
    };
    const bytes = canonicalJson(event);
    const leaf = leafHash(bytes);
    this.last = entryHash(this.last, leaf);
    for (const node of this.frontier.append(leaf))
      this.nodes.set(`${node.level}:${node.idx}`, node.hash);
    const row: EntryRow = {
      seq: String(seq),
      event_id: event.id,
      type: event.type,
      subject,
      actor: event.actor,
      correlation_id: event.correlationid,
      causation_id: null,
      occurred_at: new Date(event.time),
      recorded_at: new Date(event.time),
      stream: 'PERMITS',
      stream_seq: String(seq + 1),
      data: bytes,
      leaf_hash: leaf,
      entry_hash: this.last,
    };
    this.rows.push(row);
    return row;
  }

  /** Signs a tree head of the log as it is now. */
  sign(): TreeHead {
    const head = signTreeHead(
      {
        treeSize: this.frontier.size,
        rootHash: (this.frontier.root() as Hash).toString('hex'),
        timestamp: new Date().toISOString(),
      },
      this.key.privateKey,
    );
    this.heads.push(head);
    return head;
  }

  private matches(row: EntryRow, f: EntryFilters, after?: number): boolean {
    return (
      (after === undefined || Number(row.seq) > after) &&
      (f.subject === undefined || row.subject === f.subject) &&
      (f.actor === undefined || row.actor === f.actor) &&
      (f.type === undefined || row.type === f.type) &&
      (f.from === undefined || row.occurred_at >= new Date(f.from)) &&
      (f.to === undefined || row.occurred_at < new Date(f.to))
    );
  }

  entry(seq: number): Promise<EntryRow | undefined> {
    return Promise.resolve(this.rows[seq]);
  }

  entries(filters: EntryFilters, after: number | undefined, limit: number): Promise<EntryRow[]> {
    return Promise.resolve(
      this.rows.filter((r) => this.matches(r, filters, after)).slice(0, limit),
    );
  }

  caseEntries(subject: string, at: string): Promise<EntryRow[]> {
    return Promise.resolve(
      this.rows.filter((r) => r.subject === subject && r.occurred_at <= new Date(at)),
    );
  }

  permitEntries(permitNumber: string): Promise<{ head?: TreeHead; rows: EntryRow[] }> {
    const head = this.heads.at(-1);
    return Promise.resolve({
      head,
      rows: this.rows.filter(
        (r) =>
          head !== undefined &&
          r.subject === permitNumber &&
          Number(r.seq) < head.treeSize &&
          r.type.startsWith('gov.permits.permit.'),
      ),
    });
  }

  chainedEntries(
    treeSize: number,
    filters: EntryFilters,
    after: number | undefined,
    limit: number,
  ): Promise<ChainedEntryRow[]> {
    return Promise.resolve(
      this.rows
        .filter((r) => Number(r.seq) < treeSize && this.matches(r, filters, after))
        .slice(0, limit)
        .map((r) => ({
          ...r,
          previous_entry_hash: this.rows[Number(r.seq) - 1]?.entry_hash ?? null,
        })),
    );
  }

  knownSize = 0;

  proofMaterial(
    ranges: [number, number][],
    more: { level: number; idx: number }[] = [],
  ): Promise<ProofMaterial> {
    const nodes = new Map<string, Hash>();
    for (const { level, idx } of [...ranges.flatMap(([s, e]) => perfectNodesOf(s, e)), ...more]) {
      const hash = this.nodes.get(`${level}:${idx}`);
      if (hash) nodes.set(`${level}:${idx}`, hash);
    }
    this.knownSize = Math.max(this.knownSize, this.frontier.size);
    return Promise.resolve({ size: this.frontier.size, nodes });
  }

  latestTreeHead(): Promise<TreeHead | undefined> {
    return Promise.resolve(this.heads.at(-1));
  }

  treeHeadOfSize(size: number): Promise<TreeHead | undefined> {
    return Promise.resolve(this.heads.find((h) => h.treeSize === size));
  }

  publicKeys(): Promise<
    { keyId: string; publicKey: string; algorithm: 'Ed25519'; firstUsed: string }[]
  > {
    return Promise.resolve([
      {
        keyId: keyIdOf(this.key.publicKey),
        publicKey: rawPublicKey(this.key.publicKey).toString('base64'),
        algorithm: 'Ed25519',
        firstUsed: '2026-11-01T00:00:00.000Z',
      },
    ]);
  }

  /** The repository the use cases take. */
  asRepository(): AuditLogRepository {
    return this as unknown as AuditLogRepository;
  }
}

/** Trail reads kept in memory: what the use cases recorded, in order. */
export class RecordedReads {
  readonly reads: AuditTrailReadV1[] = [];

  record(read: AuditTrailReadV1): Promise<void> {
    this.reads.push(read);
    return Promise.resolve();
  }

  asTrailReads(): TrailReads {
    return this as unknown as TrailReads;
  }
}
