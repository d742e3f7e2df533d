import { hash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, proofs and proof verification, over SHA-256.
 * Pure functions: the audit service computes proofs from the subtree hashes it stores, the
 * verifier checks them with nothing but this file (docs/audit.md restates the algorithms).
 */

export type Hash = Buffer;

/** SHA-256 in one call (a third of the cost of a `createHash` object per hash). */
export const sha256 = (data: Uint8Array): Hash => hash('sha256', data, 'buffer');

/** The hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_TREE_HASH: Hash = sha256(Buffer.alloc(0));

/** `H(0x00 || data)`. */
export const leafHash = (data: Uint8Array): Hash => {
  const bytes = Buffer.allocUnsafe(data.length + 1);
  bytes[0] = 0x00;
  bytes.set(data, 1);
  return sha256(bytes);
};

/** `H(0x01 || left || right)`. */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Hash => {
  const bytes = Buffer.allocUnsafe(1 + left.length + right.length);
  bytes[0] = 0x01;
  bytes.set(left, 1);
  bytes.set(right, 1 + left.length);
  return sha256(bytes);
};

/** The largest power of two smaller than `n` (n > 1): where RFC 6962 splits a tree of n. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The Merkle tree hash of leaves [start, end): what a proof needs of a subtree. The service
 * answers it from stored subtree hashes; `rangeHasherOf` computes it from leaf hashes.
 */
export type RangeHasher = (start: number, end: number) => Hash;

/** A RangeHasher over leaf hashes held in memory (tests, the verifier). */
export function rangeHasherOf(leaves: readonly Hash[]): RangeHasher {
  const memo = new Map<string, Hash>();
  const hashRange = (start: number, end: number): Hash => {
    const n = end - start;
    if (n === 1) return leaves[start] as Hash;
    const key = `${start}:${end}`;
    const known = memo.get(key);
    if (known) return known;
    const k = splitPoint(n);
    const hash = nodeHash(hashRange(start, start + k), hashRange(start + k, end));
    memo.set(key, hash);
    return hash;
  };
  return hashRange;
}

/** MTH(D[size]): the root of the first `size` leaves. */
export const treeRoot = (hashRange: RangeHasher, size: number): Hash =>
  size === 0 ? EMPTY_TREE_HASH : hashRange(0, size);

/** PATH(index, D[start:end]) of RFC 6962 §2.1.1: the audit path of leaf `index`. */
export function inclusionProof(
  hashRange: RangeHasher,
  index: number,
  size: number,
  start = 0,
): Hash[] {
  if (index < start || index >= start + size) throw new RangeError('leaf index outside the tree');
  if (size <= 1) return [];
  const k = splitPoint(size);
  return index - start < k
    ? [...inclusionProof(hashRange, index, k, start), hashRange(start + k, start + size)]
    : [...inclusionProof(hashRange, index, size - k, start + k), hashRange(start, start + k)];
}

/** PROOF(first, D[second]) of RFC 6962 §2.1.2: the log of `first` leaves grew into `second`. */
export function consistencyProof(hashRange: RangeHasher, first: number, second: number): Hash[] {
  if (first < 0 || first > second) throw new RangeError('first must be between 0 and second');
  if (first === 0 || first === second) return [];
  const subproof = (m: number, start: number, n: number, complete: boolean): Hash[] => {
    if (m === n) return complete ? [] : [hashRange(start, start + n)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, start, k, complete), hashRange(start + k, start + n)]
      : [...subproof(m - k, start + k, n - k, false), hashRange(start, start + k)];
  };
  return subproof(first, 0, second, true);
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: does `proof` put `leaf` at `index` of the tree of `size` with `root`? */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn))
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else r = nodeHash(r, p);
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}

/**
 * `verifyInclusion` for many leaves of one tree (size, root), proofs in hex, remembering what
 * it has verified. Every state the RFC 9162 loop passes through (the node at a level and
 * index, its hash, and the rest of the proof) leads to the same answer whenever it comes
 * again, so once a proof has verified, each of its states is known to verify; a later proof
 * that reaches a known state with the same remaining proof elements (compared as text) needs
 * no more hashing. Neighbouring leaves share most of their path: checking the proofs of a
 * whole export in order costs about two hashes per entry instead of one per tree level. The
 * answer is exactly `verifyInclusion`'s.
 */
export function inclusionChecker(
  size: number,
  root: Uint8Array,
): (leaf: Uint8Array, index: number, proof: readonly string[]) => boolean {
  interface State {
    fn: number;
    hash: Uint8Array;
    proof: readonly string[];
    at: number;
  }
  const expected = Buffer.from(root);
  /** Known-good states by level (one per level is enough for leaves checked in order). */
  const known: (State | undefined)[] = [];
  const sameRest = (a: readonly string[], i: number, b: readonly string[], j: number) => {
    if (a.length - i !== b.length - j) return false;
    for (; i < a.length; i += 1, j += 1) if (a[i] !== b[j]) return false;
    return true;
  };
  const remember = (states: (State | undefined)[]) => {
    states.forEach((state, level) => {
      if (state) known[level] = state;
    });
  };
  return (leaf, index, proof) => {
    if (!Number.isInteger(index) || index < 0 || index >= size) return false;
    const seen: (State | undefined)[] = [];
    let fn = index;
    let sn = size - 1;
    let level = 0;
    let r: Uint8Array = leaf;
    for (let j = 0; ; j += 1) {
      const k = known[level];
      if (
        k &&
        k.fn === fn &&
        Buffer.from(k.hash).equals(Buffer.from(r)) &&
        sameRest(proof, j, k.proof, k.at)
      ) {
        remember(seen);
        return true;
      }
      seen[level] = { fn, hash: r, proof, at: j };
      if (j === proof.length) break;
      if (sn === 0) return false;
      const p = Buffer.from(proof[j] as string, 'hex');
      if (isOdd(fn) || fn === sn) {
        r = nodeHash(p, r);
        if (!isOdd(fn))
          while (!isOdd(fn) && fn !== 0) {
            fn = half(fn);
            sn = half(sn);
            level += 1;
          }
      } else r = nodeHash(r, p);
      fn = half(fn);
      sn = half(sn);
      level += 1;
    }
    if (sn !== 0 || !expected.equals(Buffer.from(r))) return false;
    remember(seen);
    return true;
  };
}

/** RFC 9162 §2.1.4.2: is the tree of `second` with `secondRoot` an extension of `first`'s? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  if (first < 0 || first > second) return false;
  if (first === second) return proof.length === 0 && same(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = path[0] as Uint8Array;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn))
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else sr = nodeHash(sr, c);
    fn = half(fn);
    sn = half(sn);
  }
  return same(fr, firstRoot) && same(sr, secondRoot) && sn === 0;
}
