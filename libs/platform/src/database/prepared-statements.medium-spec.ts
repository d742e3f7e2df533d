import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { MAX_PREPARED_PER_CONNECTION, preparedStatementName } from './prepared-statements.js';

describe('statements with parameters run prepared on their connection (every service’s pool)', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: [] });
    await db.manager.query(
      'CREATE TABLE prepared_probe (id uuid PRIMARY KEY, status text NOT NULL, amount bigint)',
    );
  });
  afterAll(() => db?.close());

  /** The statements prepared on the transaction's connection, by text. */
  const preparedOn = async (tx: EntityManager): Promise<string[]> =>
    (
      await tx.query<{ statement: string }[]>(
        'SELECT statement FROM pg_prepared_statements WHERE NOT from_sql',
      )
    ).map((r) => r.statement);

  it('prepares a statement with parameters once per connection, under a name of its text', async () => {
    const insert = 'INSERT INTO prepared_probe (id, status, amount) VALUES ($1, $2, $3)';
    await db.dataSource.transaction(async (tx) => {
      for (const amount of [1, 2, 3]) await tx.query(insert, [crypto.randomUUID(), 'open', amount]);
      expect((await preparedOn(tx)).filter((s) => s === insert)).toHaveLength(1);
      const [row] = await tx.query<{ n: string }[]>(
        'SELECT count(*)::text AS n FROM prepared_probe WHERE status = $1',
        ['open'],
      );
      expect(row?.n).toBe('3');
    });
    expect(preparedStatementName(insert)).toMatch(/^civic_[A-Za-z0-9_-]{24}$/);
    expect(preparedStatementName(insert)).toBe(preparedStatementName(insert));
  });

  it('leaves unprepared a statement without parameters and one whose result is a * column list', async () => {
    const star = 'SELECT p.* FROM prepared_probe p WHERE p.status = $1';
    const returning = 'UPDATE prepared_probe SET amount = amount WHERE status = $1 RETURNING *';
    await db.dataSource.transaction(async (tx) => {
      await tx.query(star, ['open']);
      await tx.query(returning, ['none']);
      await tx.query('SELECT count(*) FROM prepared_probe');
      const prepared = await preparedOn(tx);
      expect(prepared).not.toContain(star);
      expect(prepared).not.toContain(returning);
      expect(prepared).not.toContain('SELECT count(*) FROM prepared_probe');
    });
    expect(preparedStatementName(star)).toBeUndefined();
    expect(preparedStatementName(returning)).toBeUndefined();
    expect(preparedStatementName('SELECT count(*) FROM t WHERE a = $1')).toBeDefined();
    expect(
      preparedStatementName('INSERT INTO t (a, b) SELECT * FROM unnest($1::text[], $2::text[])'),
    ).toBeDefined();
    expect(preparedStatementName('SELECT DISTINCT * FROM t WHERE a = $1')).toBeUndefined();
    expect(preparedStatementName('SELECT a, t.* FROM t WHERE a = $1')).toBeUndefined();
  });

  it('keeps working when a migration adds a column after the statements were prepared', async () => {
    const insert = 'INSERT INTO prepared_probe (id, status, amount) VALUES ($1, $2, $3)';
    const read = 'SELECT id, status FROM prepared_probe WHERE amount = $1';
    const star = 'SELECT p.* FROM prepared_probe p WHERE p.amount = $1';
    await db.dataSource.transaction(async (tx) => {
      await tx.query(insert, [crypto.randomUUID(), 'before', 10]);
      await tx.query(read, [10]);
      await tx.query(star, [10]);
      await tx.query('ALTER TABLE prepared_probe ADD COLUMN note text');
      await tx.query(insert, [crypto.randomUUID(), 'after', 10]);
      expect(await tx.query(read, [10])).toHaveLength(2);
      const rows = await tx.query<Record<string, unknown>[]>(star, [10]);
      expect(Object.keys(rows[0] ?? {})).toContain('note');
    });
  });

  it('gives a failed statement its error and prepares it again when it comes back right', async () => {
    const bad = 'INSERT INTO prepared_probe (id, status, amount) VALUES ($1, $2, $3::bigint)';
    await db.dataSource.transaction(async (tx) => {
      await expect(tx.query(bad, [crypto.randomUUID(), 'x', 'not a number'])).rejects.toMatchObject(
        { code: '22P02' },
      );
    });
    await db.dataSource.transaction(async (tx) => {
      await tx.query(bad, [crypto.randomUUID(), 'x', '7']);
      expect(await preparedOn(tx)).toContain(bad);
    });
  });

  it('prepares a statement afresh when a migration changed its result type on the connection', async () => {
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const read = 'SELECT id, status FROM prepared_probe WHERE amount = $1';
      await runner.query(read, [10]);
      await runner.query('ALTER TABLE prepared_probe ALTER COLUMN status TYPE varchar(40)');
      // PostgreSQL refuses the statement prepared before once; the next call prepares it again.
      await expect(runner.query(read, [10])).rejects.toMatchObject({ code: '0A000' });
      expect(await runner.query(read, [10])).toHaveLength(2);
      expect(await runner.query(read, [10])).toHaveLength(2);
    } finally {
      await runner.release();
    }
  });

  it('prepares a statement afresh after a value could not be sent', async () => {
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const echo = 'SELECT $1::jsonb AS value';
      await runner.query(echo, [{ n: 1 }]);
      await expect(runner.query(echo, [{ n: 2n }])).rejects.toThrow(/BigInt/);
      expect(await runner.query(echo, [{ n: 3 }])).toEqual([{ value: { n: 3 } }]);
      const fresh = 'SELECT $1::jsonb AS fresh';
      await expect(runner.query(fresh, [{ n: 2n }])).rejects.toThrow(/BigInt/);
      expect(await runner.query(fresh, [{ n: 4 }])).toEqual([{ fresh: { n: 4 } }]);
    } finally {
      await runner.release();
    }
  });

  // Last: it fills its connection to the cap.
  it('keeps at most MAX_PREPARED_PER_CONNECTION statements prepared on a connection; the rest run unnamed', async () => {
    await db.dataSource.transaction(async (tx) => {
      for (let k = 0; k <= MAX_PREPARED_PER_CONNECTION; k += 1) {
        const [row] = await tx.query<{ n: number }[]>(`SELECT $1::int + ${k} AS n`, [1]);
        expect(row?.n).toBe(1 + k);
      }
      // Texts, not statements: one prepared afresh after it broke (above) is there twice.
      expect(new Set(await preparedOn(tx)).size).toBe(MAX_PREPARED_PER_CONNECTION);
    });
  });
});
