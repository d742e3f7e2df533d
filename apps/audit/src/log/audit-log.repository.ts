import type { DataSource, EntityManager } from 'typeorm';
import {
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  leafHash,
  MerkleFrontier,
  perfectNodesOf,
  type Hash,
  type MerkleNode,
  type TreeHead,
} from '#audit-log';
import { entryConditions, type EntryFilters } from './entry-filters.js';

/** An event as the log takes it: the parsed CloudEvent and where it came from. */
export interface IncomingEvent {
  event: Record<string, unknown> & {
    id: string;
    type: string;
    subject: string;
    time: string;
    actor: string;
    correlationid: string;
    causationid?: string;
  };
  stream: string;
  streamSeq: number;
  /** Its canonical bytes and leaf hash, when already computed (else `append` computes them). */
  data?: Buffer;
  leaf?: Hash;
}

export interface LogState {
  frontier: MerkleFrontier;
  lastEntryHash: Hash;
}

interface TreeHeadRow {
  tree_size: string;
  root_hash: Buffer;
  signed_at: Date;
  key_id: string;
  signature: Buffer;
}

export const toTreeHead = (row: TreeHeadRow): TreeHead => ({
  treeSize: Number(row.tree_size),
  rootHash: row.root_hash.toString('hex'),
  timestamp: row.signed_at.toISOString(),
  keyId: row.key_id,
  signature: row.signature.toString('base64'),
});

/** An entry as stored. */
export interface EntryRow {
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

/** An entry with the hash of the one before it (null for the first), as an export needs. */
export interface ChainedEntryRow extends EntryRow {
  previous_entry_hash: Buffer | null;
}

/** What a proof is computed from, read in one query. */
export interface ProofMaterial {
  /** Entries in the log. */
  size: number;
  /** The complete subtrees asked for that exist, by `level:idx` (level 0: leaf hashes). */
  nodes: Map<string, Hash>;
}

/**
 * The audit log in PostgreSQL, and all of its SQL: appends (one writer at a time), the reads
 * of the trail, and what proofs need.
 */
export class AuditLogRepository {
  private largestSeen = 0;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * A size the log is known to have reached (the largest this repository has read; the log
   * never shrinks): a tree of at most this many entries is in the log without asking.
   */
  get knownSize(): number {
    return this.largestSeen;
  }

  /** Entry `seq`, if the log has it. */
  async entry(seq: number): Promise<EntryRow | undefined> {
    const rows = await this.dataSource.query<EntryRow[]>(
      'SELECT * FROM audit_entries WHERE seq = $1',
      [seq],
    );
    return rows[0];
  }

  /** Up to `limit` entries the filters select, after entry `after`, in log order. */
  async entries(
    filters: EntryFilters,
    after: number | undefined,
    limit: number,
  ): Promise<EntryRow[]> {
    const params: unknown[] = [];
    const conditions = entryConditions({ ...filters, after }, params);
    params.push(limit);
    return this.dataSource.query<EntryRow[]>(
      `SELECT * FROM audit_entries ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY seq LIMIT $${params.length}`,
      params,
    );
  }

  /** The entries of one case (aggregate id) that occurred up to `at`, in log order. */
  async caseEntries(subject: string, at: string): Promise<EntryRow[]> {
    return this.dataSource.query<EntryRow[]>(
      'SELECT * FROM audit_entries WHERE subject = $1 AND occurred_at <= $2 ORDER BY seq',
      [subject, at],
    );
  }

