import { describe, expect, it } from '@jest/globals';
import { natsUsable } from './nats.js';

describe('which NATS server the stack reuses', () => {
  it.each([
    [{ answers: true, version: '2.10.0', jetstream: true }, true],
    [{ answers: true, version: '2.15.1', jetstream: true }, true],
    [{ answers: true, version: '2.9.10', jetstream: true }, false],
    [{ answers: true, version: '2.11.0', jetstream: false }, false],
    [{ answers: true, jetstream: true }, false],
    [{ answers: false }, false],
  ])('%p -> %p', (probe, usable) => {
    expect(natsUsable(probe)).toBe(usable);
  });
});
