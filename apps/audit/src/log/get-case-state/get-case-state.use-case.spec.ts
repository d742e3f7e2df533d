import { describe, expect, it } from '@jest/globals';
import type { DomainError } from '#contracts';
import { InMemoryAuditLog, RecordedReads } from '../testing/in-memory-audit-log.js';
import { GetCaseState } from './get-case-state.use-case.js';

describe('GetCaseState', () => {
  const given = () => {
    const log = new InMemoryAuditLog();
    log.append('case-1', { status: 'submitted', fee: 10 }, { time: '2026-11-01T10:00:00.000Z' });
    log.append('other', { status: 'x' }, { time: '2026-11-01T10:30:00.000Z' });
    log.append('case-1', { status: 'approved' }, { time: '2026-11-02T10:00:00.000Z' });
    const reads = new RecordedReads();
    return { reads, state: new GetCaseState(log.asRepository(), reads.asTrailReads()) };
  };

  it("applies the case's events in order up to the moment, with the history", async () => {
    const { state, reads } = given();
    const now = await state.execute({ subject: 'case-1' });
    expect(now.state).toEqual({ status: 'approved', fee: 10 });
    expect(now.history.map((h) => h.seq)).toEqual([0, 2]);
    const before = await state.execute({ subject: 'case-1', at: '2026-11-01T12:00:00.000Z' });
    expect(before).toMatchObject({
      at: '2026-11-01T12:00:00.000Z',
      state: { status: 'submitted', fee: 10 },
    });
    expect(reads.reads).toEqual([
      { read: 'case-state', subject: 'case-1', entries: 2 },
      { read: 'case-state', subject: 'case-1', entries: 1 },
    ]);
  });

  it('answers AUDIT.NOT_FOUND before the first event of the case', async () => {
    const { state } = given();
    const failure = await state
      .execute({ subject: 'case-1', at: '2020-01-01T00:00:00.000Z' })
      .catch((e: unknown) => e);
    expect((failure as DomainError).code).toBe('AUDIT.NOT_FOUND');
  });
});
