import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GarbageCollect = (options: {
  type: 'major';
  execution: 'sync';
  flavor: 'last-resort';
}) => void;

/**
 * Gives back to the system the memory an app's boot grew into, once it has started.
 *
 * Booting a Nest app allocates a lot of long-lived objects, so V8 grows the young generation
 * to its maximum (`--max-semi-space-size`) and keeps it: with 16 MB the gateway sat at
 * ~172 MB when idle instead of ~140 MB. One memory-reducing collection (what V8 does on a
 * low-memory notification) shrinks it again; under load it grows back as needed. Nothing else
 * gets the collector: it is taken from a fresh context, and the flag that exposes it is
 * turned off again at once.
 */
export function settleMemory(): void {
  setFlagsFromString('--expose-gc');
  try {
    const gc = runInNewContext('gc') as GarbageCollect;
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** `settleMemory` a second after start, once the connections and first requests are done. */
export function settleMemorySoon(): void {
  setTimeout(settleMemory, 1_000).unref();
}
