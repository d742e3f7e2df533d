import { nodeHash, splitPoint, type Hash } from './merkle.js';

/** A stored complete subtree: 2^level leaves starting at leaf idx * 2^level. */
export interface MerkleNode {
  level: number;
  idx: number;
  hash: Hash;
}

/**
 * Appends leaves to an RFC 6962 tree kept as its complete subtrees. The frontier holds, per
 * level, the last complete subtree still waiting for its right sibling (one per set bit of the
 * size), which is all an append needs; every new complete subtree is returned for storage.
 */
export class MerkleFrontier {
  constructor(
    public size: number,
    private readonly frontier: Map<number, Hash> = new Map(),
  ) {}

  /** The (level, idx) of the frontier nodes of a tree of `size` leaves. */
  static frontierKeys(size: number): { level: number; idx: number }[] {
    const keys = [];
    for (let level = 0; 2 ** level <= size; level += 1)
      if (Math.floor(size / 2 ** level) % 2 === 1)
        keys.push({ level, idx: Math.floor(size / 2 ** level) - 1 });
    return keys;
  }

  /** An independent copy (appends to it leave this one as it is). */
  clone(): MerkleFrontier {
    return new MerkleFrontier(this.size, new Map(this.frontier));
  }

  append(leaf: Hash): MerkleNode[] {
    const created: MerkleNode[] = [{ level: 0, idx: this.size, hash: leaf }];
    let hash = leaf;
    let idx = this.size;
    let level = 0;
    while (idx % 2 === 1) {
      const left = this.frontier.get(level);
      if (!left) throw new Error(`merkle frontier is missing level ${level}`);
      this.frontier.delete(level);
      hash = nodeHash(left, hash);
      idx = Math.floor(idx / 2);
      level += 1;
      created.push({ level, idx, hash });
    }
    this.frontier.set(level, hash);
    this.size += 1;
    return created;
  }

  /** MTH of the whole tree: the frontier folded from the smallest subtree up. */
  root(): Hash | undefined {
    let root: Hash | undefined;
    for (const { level } of MerkleFrontier.frontierKeys(this.size)) {
      const node = this.frontier.get(level) as Hash;
      root = root ? nodeHash(node, root) : node;
    }
    return root;
  }
}

/** The complete subtree that is exactly leaves [start, end), when there is one. */
function completeSubtree(start: number, end: number): { level: number; idx: number } | undefined {
  const n = end - start;
  return (n & (n - 1)) === 0 && start % n === 0
    ? { level: Math.log2(n), idx: start / n }
    : undefined;
}

/** The complete subtrees whose hashes make up MTH of leaves [start, end) (RFC 6962 splits). */
export function perfectNodesOf(start: number, end: number): { level: number; idx: number }[] {
  const whole = completeSubtree(start, end);
  if (whole) return [whole];
  const k = splitPoint(end - start);
  return [...perfectNodesOf(start, start + k), ...perfectNodesOf(start + k, end)];
}

/**
 * A RangeHasher answered from complete subtrees (`subtree(level, idx)`, stored or computed),
 * splitting any other range the RFC 6962 way.
 */
export function rangeHasherOverSubtrees(
  subtree: (level: number, idx: number) => Hash | undefined,
): (start: number, end: number) => Hash {
  const hashRange = (start: number, end: number): Hash => {
    const whole = completeSubtree(start, end);
    if (whole) {
      const hash = subtree(whole.level, whole.idx);
      if (!hash) throw new RangeError(`no complete subtree for leaves ${start}..${end}`);
      return hash;
    }
    const k = splitPoint(end - start);
    return nodeHash(hashRange(start, start + k), hashRange(start + k, end));
  };
  return hashRange;
}

/**
 * A RangeHasher over all leaves held in memory, built level by level (each level half the one
 * below): proofs for every entry of a large export without a round trip per node.
 */
export function levelsRangeHasher(leaves: readonly Hash[]): (start: number, end: number) => Hash {
  const levels: Hash[][] = [leaves as Hash[]];
  for (let below = levels[0] as Hash[]; below.length > 1;) {
    const level: Hash[] = [];
    for (let i = 0; i + 1 < below.length; i += 2)
      level.push(nodeHash(below[i] as Hash, below[i + 1] as Hash));
    levels.push(level);
    below = level;
  }
  return rangeHasherOverSubtrees((level, idx) => levels[level]?.[idx]);
}
