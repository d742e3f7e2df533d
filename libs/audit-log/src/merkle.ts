import { createHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, proofs and proof verification, over SHA-256.
 * Pure functions: the audit service computes proofs from the subtree hashes it stores, the
 * verifier checks them with nothing but this file (docs/audit.md restates the algorithms).
 */
export type Hash = Buffer;

const sha256 = (...parts: Uint8Array[]): Hash => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** The hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_TREE_HASH: Hash = sha256();

/** `H(0x00 || data)`. */
export const leafHash = (data: Uint8Array): Hash => sha256(LEAF_PREFIX, data);

/** `H(0x01 || left || right)`. */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Hash =>
  sha256(NODE_PREFIX, left, right);

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
