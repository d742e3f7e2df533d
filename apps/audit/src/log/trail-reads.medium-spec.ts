import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { AUDIT_TRAIL_READ_V1, TRAIL_READS_PER_EVENT } from '#contracts';
import { runWithContext } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { auditMigrations } from '../migrations/index.js';
import { TrailReads } from './trail-reads.js';

describe('TrailReads', () => {
  let db: MediumDatabase;
  let reads: TrailReads;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'audit', migrations: auditMigrations });
    reads = new TrailReads(db.dataSource, db.outbox, { AUDIT_PROOF_READS_FLUSH_MS: 1_000 });
  });
  afterAll(() => db?.close());

  const as = (userId: string, work: () => Promise<void>) =>
    runWithContext({ correlationId: randomUUID(), actor: { userId, role: 'auditor' } }, work);

  it('writes a read of entries as its own event at once', async () => {
    const auditor = randomUUID();
    await as(auditor, () => reads.record({ read: 'entries', subject: 'case-1', entries: 3 }));
    const events = (await db.outboxRows()).filter((r) => r.aggregateId === `reader:${auditor}`);
    expect(events).toHaveLength(1);
    expect(events[0]?.envelope).toMatchObject({
      type: AUDIT_TRAIL_READ_V1,
      actor: `user:${auditor}:auditor`,
      data: { read: 'entries', subject: 'case-1', entries: 3 },
    });
  });

  it('commits each proof before it answers, and writes them as one event per reader and kind', async () => {
    const first = randomUUID();
    const second = randomUUID();
    for (const seq of [5, 3, 5, 8])
      await as(first, () => reads.record({ read: 'inclusion-proof', seq, entries: 1 }));
    await as(first, () => reads.record({ read: 'consistency-proof', entries: 0 }));
    await as(second, () => reads.record({ read: 'inclusion-proof', seq: 1, entries: 1 }));
    // Recorded, not yet in the outbox: each proof is a committed row.
    expect(await db.query(`SELECT reader, read, seq FROM proof_reads ORDER BY id`)).toEqual([
      ...[5, 3, 5, 8].map((seq) => ({
        reader: `reader:${first}`,
        read: 'inclusion-proof',
        seq: String(seq),
      })),
      { reader: `reader:${first}`, read: 'consistency-proof', seq: null },
      { reader: `reader:${second}`, read: 'inclusion-proof', seq: '1' },
    ]);

    expect(await reads.flush()).toBe(6);
    expect(await db.query('SELECT * FROM proof_reads')).toEqual([]);
    const events = (await db.outboxRows()).filter((r) =>
      [`reader:${first}`, `reader:${second}`].includes(r.aggregateId),
    );
    const data = events.map((e) => ({
      reader: e.aggregateId,
      actor: e.envelope.actor,
      data: e.envelope.data,
    }));
    expect(data).toHaveLength(3);
    expect(data).toEqual(
      expect.arrayContaining([
        {
          reader: `reader:${first}`,
          actor: `user:${first}:auditor`,
          data: expect.objectContaining({
            read: 'inclusion-proof',
            count: 4,
            entries: 4,
            seqs: [5, 3, 5, 8],
          }),
        },
        {
          reader: `reader:${first}`,
          actor: `user:${first}:auditor`,
          data: expect.objectContaining({ read: 'consistency-proof', count: 1, entries: 0 }),
        },
        {
          reader: `reader:${second}`,
          actor: `user:${second}:auditor`,
          data: expect.objectContaining({ read: 'inclusion-proof', count: 1, seqs: [1] }),
        },
      ]),
    );
    for (const { data: read } of data) {
      expect(Date.parse((read as { firstReadAt: string }).firstReadAt)).toBeLessThanOrEqual(
        Date.parse((read as { lastReadAt: string }).lastReadAt),
      );
    }
    // Nothing is left to write twice.
    expect(await reads.flush()).toBe(0);
  });

  it(`splits a reader's proofs into events of at most ${TRAIL_READS_PER_EVENT}`, async () => {
    const reader = randomUUID();
    const n = TRAIL_READS_PER_EVENT + 7;
    await db.query(
      `INSERT INTO proof_reads (reader, actor, read, seq)
       SELECT $1, $2, 'inclusion-proof', g FROM generate_series(0, $3 - 1) g`,
      [`reader:${reader}`, JSON.stringify({ kind: 'user', userId: reader, role: 'auditor' }), n],
    );
    expect(await reads.flush()).toBe(n);
    const counts = (await db.outboxRows())
      .filter((r) => r.aggregateId === `reader:${reader}`)
      .map((r) => (r.envelope.data as { count: number; seqs: number[] }).seqs.length);
    expect(counts.sort((a, b) => b - a)).toEqual([TRAIL_READS_PER_EVENT, 7]);
  });
});
