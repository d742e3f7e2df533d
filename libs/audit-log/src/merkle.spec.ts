import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  consistencyProof,
  EMPTY_TREE_HASH,
  inclusionChecker,
  inclusionProof,
  leafHash,
  rangeHasherOf,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle.js';

// The reference vectors of Certificate Transparency (RFC 6962): leaves and MTH(D[1..8]).
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => leafHash(Buffer.from(h, 'hex')));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const hex = (hashes: Hash[]) => hashes.map((h) => h.toString('hex'));
const hashes = rangeHasherOf(LEAVES);

describe('RFC 6962 Merkle tree', () => {
  it('hashes the empty tree to SHA-256 of nothing', () => {
    expect(EMPTY_TREE_HASH.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it.each(ROOTS.map((root, i) => [i + 1, root] as const))(
    'MTH of %i leaves is %s',
    (size, root) => {
      expect(treeRoot(hashes, size).toString('hex')).toBe(root);
    },
  );

  it('gives the known audit path of leaf 5 in the tree of 8', () => {
    expect(hex(inclusionProof(hashes, 5, 8))).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  it('gives the known consistency proofs 2 -> 5 and 3 -> 8', () => {
    expect(hex(consistencyProof(hashes, 2, 5))).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
    expect(hex(consistencyProof(hashes, 3, 8))).toEqual([
      '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
      '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  const tree = (size: number) => {
    const leaves = Array.from({ length: size }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    return { leaves, hashRange: rangeHasherOf(leaves) };
  };

  it('proves and verifies the inclusion of every leaf of random trees; a wrong leaf, index or root fails', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 300 })
          .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }))),
        ([size, index]) => {
          const { leaves, hashRange } = tree(size);
          const root = treeRoot(hashRange, size);
          const proof = inclusionProof(hashRange, index, size);
          const leaf = leaves[index] as Hash;
          expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
          expect(verifyInclusion(leafHash(Buffer.from('forged')), index, size, proof, root)).toBe(
            false,
          );
          if (size > 1)
            expect(verifyInclusion(leaf, (index + 1) % size, size, proof, root)).toBe(false);
          expect(verifyInclusion(leaf, index, size, proof, leafHash(Buffer.from('x')))).toBe(false);
          if (proof.length > 0)
            expect(verifyInclusion(leaf, index, size, proof.slice(1), root)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('proves and verifies that random trees only grew; a tree that changed fails', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 300 })
          .chain((second) => fc.tuple(fc.integer({ min: 1, max: second }), fc.constant(second))),
        ([first, second]) => {
          const { leaves, hashRange } = tree(second);
          const firstRoot = treeRoot(hashRange, first);
          const secondRoot = treeRoot(hashRange, second);
          const proof = consistencyProof(hashRange, first, second);
          expect(verifyConsistency(first, second, firstRoot, secondRoot, proof)).toBe(true);
          // The same sizes over a history where one early leaf was changed.
          const altered = [...leaves];
          altered[0] = leafHash(Buffer.from('rewritten'));
          const alteredSecond = treeRoot(rangeHasherOf(altered), second);
          if (first < second)
            expect(verifyConsistency(first, second, firstRoot, alteredSecond, proof)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('checks the proofs of many leaves of one tree as verifyInclusion does, tampered ones too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 60 }),
        (size, tampering) => {
          const { leaves, hashRange } = tree(size);
          const root = treeRoot(hashRange, size);
          const check = inclusionChecker(size, root);
          const proofs = leaves.map((_, i) => hex(inclusionProof(hashRange, i, size)));
          const bad = new Map(
            tampering.map(([at, element, drop]) => [at % size, { element, drop }]),
          );
          // In order, as an export is checked, with some proofs altered or cut short on the way.
          leaves.forEach((leaf, i) => {
            let proof = proofs[i] as string[];
            const t = bad.get(i);
            if (t && proof.length > 0) {
              proof = [...proof];
              if (t.drop) proof.pop();
              else proof[t.element % proof.length] = 'ab'.repeat(32);
            }
            const expected = verifyInclusion(
              leaf,
              i,
              size,
              proof.map((h) => Buffer.from(h, 'hex')),
              root,
            );
            expect(check(leaf, i, proof)).toBe(expected);
            if (t && proof.length > 0) expect(expected).toBe(false);
            // The same proof for the wrong leaf or index fails, whatever was checked before.
            expect(check(leafHash(Buffer.from('forged')), i, proof)).toBe(false);
            if (size > 1) expect(check(leaf, (i + 1) % size, proof)).toBe(false);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
