import type { DataSource, EntityManager } from 'typeorm';
import {
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  leafHash,
  MerkleFrontier,
  perfectNodesOf,
  rangeHasherOverSubtrees,
  type Hash,
  type MerkleNode,
  type RangeHasher,
  type TreeHead,
} from '#audit-log';

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

/** The audit log in PostgreSQL: appends (one writer at a time) and what proofs need. */
export class AuditLogStore {
  constructor(private readonly dataSource: DataSource) {}

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

  /** Stored complete subtrees by `level:idx`. */
  async nodes(keys: { level: number; idx: number }[]): Promise<Map<string, Hash>> {
    if (keys.length === 0) return new Map();
    const rows = await this.dataSource.query<{ level: number; idx: string; hash: Buffer }[]>(
      `SELECT level, idx, hash FROM merkle_nodes
       WHERE (level, idx) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))`,
      [keys.map((k) => k.level), keys.map((k) => k.idx)],
    );
    return new Map(rows.map((r) => [`${r.level}:${r.idx}`, r.hash]));
  }

  /**
   * A RangeHasher for ranges within a tree of `size` leaves, answered from the stored complete
   * subtrees; `ranges` are those a proof will ask for, so they are fetched in one query.
   */
  async rangeHasher(ranges: [number, number][]): Promise<RangeHasher> {
    const keys = ranges.flatMap(([start, end]) => perfectNodesOf(start, end));
    const nodes = await this.nodes(keys);
    return rangeHasherOverSubtrees((level, idx) => nodes.get(`${level}:${idx}`));
  }

  /** Entries in the log. */
  async size(): Promise<number> {
    const [row] = await this.dataSource.query<{ size: string }[]>(
      'SELECT COALESCE(max(seq) + 1, 0) AS size FROM audit_entries',
    );
    return Number(row?.size ?? 0);
  }

  async latestTreeHead(): Promise<TreeHead | undefined> {
    const rows = await this.dataSource.query<TreeHeadRow[]>(
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
    for (const { event, stream, streamSeq } of events) {
      const seq = frontier.size;
      const data = canonicalJson(event);
      const leaf = leafHash(data);
      last = entryHash(last, leaf);
      nodes.push(...frontier.append(leaf));
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
    await tx.query(
      `INSERT INTO audit_entries (seq, event_id, type, subject, actor, correlation_id, causation_id,
                                  occurred_at, stream, stream_seq, data, leaf_hash, entry_hash)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[],
                            $7::text[], $8::timestamptz[], $9::text[], $10::bigint[], $11::bytea[],
                            $12::bytea[], $13::bytea[])`,
      Array.from({ length: 13 }, (_, i) => column(i)),
    );
    await tx.query(
      `INSERT INTO merkle_nodes (level, idx, hash)
       SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
      [nodes.map((n) => n.level), nodes.map((n) => n.idx), nodes.map((n) => n.hash)],
    );
    return { frontier, lastEntryHash: last };
  }
}
