import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** Random bytes drawn from a pool: one getrandom call per 4 KiB, not one per id. */
const pool = Buffer.alloc(4_096);
let offset = pool.length;

/** `n` random bytes from the pool (a fresh view each time). */
export function randomBytesPooled(n: number): Uint8Array {
  if (offset + n > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += n;
  return new Uint8Array(pool.subarray(offset - n, offset));
}

/**
 * A new UUIDv7 (time-ordered: ids sort by creation time, which keeps B-tree inserts cheap),
 * its random part drawn from the pool.
 */
export const newId = (): string => v7({ random: randomBytesPooled(16) });
