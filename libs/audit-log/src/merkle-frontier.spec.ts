import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { leafHash, nodeHash, rangeHasherOf, treeRoot, type Hash } from './merkle.js';
import { MerkleFrontier, perfectNodesOf, type MerkleNode } from './merkle-frontier.js';

describe('incremental Merkle tree', () => {
  it('grows leaf by leaf to the same roots and stores every complete subtree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (size) => {
        const leaves = Array.from({ length: size }, (_, i) => leafHash(Buffer.from(`e${i}`)));
        const frontier = new MerkleFrontier(0);
        const stored = new Map<string, Hash>();
        for (const leaf of leaves)
          for (const node of frontier.append(leaf))
            stored.set(`${node.level}:${node.idx}`, node.hash);
        const reference = rangeHasherOf(leaves);
        expect(frontier.root()?.equals(treeRoot(reference, size))).toBe(true);
        // Every stored node is the MTH of its leaves, and the frontier can be rebuilt from them.
        for (const [key, hash] of stored) {
          const [level, idx] = key.split(':').map(Number) as [number, number];
          expect(hash.equals(reference(idx * 2 ** level, (idx + 1) * 2 ** level))).toBe(true);
        }
        const reloaded = new MerkleFrontier(
          size,
          new Map(
            MerkleFrontier.frontierKeys(size).map((k) => [
              k.level,
              stored.get(`${k.level}:${k.idx}`) as Hash,
            ]),
          ),
        );
        const next = leafHash(Buffer.from('next'));
        const created: MerkleNode[] = reloaded.append(next);
        expect(created[0]).toEqual({ level: 0, idx: size, hash: next });
        expect(reloaded.root()?.equals(treeRoot(rangeHasherOf([...leaves, next]), size + 1))).toBe(
          true,
        );
        // Any range splits into stored complete subtrees.
        const parts = perfectNodesOf(0, size);
        expect(parts.every((p) => stored.has(`${p.level}:${p.idx}`))).toBe(true);
        const folded = parts
          .map((p) => stored.get(`${p.level}:${p.idx}`) as Hash)
          .reduceRight((acc: Hash | undefined, h) => (acc ? nodeHash(h, acc) : h), undefined);
        expect(folded?.equals(treeRoot(reference, size))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
