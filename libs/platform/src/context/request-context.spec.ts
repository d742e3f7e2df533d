import { describe, expect, it } from '@jest/globals';
import { currentCorrelationId, normaliseCorrelationId, runWithContext } from './request-context.js';

describe('request context', () => {
  it('keeps a well-formed correlation id from outside', () => {
    expect(normaliseCorrelationId('req-123:abc.DEF_9')).toBe('req-123:abc.DEF_9');
  });

  it.each([undefined, '', 'a b', 'x'.repeat(129), '<script>', ['array']])(
    'replaces %p with a fresh UUIDv7',
    (candidate) => {
      const id = normaliseCorrelationId(candidate);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    },
  );

  it('follows async work and does not leak between units of work', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await Promise.all(
      ['one', 'two'].map((id) =>
        runWithContext({ correlationId: id }, async () => {
          await new Promise((r) => setTimeout(r, 5));
          return currentCorrelationId();
        }),
      ),
    );
    expect(seen).toEqual(['one', 'two']);
    expect(currentCorrelationId()).toBeUndefined();
  });
});