  /**
   * The latest signed tree head and the entries of a permit's life in its tree, in one query:
   * the permit number is their subject, and their type is `gov.permits.permit.*` (issued,
   * revoked, expired, ...), in log order.
   */
  async permitEntries(permitNumber: string): Promise<{ head?: TreeHead; rows: EntryRow[] }> {
    // One row per entry with the head's columns beside it; one row without an entry when the
    // tree holds none of the permit's; none without a head.
    const rows = await this.dataSource.query<(TreeHeadRow & Partial<EntryRow>)[]>(
      `SELECT h.tree_size, h.root_hash, h.signed_at, h.key_id, h.signature, e.*
       FROM (SELECT * FROM tree_heads ORDER BY tree_size DESC LIMIT 1) h
       LEFT JOIN LATERAL (
         SELECT * FROM audit_entries
         WHERE subject = $1 AND seq < h.tree_size AND type LIKE 'gov.permits.permit.%'
         ORDER BY seq) e ON true`,
      [permitNumber],
    );
    const first = rows[0];
    return {
      head: first ? toTreeHead(first) : undefined,
      rows: rows.filter((r): r is TreeHeadRow & EntryRow => r.seq != null),
    };
  }

  /**
   * Up to `limit` entries of the tree of `treeSize` that the filters select, after entry
   * `after`, each with the previous entry's hash (an export's lines).
   */
  async chainedEntries(
    treeSize: number,
    filters: EntryFilters,
    after: number | undefined,
    limit: number,
  ): Promise<ChainedEntryRow[]> {
    const params: unknown[] = [treeSize];
    const conditions = ['e.seq < $1', ...entryConditions({ ...filters, after }, params, 'e.')];
    params.push(limit);
    return this.dataSource.query<ChainedEntryRow[]>(
      `SELECT e.*, p.entry_hash AS previous_entry_hash FROM audit_entries e
       LEFT JOIN audit_entries p ON p.seq = e.seq - 1
       WHERE ${conditions.join(' AND ')} ORDER BY e.seq LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * The log's size and the complete subtrees that make up the ranges a proof asks for (and
   * any `more`), in one round trip. Level 0 is an entry's leaf hash, read from the entry;
   * the levels above from merkle_nodes.
   */
  async proofMaterial(
    ranges: [number, number][],
    more: { level: number; idx: number }[] = [],
  ): Promise<ProofMaterial> {
    const keys = [...ranges.flatMap(([start, end]) => perfectNodesOf(start, end)), ...more];
    const leaves = keys.filter((k) => k.level === 0).map((k) => k.idx);
    const inner = keys.filter((k) => k.level > 0);
    // level -1 carries the size (in idx).
    const rows = await this.dataSource.query<{ level: number; idx: string; hash: Buffer | null }[]>(
      `SELECT -1 AS level, (SELECT COALESCE(max(seq) + 1, 0) FROM audit_entries) AS idx, NULL::bytea AS hash
       UNION ALL
       SELECT 0, seq, leaf_hash FROM audit_entries WHERE seq = ANY($3::bigint[])
       UNION ALL
       SELECT level, idx, hash FROM merkle_nodes
       WHERE level > 0 AND (level, idx) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))`,
      [inner.map((k) => k.level), inner.map((k) => k.idx), leaves],
    );
    let size = 0;
    const nodes = new Map<string, Hash>();
    for (const row of rows)
      if (row.level === -1) size = Number(row.idx);
      else if (row.hash) nodes.set(`${row.level}:${row.idx}`, row.hash);
    this.largestSeen = Math.max(this.largestSeen, size);
    return { size, nodes };
  }

  /** Size, last entry hash and Merkle frontier, as the database has them. */
  async loadState(): Promise<LogState> {
    const n = await this.size();
    const last =
      n === 0
        ? GENESIS_HASH
        : ((
            await this.dataSource.query<{ entry_hash: Buffer }[]>(
              'SELECT entry_hash FROM audit_entries WHERE seq = $1',
              [n - 1],
            )
          )[0]?.entry_hash ?? GENESIS_HASH);
    const keys = MerkleFrontier.frontierKeys(n);
    const nodes = await this.nodes(keys);
    const frontier = new Map<number, Hash>();
    for (const key of keys) {
      const hash = nodes.get(`${key.level}:${key.idx}`);
      if (!hash)
        throw new Error(`audit log damaged: Merkle node ${key.level}:${key.idx} is missing`);
      frontier.set(key.level, hash);
    }
    return { frontier: new MerkleFrontier(n, frontier), lastEntryHash: last };
  }

  /**
   * Complete subtrees by `level:idx`: level 0 is an entry's leaf hash (kept with the entry),
   * the levels above are stored in merkle_nodes as they complete.
   */
  async nodes(keys: { level: number; idx: number }[]): Promise<Map<string, Hash>> {
    if (keys.length === 0) return new Map();
    return (await this.proofMaterial([], keys)).nodes;
  }

  /** Entries in the log. */
  async size(): Promise<number> {
    const [row] = await this.dataSource.query<{ size: string }[]>(
      'SELECT COALESCE(max(seq) + 1, 0) AS size FROM audit_entries',
    );
    return Number(row?.size ?? 0);
  }

  /** In `manager`'s transaction when given (never a second connection inside one). */
  async latestTreeHead(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TreeHead | undefined> {
    const rows = await manager.query<TreeHeadRow[]>(
      'SELECT * FROM tree_heads ORDER BY tree_size DESC LIMIT 1',
    );
    return rows[0] ? toTreeHead(rows[0]) : undefined;
  }

  async treeHeadOfSize(size: number): Promise<TreeHead | undefined> {
    const rows = await this.dataSource.query<TreeHeadRow[]>(
      'SELECT * FROM tree_heads WHERE tree_size = $1',
      [size],
    );
    return rows[0] ? toTreeHead(rows[0]) : undefined;
  }

  async publicKeys(): Promise<
    { keyId: string; publicKey: string; algorithm: 'Ed25519'; firstUsed: string }[]
  > {
    const rows = await this.dataSource.query<
      { key_id: string; public_key: Buffer; first_used: Date }[]
    >('SELECT * FROM signing_keys ORDER BY first_used');
    return rows.map((r) => ({
      keyId: r.key_id,
      publicKey: r.public_key.toString('base64'),
      algorithm: 'Ed25519',
      firstUsed: r.first_used.toISOString(),
    }));
  }

  /**
   * Appends events to the log in `tx`, after the state's last entry; returns the new state
   * (the caller keeps it only once the transaction has committed).
   */
  async append(tx: EntityManager, state: LogState, events: IncomingEvent[]): Promise<LogState> {
    const frontier = state.frontier.clone();
    let last = state.lastEntryHash;
    const rows: unknown[][] = [];
    const nodes: MerkleNode[] = [];
    for (const { event, stream, streamSeq, ...known } of events) {
      const seq = frontier.size;
      const data = known.data ?? canonicalJson(event);
      const leaf = known.leaf ?? leafHash(data);
      last = entryHash(last, leaf);
      // Level 0 is the leaf hash, stored with the entry; merkle_nodes holds the levels above.
      nodes.push(...frontier.append(leaf).slice(1));
      rows.push([
        seq,
        event.id,
        event.type,
        event.subject,
        event.actor,
        event.correlationid,
        event.causationid ?? null,
        event.time,
        stream,
        streamSeq,
        data,
        leaf,
        last,
      ]);
    }
    if (rows.length === 0) return state;
    const column = (i: number) => rows.map((r) => r[i]);
    // Entries and nodes in one statement: one round trip.
    await tx.query(
      `WITH entries AS (
         INSERT INTO audit_entries (seq, event_id, type, subject, actor, correlation_id, causation_id,
                                    occurred_at, stream, stream_seq, data, leaf_hash, entry_hash)
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::timestamptz[], $9::text[], $10::bigint[], $11::bytea[],
                              $12::bytea[], $13::bytea[]))
       INSERT INTO merkle_nodes (level, idx, hash)
       SELECT * FROM unnest($14::smallint[], $15::bigint[], $16::bytea[])`,
      [
        ...Array.from({ length: 13 }, (_, i) => column(i)),
        nodes.map((n) => n.level),
        nodes.map((n) => n.idx),
        nodes.map((n) => n.hash),
      ],
    );
    return { frontier, lastEntryHash: last };
  }
}
