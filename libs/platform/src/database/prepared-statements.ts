import { createHash } from 'node:crypto';
import pg from 'pg';

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

  // pg's own overloads; the call is passed on unchanged but for the name.
  override query(...args: unknown[]): never {
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
