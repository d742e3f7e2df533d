import { describe, expect, it } from '@jest/globals';
import { InMemoryAuditLog, RecordedReads } from '../testing/in-memory-audit-log.js';
import { ListEntries } from './list-entries.use-case.js';

describe('ListEntries', () => {
  const given = () => {
    const log = new InMemoryAuditLog();
    for (let i = 0; i < 7; i += 1) log.append(i % 2 ? 'odd' : 'even', { i });
    const reads = new RecordedReads();
    return { reads, list: new ListEntries(log.asRepository(), reads.asTrailReads()) };
  };

  it('pages through the entries a filter selects with the cursor, to the end', async () => {
    const { list } = given();
    const first = await list.execute({ subject: 'even', limit: 2 });
    expect(first.entries.map((e) => e.seq)).toEqual([0, 2]);
    expect(first.nextCursor).toBe(2);
    const second = await list.execute({ subject: 'even', limit: 2, cursor: 2 });
    expect(second.entries.map((e) => e.seq)).toEqual([4, 6]);
    expect(second.nextCursor).toBeNull();
  });

  it('records the read with its filters and how many entries it gave', async () => {
    const { list, reads } = given();
    await list.execute({
      subject: 'odd',
      actor: 'system',
      type: 'gov.permits.application.submitted.v1',
    });
    expect(reads.reads).toEqual([
      {
        read: 'entries',
        subject: 'odd',
        actorFilter: 'system',
        type: 'gov.permits.application.submitted.v1',
        entries: 3,
      },
    ]);
  });

  it('keeps the page size between 1 and 500', async () => {
    const { list } = given();
    expect((await list.execute({ limit: 0 })).entries).toHaveLength(1);
    expect((await list.execute({})).entries).toHaveLength(7);
  });
});
