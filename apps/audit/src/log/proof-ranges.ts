import { inclusionProof, rangeHasherOverSubtrees, type Hash, type RangeHasher } from '#audit-log';
import type { AuditLogRepository } from './audit-log.repository.js';

/**
 * The subtree ranges a proof computation asks for, learnt by running it over placeholder
 * hashes: the repository then reads them all in one query, and the computation runs again
 * over what it read (`storedRangeHasher`).
 */
export function rangesOf(compute: (hashRange: RangeHasher) => unknown): [number, number][] {
  const ranges: [number, number][] = [];
  compute((start, end) => {
    ranges.push([start, end]);
    return Buffer.alloc(32);
  });
  return ranges;
}

/** A RangeHasher over stored complete subtrees, by `level:idx`. */
export const storedRangeHasher = (nodes: ReadonlyMap<string, Hash>): RangeHasher =>
  rangeHasherOverSubtrees((level, idx) => nodes.get(`${level}:${idx}`));

/** Lowercase hex of each hash. */
export const hex = (hashes: Hash[]): string[] => hashes.map((h) => h.toString('hex'));

/**
 * The audit paths (hex) of entries `seqs` in the tree of `treeSize`, from the stored subtrees
 * of all of them, read in one query.
 */
export async function inclusionProofsOf(
  log: Pick<AuditLogRepository, 'proofMaterial'>,
  seqs: number[],
  treeSize: number,
): Promise<string[][]> {
  const prove = (hashRange: RangeHasher) =>
    seqs.map((seq) => inclusionProof(hashRange, seq, treeSize));
  const { nodes } = await log.proofMaterial(rangesOf(prove));
  return prove(storedRangeHasher(nodes)).map(hex);
}
