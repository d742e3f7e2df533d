/**
 * `IdempotentCommands`, the services' half of idempotent commands, against a real PostgreSQL
 * schema with the platform's messaging tables and a real outbox (no process booted): a command
 * acts once per request key, whether repeated after it committed or twenty times at once; its
 * event is written once; a command that fails leaves no key; without a key it acts each time.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  IdempotentCommands,
  InboxRetention1764200000000,
  MessagingTables1763900000000,
  migrateServiceDatabase,
  Outbox,
  RequestKeys1764400000000,
  runWithContext,
  serviceDataSourceOptions,
} from '#platform';
import { testEnv } from '#testing';
import { submittedEvent } from '../factories/events.js';

class Counters1764400000099 implements MigrationInterface {
  name = 'Counters1764400000099';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE counters (id text PRIMARY KEY, n int NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE counters');
  }
}

describe('IdempotentCommands: one effect per request key, in the transaction of the effect', () => {
  const schema = `itest_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const options = {
    url: testEnv().databaseUrl,
    schema,
    applicationName: 'itest-idempotent-commands',
    migrations: [
      MessagingTables1763900000000,
      InboxRetention1764200000000,
      RequestKeys1764400000000,
      Counters1764400000099,
    ],
  };
  let dataSource: DataSource;
  let commands: IdempotentCommands;
  const outbox = new Outbox({ service: 'permits', partitions: 4 });

  beforeAll(async () => {
    await migrateServiceDatabase(options);
    dataSource = new DataSource(serviceDataSourceOptions({ ...options, poolSize: 25 }));
    await dataSource.initialize();
    commands = new IdempotentCommands(dataSource, outbox);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
  });

  /** The command: bump a counter, write an event, answer the new value and a fresh id. */
  const bump = (counter: string) => async (tx: DataSource['manager']) => {
    const rows = await tx.query<{ n: number }[]>(
      `INSERT INTO counters (id, n) VALUES ($1, 1)
       ON CONFLICT (id) DO UPDATE SET n = counters.n + 1 RETURNING n`,
      [counter],
    );
    await outbox.append(tx, submittedEvent(randomUUID()));
    // Slow enough that concurrent repeats overlap it.
    await tx.query('SELECT pg_sleep(0.05)');
    return { n: rows[0]?.n, answerId: randomUUID(), at: new Date() };
  };

  const counter = async (id: string): Promise<number | undefined> =>
    (await dataSource.query<{ n: number }[]>('SELECT n FROM counters WHERE id = $1', [id]))[0]?.n;
  const outboxRows = async (): Promise<number> =>
    Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM outbox'))[0]?.n);

  it('answers a repeat of a key with the first reply (as JSON), without a second effect', async () => {
    const id = randomUUID();
    const events = await outboxRows();
    const requestKey = `key-${randomUUID()}`;
    const first = await commands.run('test.bump', bump(id), { requestKey });
    const again = await commands.run('test.bump', bump(id), { requestKey });
    expect(first.n).toBe(1);
    // What a repeat gets is what crossed the wire the first time.
    expect(again).toEqual(JSON.parse(JSON.stringify(first)));
    expect(await counter(id)).toBe(1);
    expect(await outboxRows()).toBe(events + 1);
  });

  it('takes the key from the request context (x-civic-request-key)', async () => {
    const id = randomUUID();
    const requestKey = `ctx-${randomUUID()}`;
    const inContext = () =>
      runWithContext({ correlationId: randomUUID(), requestKey }, () =>
        commands.run('test.bump', bump(id)),
      );
    const first = await inContext();
    expect(await inContext()).toEqual(JSON.parse(JSON.stringify(first)));
    expect(await counter(id)).toBe(1);
  });

  it('acts once for twenty concurrent repeats of one key; all get the same reply', async () => {
    const id = randomUUID();
    const events = await outboxRows();
    const requestKey = `many-${randomUUID()}`;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => commands.run('test.bump', bump(id), { requestKey })),
    );
    expect(new Set(replies.map((r) => r.answerId)).size).toBe(1);
    expect(await counter(id)).toBe(1);
    expect(await outboxRows()).toBe(events + 1);
  });

  it('answers a repeat that its own work would refuse (because of the first) with the first reply', async () => {
    const id = randomUUID();
    const requestKey = `refused-${randomUUID()}`;
    // A second insert of the same id is refused by the primary key.
    const once = async (tx: DataSource['manager']) => {
      await tx.query('INSERT INTO counters (id, n) VALUES ($1, 1)', [id]);
      return { answerId: randomUUID() };
    };
    const first = await commands.run('test.once', once, { requestKey });
    expect(await commands.run('test.once', once, { requestKey })).toEqual(first);
    await expect(commands.run('test.once', once, { requestKey: null })).rejects.toThrow(
      /duplicate key/,
    );
    expect(await counter(id)).toBe(1);
  });

  it('records a one-statement command’s key in its statement: a repeat fails whole and finds the reply', async () => {
    const requestKey = `part-${randomUUID()}`;
    /** One statement: a counter row, and the key recorded with the reply for each row made. */
    const bumpAtOnce = async (id: string) => {
      const part = commands.keyPart('test.at-once', requestKey, { id }, 'c')(2);
      await dataSource.query(
        `WITH c AS (INSERT INTO counters (id, n) VALUES ($1, 1) RETURNING id), ${part.ctes}
         SELECT 1`,
        [id, ...part.params],
      );
    };
    const first = randomUUID();
    await bumpAtOnce(first);
    const repeat = randomUUID();
    const refused: unknown = await bumpAtOnce(repeat).catch((error: unknown) => error);
    expect(commands.isKeyTaken(refused)).toBe(true);
    expect(commands.isKeyTaken(new Error('something else'))).toBe(false);
    expect(await commands.storedReply('test.at-once', requestKey)).toEqual({ id: first });
    expect(await commands.storedReply('test.at-once', `never-${randomUUID()}`)).toBeUndefined();
    // Nothing of the repeat was written.
    expect(await counter(first)).toBe(1);
    expect(await counter(repeat)).toBeUndefined();
  });

  it('leaves no key when the command fails, so it can be tried again', async () => {
    const id = randomUUID();
    const requestKey = `fail-${randomUUID()}`;
    await expect(
      commands.run(
        'test.bump',
        async (tx) => {
          await bump(id)(tx);
          throw new Error('refused after the writes');
        },
        { requestKey },
      ),
    ).rejects.toThrow('refused after the writes');
    expect(await counter(id)).toBeUndefined();
    const retried = await commands.run('test.bump', bump(id), { requestKey });
    expect(retried.n).toBe(1);
    expect(await counter(id)).toBe(1);
  });

  it('keeps one key apart per pattern: two commands of one request both act', async () => {
    const id = randomUUID();
    const requestKey = `two-${randomUUID()}`;
    await commands.run('test.bump', bump(id), { requestKey });
    await commands.run('test.bump-again', bump(id), { requestKey });
    await commands.run('test.bump-again', bump(id), { requestKey });
    expect(await counter(id)).toBe(2);
  });

  it('acts every time without a key', async () => {
    const id = randomUUID();
    await commands.run('test.bump', bump(id));
    await commands.run('test.bump', bump(id), { requestKey: null });
    expect(await counter(id)).toBe(2);
  });

  it('forgets keys past their retention, in batches', async () => {
    const requestKey = `old-${randomUUID()}`;
    await commands.run('test.bump', bump(randomUUID()), { requestKey });
    await dataSource.query(
      "UPDATE request_keys SET recorded_at = now() - interval '8 days' WHERE request_key = $1",
      [requestKey],
    );
    expect(await commands.deleteExpired()).toBeGreaterThanOrEqual(1);
    const left = await dataSource.query<unknown[]>(
      'SELECT 1 FROM request_keys WHERE request_key = $1',
      [requestKey],
    );
    expect(left).toHaveLength(0);
  });
});
