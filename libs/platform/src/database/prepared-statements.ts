import { createHash } from 'node:crypto';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { PipelinedQuery } from './pipelined-query.js';

/**
 * How many statements one connection keeps prepared at most. A service sends a few dozen
 * distinct statements; SQL built at run time (TypeORM's `IN ($1, …, $n)` for a list of varying
 * length, say) would otherwise prepare a new statement for every shape it takes, each holding
 * its plan in the server's memory for the connection's life.
 */
export const MAX_PREPARED_PER_CONNECTION = 200;

/**
 * A statement with a `*` column list (`SELECT p.*`, `RETURNING *`) anywhere is not prepared:
 * once a migration adds a column to the table, PostgreSQL refuses to run a statement prepared
 * before whose result would change ("cached plan must not change result type"), which a service
 * still running across a rolling upgrade would meet. `count(*)` is not a column list, nor is
 * `SELECT * FROM unnest(…)` (its columns are the statement's own).
 */
const STAR_COLUMNS =
  /(?:\bSELECT\s+(?:DISTINCT\s+)?|,\s*|\bRETURNING\s+)(?:[a-z_][a-z0-9_]*\.)?\*(?!\s+FROM\s+unnest\s*\()/i;

/**
 * The statement's name on a connection: the same text, the same name, in every process. Each
 * connection asks once per text (`PreparingClient` remembers the answer).
 */
export function preparedStatementName(text: string): string | undefined {
  if (STAR_COLUMNS.test(text)) return undefined;
  return `civic_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
}

/**
 * A pg client that runs every statement with parameters as a named prepared statement on its
 * connection, so PostgreSQL parses and plans it once per connection instead of on every call
 * (TypeORM and `pool.query` send each statement unnamed, parsed and planned afresh). On this
 * machine that halved PostgreSQL's CPU per statement (a three-table insert 0.31 → 0.17 ms, an
 * update by key 0.19 → 0.09 ms, commits included; docs/architecture.md). The plan is PostgreSQL's
 * to choose as for any prepared statement: custom plans first, a generic one only when it costs
 * no more. A statement without parameters, one with a `*` column list, and statements past
 * MAX_PREPARED_PER_CONNECTION run unnamed as before.
 *
 * Every service's pool uses it (`serviceDataSourceOptions` passes it to pg's Pool as `Client`).
 */
export class PreparingClient extends pg.Client {
  /** Each text's statement name on this connection (a new one after it broke, below). */
  private readonly names = new Map<string, string>();
  private renamed = 0;
  /** The `START TRANSACTION` not sent yet: it goes with the transaction's first statement. */
  private beginning: string | undefined;
  /** The next statement is its transaction's last: `COMMIT` goes with it (`commitWithNext`). */
  private commitNext = false;
  /** A statement carrying `COMMIT` is on its way: nothing else may follow it. */
  private committing = false;
  /** The transaction was committed with its last statement; its own `COMMIT` is still to come. */
  private committedEarly = false;

  /**
   * The next statement on this connection is the last of its transaction: `COMMIT` is sent
   * with it, in its round trip (`queryAndCommit`). The transaction's own `COMMIT` (TypeORM's,
   * once the work returns) is then answered here without a round trip; any other statement
   * before it is refused, as it would run outside the committed transaction.
   */
  commitWithNext(): void {
    this.commitNext = true;
  }

  // pg's own overloads; the call is passed on unchanged but for the name and the round trip.
  override query(...args: unknown[]): never {
    const [config, values, callback] = args;
    const promised = typeof values !== 'function' && typeof callback !== 'function';
    const bare = typeof config === 'string' && !(Array.isArray(values) && values.length > 0);
    // A transaction's start or end: no statement of it is left to carry its COMMIT.
    if (bare && transactionVerb(config) !== undefined) this.commitNext = false;
    if (promised && bare) {
      const answered = this.answerHere(config);
      if (answered) return answered as never;
    }
    if (this.committedEarly || this.committing)
      return refused(
        typeof values === 'function' ? values : callback,
        new Error(
          'this transaction was committed with its last statement (queryAndCommit): nothing may follow it',
        ),
      );
    if (this.beginning !== undefined || this.commitNext) {
      if (promised && typeof config === 'string' && !bare)
        return this.pipelined(config, values as unknown[]) as never;
      return this.sentApart(args) as never;
    }
    return this.prepared(args);
  }

  /**
   * A transaction's `START TRANSACTION` is held until its first statement, which carries it
   * (one round trip fewer per transaction; the snapshot starts at the first statement anyway).
   * Its `COMMIT` or `ROLLBACK` is answered here when nothing was sent (an empty transaction) or
   * the last statement already committed it. Undefined: the statement goes to the server.
   */
  private answerHere(text: string): Promise<unknown> | undefined {
    const verb = transactionVerb(text);
    if (verb === undefined) return undefined;
    if (verb === 'BEGIN') {
      if (this.beginning !== undefined || this.committedEarly) return undefined;
      this.beginning = text;
      return Promise.resolve(emptyResult('BEGIN'));
    }
    if (this.beginning !== undefined) {
      this.beginning = undefined;
      return Promise.resolve(emptyResult(verb));
    }
    if (this.committedEarly) {
      // A ROLLBACK here means the work failed after its last statement committed: nothing
      // can be undone, and that statement's effects stand (queryAndCommit says so).
      this.committedEarly = false;
      return Promise.resolve(emptyResult(verb));
    }
    return undefined;
  }

  /** The statement, with the held `START TRANSACTION` before it and `COMMIT` after if asked. */
  private pipelined(text: string, values: readonly unknown[]): Promise<unknown> {
    const before = this.beginning === undefined ? [] : [this.beginning];
    const committing = this.commitNext;
    this.beginning = undefined;
    this.commitNext = false;
    const name = this.nameOf(text);
    this.committing = committing;
    return new Promise((resolve, reject) => {
      let settled = false;
      const query: PipelinedQuery = new PipelinedQuery(
        { ...(name === undefined ? {} : { name }), text, values },
        before,
        committing ? ['COMMIT'] : [],
        (error, result) => {
          // pg answers a value it could not send twice: its error, then (at the Sync) nothing.
          if (settled) return;
          settled = true;
          if (committing) {
            this.committing = false;
            // Committed only once the server said so.
            this.committedEarly = !error && query.finished();
          }
          if (error) {
            this.afterError(text, error);
            reject(error);
            return;
          }
          resolve(result);
        },
      );
      (super.query as (q: unknown) => unknown).call(this, query);
    });
  }

  /**
   * What cannot share a round trip (a statement without parameters, a callback): the held
   * `START TRANSACTION` first, then the statement, then `COMMIT` if asked, one by one.
   */
  private async sentApart(args: unknown[]): Promise<unknown> {
    const beginning = this.beginning;
    const [, values, callback] = args;
    // Only a promised statement (queryAndCommit's) carries COMMIT; a callback's is left to
    // the transaction's own.
    const committing =
      this.commitNext && typeof values !== 'function' && typeof callback !== 'function';
    this.beginning = undefined;
    this.commitNext = false;
    const send = (super.query as (...a: unknown[]) => Promise<unknown>).bind(this);
    if (beginning !== undefined) await send(beginning);
    const result = await (this.prepared(args) as unknown as Promise<unknown>);
    if (committing) {
      await send('COMMIT');
      this.committedEarly = true;
    }
    return result;
  }

  /** pg's ParseComplete: passed over when it is for a statement a pipelined one carried. */
  _handleParseComplete(): void {
    const active = (this as unknown as { _getActiveQuery(): unknown })._getActiveQuery();
    if (active instanceof PipelinedQuery && !active.parseCompleted()) return;
    (pg.Client.prototype as unknown as { _handleParseComplete(): void })._handleParseComplete.call(
      this,
    );
  }

  /** The statement as a named prepared one when it has parameters (see above). */
  private prepared(args: unknown[]): never {
    const [config, values, callback] = args;
    const name =
      typeof config === 'string' && Array.isArray(values) && values.length > 0
        ? this.nameOf(config)
        : undefined;
    if (name === undefined || typeof config !== 'string')
      return (super.query as (...a: unknown[]) => never)(...args);
    const query = (super.query as (...a: unknown[]) => unknown).bind(this);
    const named = { name, text: config, values };
    if (typeof callback === 'function')
      return query(named, (error: unknown, result: unknown) => {
        if (error) this.afterError(config, error);
        (callback as (e: unknown, r: unknown) => void)(error, result);
      }) as never;
    return (query(named) as Promise<unknown>).catch((error: unknown) => {
      this.afterError(config, error);
      throw error;
    }) as never;
  }

  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= MAX_PREPARED_PER_CONNECTION) return known;
    const name = preparedStatementName(text);
    if (name !== undefined) this.names.set(text, name);
    return name;
  }

  /**
   * After a failure that may leave the statement broken on this connection, the next call
   * prepares it afresh under a new name: PostgreSQL refuses a prepared statement whose result
   * type a migration changed (0A000 "cached plan must not change result type", say a column's
   * type), and pg keeps believing a statement prepared that the server no longer has (26000)
   * when turning a parameter into text threw (an error without a code). An ordinary refusal
   * (a constraint, a lock, a bad value) leaves the statement as it was.
   */
  private afterError(text: string, error: unknown): void {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code !== undefined && code !== '0A000' && code !== '26000') return;
    this.renamed += 1;
    this.names.set(text, `${preparedStatementName(text) ?? 'civic'}_${this.renamed}`);
  }
}

/** `START TRANSACTION`/`BEGIN`, `COMMIT`, `ROLLBACK` as sent, with no options (others go as they are). */
function transactionVerb(text: string): 'BEGIN' | 'COMMIT' | 'ROLLBACK' | undefined {
  switch (text.trim().replace(/;$/, '').toUpperCase()) {
    case 'START TRANSACTION':
    case 'BEGIN':
      return 'BEGIN';
    case 'COMMIT':
      return 'COMMIT';
    case 'ROLLBACK':
      return 'ROLLBACK';
    default:
      return undefined;
  }
}

/** A refusal, answered the way the call asked: to its callback, or as a rejected promise. */
function refused(callback: unknown, error: Error): never {
  if (typeof callback === 'function') {
    process.nextTick(() => (callback as (e: Error) => void)(error));
    return undefined as never;
  }
  return Promise.reject(error) as never;
}

/** What pg gives for a statement without rows (as TypeORM reads it). */
const emptyResult = (command: string) => ({
  command,
  rowCount: null,
  oid: null,
  rows: [],
  fields: [],
});

/**
 * Runs `sql` as the last statement of `tx`'s transaction, with its `COMMIT` in the same round
 * trip (on a `PreparingClient`; elsewhere, or outside a transaction, as a plain statement).
 * Once it resolves the transaction has committed: nothing may follow it in the transaction
 * (the client refuses another statement), and a failure after it no longer undoes anything.
 * A failure of the statement or of the commit (a deferred constraint) leaves nothing written.
 */
export async function queryAndCommit<T>(
  tx: EntityManager,
  sql: string,
  params: readonly unknown[],
): Promise<T> {
  // TypeORM's Postgres query runner keeps its pg client and its depth there (not in
  // QueryRunner's type). Inside a savepoint (depth 2 and more) COMMIT would end the whole
  // transaction, not the savepoint: the statement then goes alone.
  const runner:
    | { isTransactionActive: boolean; databaseConnection?: unknown; transactionDepth?: number }
    | undefined = tx.queryRunner;
  const client: unknown =
    runner?.isTransactionActive && runner.transactionDepth === 1
      ? runner.databaseConnection
      : undefined;
  if (client instanceof PreparingClient) client.commitWithNext();
  return tx.query<T>(sql, [...params]);
}
