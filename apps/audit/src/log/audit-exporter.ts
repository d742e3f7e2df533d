import type { DataSource } from 'typeorm';
import {
  EXPORT_FORMAT,
  GENESIS_HASH,
  inclusionProof,
  levelsRangeHasher,
  type ExportEntry,
  type ExportHeader,
  type TreeHead,
} from '#audit-log';
import { entryConditions, type EntryFilters } from './entry-filters.js';
import { leafView } from './entry-view.js';

export type ExportQuery = EntryFilters;

interface Row {
  seq: string;
  type: string;
  subject: string;
  actor: string;
  occurred_at: Date;
  data: Buffer;
  leaf_hash: Buffer;
  entry_hash: Buffer;
  previous_entry_hash: Buffer | null;
}

/**
 * Writes the entries a query selects, as JSON Lines that verify offline against one signed
 * tree head (docs/audit.md): the header, then each entry with its inclusion proof.
 */
export async function* exportLines(
  dataSource: DataSource,
  head: TreeHead,
  publicKeys: { keyId: string; publicKey: string }[],
  query: ExportQuery,
): AsyncGenerator<string> {
  const complete = Object.values(query).every((v) => v === undefined);
  const header: ExportHeader = {
    kind: 'header',
    format: EXPORT_FORMAT,
    query: { ...query },
    treeHead: head,
    publicKeys: publicKeys.map(({ keyId, publicKey }) => ({ keyId, publicKey })),
    complete,
  };
  yield JSON.stringify(header);
  // Proofs for any entry of the tree: every leaf hash up to the head's size, in memory.
  const leaves = await dataSource.query<{ leaf_hash: Buffer }[]>(
    'SELECT leaf_hash FROM audit_entries WHERE seq < $1 ORDER BY seq',
    [head.treeSize],
  );
  const hashRange = levelsRangeHasher(leaves.map((l) => l.leaf_hash));
  const params: unknown[] = [head.treeSize];
  const conditions = ['e.seq < $1', ...entryConditions(query, params, 'e.')];
  let after = -1;
  for (;;) {
    const rows = await dataSource.query<Row[]>(
      `SELECT e.seq, e.type, e.subject, e.actor, e.occurred_at, e.data, e.leaf_hash, e.entry_hash,
              p.entry_hash AS previous_entry_hash
       FROM audit_entries e LEFT JOIN audit_entries p ON p.seq = e.seq - 1
       WHERE ${conditions.join(' AND ')} AND e.seq > $${params.length + 1}
       ORDER BY e.seq LIMIT 5000`,
      [...params, after],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      const entry: ExportEntry = {
        kind: 'entry',
        ...leafView(row),
        previousEntryHash: (row.previous_entry_hash ?? GENESIS_HASH).toString('hex'),
        entryHash: row.entry_hash.toString('hex'),
        inclusionProof: inclusionProof(hashRange, seq, head.treeSize).map((h) => h.toString('hex')),
      };
      yield JSON.stringify(entry);
      after = seq;
    }
    if (rows.length < 5000) break;
  }
}
