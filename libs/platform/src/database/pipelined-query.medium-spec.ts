import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { queryAndCommit } from './prepared-statements.js';

interface Wire {
  readyForQuery: number;
  parsed: Record<string, string>;
}

/** The transaction's pg connection, to count its round trips (one ReadyForQuery each). */
const wireOf = (tx: EntityManager): Wire => {
  const client = (tx.queryRunner as unknown as { databaseConnection: unknown })
    .databaseConnection as {
    connection: {
      on(event: 'readyForQuery', listener: () => void): void;
      parsedStatements: Record<string, string>;
    };
  };
  const wire: Wire = { readyForQuery: 0, parsed: client.connection.parsedStatements };
  client.connection.on('readyForQuery', () => (wire.readyForQuery += 1));
  return wire;
};

describe("a transaction's START TRANSACTION and COMMIT travel with its statements (every service's pool)", () => {
  let db: MediumDatabase;
  const insert = 'INSERT INTO pipeline_probe (id, status) VALUES ($1, $2)';
  const countOf = async (status: string): Promise<number> =>
    Number(
      (
        await db.query<{ n: string }>(
          'SELECT count(*) AS n FROM pipeline_probe WHERE status = $1',
          [status],
        )
      )[0]?.n,
    );

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: [] });
    await db.manager.query(
      'CREATE TABLE pipeline_probe (id uuid PRIMARY KEY, status text NOT NULL)',
    );
    // Checked at COMMIT: a status 'refused-at-commit' is refused only then.
    await db.manager.query(`
      CREATE FUNCTION pipeline_probe_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'refused-at-commit' THEN
          RAISE EXCEPTION 'refused at commit' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await db.manager.query(`
      CREATE CONSTRAINT TRIGGER pipeline_probe_check AFTER INSERT ON pipeline_probe
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pipeline_probe_check()`);
  });
  afterAll(() => db?.close());

  it('keeps the statements one transaction when START TRANSACTION travels with the first', async () => {
    await expect(
      db.dataSource.transaction(async (tx) => {
        await tx.query(insert, [crypto.randomUUID(), 'undone']);
        // Inside the transaction: another connection does not see the row yet.
        expect(await countOf('undone')).toBe(0);
        await tx.query(insert, [crypto.randomUUID(), 'undone']);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await countOf('undone')).toBe(0);
  });

  /** Runs `work` in a transaction on a query runner of its own: the round trips it took. */
  const roundTrips = async (work: (tx: EntityManager) => Promise<void>): Promise<number> => {
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const wire = wireOf(runner.manager);
      await runner.startTransaction();
      await work(runner.manager);
      await runner.commitTransaction();
      return wire.readyForQuery;
    } finally {
      await runner.release();
    }
  };

  it('takes one round trip per statement and one for the commit', async () => {
    const trips = await roundTrips(async (tx) => {
      await tx.query(insert, [crypto.randomUUID(), 'two']);
      await tx.query(insert, [crypto.randomUUID(), 'two']);
    });
    expect(trips).toBe(3);
    expect(await countOf('two')).toBe(2);
  });

  it('sends nothing for a transaction that runs no statement, committed or rolled back', async () => {
    expect(await roundTrips(async () => undefined)).toBe(0);
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const wire = wireOf(runner.manager);
      await runner.startTransaction();
      await runner.rollbackTransaction();
      expect(wire.readyForQuery).toBe(0);
      // The connection is as it was: the next transaction is a real one.
      await runner.startTransaction();
      await runner.query(insert, [crypto.randomUUID(), 'after-empty']);
      expect(await countOf('after-empty')).toBe(0);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await countOf('after-empty')).toBe(1);
  });

  it('commits with the last statement (queryAndCommit): one round trip for both', async () => {
    const trips = await roundTrips(async (tx) => {
      await tx.query(insert, [crypto.randomUUID(), 'last']);
      await queryAndCommit(tx, insert, [crypto.randomUUID(), 'last']);
      // Committed already: another connection sees both rows.
      expect(await countOf('last')).toBe(2);
    });
    expect(trips).toBe(2);
    expect(await countOf('last')).toBe(2);
  });

  it('gives a commit refused by a deferred constraint to the statement that carried it, and writes nothing', async () => {
    await expect(
      db.dataSource.transaction(async (tx) => {
        await tx.query(insert, [crypto.randomUUID(), 'kept-out']);
        await queryAndCommit(tx, insert, [crypto.randomUUID(), 'refused-at-commit']);
      }),
    ).rejects.toMatchObject({ driverError: { code: '23514' } });
    expect(await countOf('kept-out')).toBe(0);
    expect(await countOf('refused-at-commit')).toBe(0);
    await db.dataSource.transaction((tx) =>
      queryAndCommit(tx, insert, [crypto.randomUUID(), 'usable-after']),
    );
    expect(await countOf('usable-after')).toBe(1);
  });

  it('does not commit when the statement carrying COMMIT fails', async () => {
    const id = crypto.randomUUID();
    await db.dataSource.transaction((tx) => tx.query(insert, [id, 'taken']));
    await expect(
      db.dataSource.transaction(async (tx) => {
        await tx.query(insert, [crypto.randomUUID(), 'not-committed']);
        await queryAndCommit(tx, insert, [id, 'duplicate-key']);
      }),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
    expect(await countOf('not-committed')).toBe(0);
  });

  it('refuses a statement after the last one, which would run outside the committed transaction', async () => {
    await expect(
      db.dataSource.transaction(async (tx) => {
        await queryAndCommit(tx, insert, [crypto.randomUUID(), 'committed-first']);
        await tx.query(insert, [crypto.randomUUID(), 'too-late']);
      }),
    ).rejects.toThrow(/committed with its last statement/);
    // What committed stays committed; the refused statement wrote nothing.
    expect(await countOf('committed-first')).toBe(1);
    expect(await countOf('too-late')).toBe(0);
    await db.dataSource.transaction((tx) => tx.query(insert, [crypto.randomUUID(), 'next-tx']));
    expect(await countOf('next-tx')).toBe(1);
  });

  /** A query runner of its own, its pg client, and `work` on them; released after. */
  const onOneConnection = async (
    work: (
      runner: ReturnType<typeof db.dataSource.createQueryRunner>,
      client: {
        commitWithNext(): void;
        query(text: string, callback: (error: Error | null) => void): void;
      },
    ) => Promise<void>,
  ): Promise<void> => {
    const runner = db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await work(runner, (runner as unknown as { databaseConnection: never }).databaseConnection);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  };

  it('commits nothing when a value of the statement carrying COMMIT cannot be sent, and the connection goes on', async () => {
    await onOneConnection(async (runner) => {
      await runner.startTransaction();
      await runner.query(insert, [crypto.randomUUID(), 'unsent']);
      await expect(
        queryAndCommit(runner.manager, 'SELECT $1::jsonb AS v', [{ n: 2n }]),
      ).rejects.toThrow(/BigInt/);
      await runner.rollbackTransaction();
      expect(await countOf('unsent')).toBe(0);
      await runner.startTransaction();
      await runner.query(insert, [crypto.randomUUID(), 'sent-after']);
      await runner.commitTransaction();
    });
    expect(await countOf('sent-after')).toBe(1);
  });

  it('forgets a COMMIT asked for when the transaction ends another way', async () => {
    await onOneConnection(async (runner, client) => {
      await runner.startTransaction();
      await runner.query(insert, [crypto.randomUUID(), 'rolled-back']);
      client.commitWithNext();
      await runner.rollbackTransaction();
      expect(await countOf('rolled-back')).toBe(0);
      await runner.startTransaction();
      await runner.query(insert, [crypto.randomUUID(), 'own-commit']);
      expect(await countOf('own-commit')).toBe(0);
      await runner.commitTransaction();
    });
    expect(await countOf('rolled-back')).toBe(0);
    expect(await countOf('own-commit')).toBe(1);
  });

  it('refuses a callback-style statement after the last one through its callback', async () => {
    await onOneConnection(async (runner, client) => {
      await runner.startTransaction();
      await queryAndCommit(runner.manager, insert, [crypto.randomUUID(), 'callback-after']);
      const error = await new Promise<Error | null>((resolve) =>
        client.query('SELECT 1', (e) => resolve(e)),
      );
      expect(error?.message).toMatch(/committed with its last statement/);
      await runner.commitTransaction();
    });
    expect(await countOf('callback-after')).toBe(1);
  });

  it('does not commit from inside a savepoint: the statement goes alone', async () => {
    await onOneConnection(async (runner) => {
      await runner.startTransaction();
      await runner.startTransaction(); // a savepoint
      await queryAndCommit(runner.manager, insert, [crypto.randomUUID(), 'in-savepoint']);
      expect(await countOf('in-savepoint')).toBe(0);
      await runner.commitTransaction(); // releases the savepoint
      await runner.rollbackTransaction(); // the transaction, and the row with it
    });
    expect(await countOf('in-savepoint')).toBe(0);
  });

  it('sends a first statement without parameters on its own, after START TRANSACTION', async () => {
    await expect(
      db.dataSource.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO pipeline_probe (id, status) VALUES (gen_random_uuid(), 'bare')`,
        );
        expect(await countOf('bare')).toBe(0);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await countOf('bare')).toBe(0);
  });

  it('records a statement as prepared only when its own parse succeeded', async () => {
    const late = 'INSERT INTO pipeline_late (id) VALUES ($1)';
    let parsed: Record<string, string> = {};
    await expect(
      db.dataSource.transaction(async (tx) => {
        parsed = wireOf(tx).parsed;
        // START TRANSACTION's parse succeeds in the same round trip; this one's fails.
        await tx.query(late, [crypto.randomUUID()]);
      }),
    ).rejects.toMatchObject({ driverError: { code: '42P01' } });
    expect(Object.values(parsed)).not.toContain(late);
    await db.manager.query('CREATE TABLE pipeline_late (id uuid PRIMARY KEY)');
    await db.dataSource.transaction(async (tx) => {
      await tx.query(late, [crypto.randomUUID()]);
      await tx.query(late, [crypto.randomUUID()]);
    });
    expect(
      Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM pipeline_late'))[0]?.n),
    ).toBe(2);
  });
});
