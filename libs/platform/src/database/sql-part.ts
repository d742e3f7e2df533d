import type { EntityManager } from 'typeorm';

/**
 * Part of a statement that another repository's statement carries, so that both are one round
 * trip: common table expressions, the columns they add to that statement's final `SELECT`, and
 * their parameters, numbered from the `firstParam` the part was made at. A part names its CTEs
 * and columns with its own prefix, so that parts of several repositories can meet in one
 * statement. Data-modifying CTEs all run, whatever the final `SELECT` reads, and see the
 * snapshot the statement started with (not each other's rows, except through `RETURNING`).
 */
export interface SqlPart {
  readonly ctes: string;
  readonly params: readonly unknown[];
  /** Select-list items (`expr AS name, ...`) reading the part's CTEs. */
  readonly columns?: string;
  /**
   * The CTEs that have finished all of the part's writes once they have been read. PostgreSQL
   * runs a data-modifying CTE that nothing reads only after the statement's main query, so a
   * statement that must take the part's locks before its own reads these first (`readFirst`).
   */
  readonly last?: string | readonly string[];
}

/** The names of `part.last`. */
const lastOf = (part: SqlPart): readonly string[] =>
  part.last === undefined ? [] : typeof part.last === 'string' ? [part.last] : part.last;

/**
 * A `FROM` clause (with its `WHERE`) that reads every CTE of `part.last` to its end, for the
 * statement's own locking CTE to select from, so that the part's writes, and the locks they
 * take, all come before it. The count is used (`WHERE`): PostgreSQL drops a subquery's output
 * that nothing reads, and with it the reads. Empty when the part names none.
 */
export function readFirst(part: SqlPart | undefined): string {
  const names = part ? lastOf(part) : [];
  if (names.length === 0) return '';
  const counts = names.map((n) => `(SELECT count(*) FROM ${n})`).join(' + ');
  return ` FROM (SELECT ${counts} AS n) AS written_first WHERE written_first.n >= 0`;
}

/**
 * `parts` as one part, one after another from its first parameter: their CTEs, columns and
 * parameters, and all of their `last` CTEs.
 */
export function allParts(...parts: readonly SqlPartAt[]): SqlPartAt {
  return (firstParam) => {
    const made: SqlPart[] = [];
    let next = firstParam;
    for (const at of parts) {
      const part = at(next);
      made.push(part);
      next += part.params.length;
    }
    const columns = made.flatMap((p) => (p.columns ? [p.columns] : [])).join(', ');
    return {
      ctes: made.map((p) => p.ctes).join(',\n'),
      params: made.flatMap((p) => [...p.params]),
      ...(columns ? { columns } : {}),
      last: made.flatMap(lastOf),
    };
  };
}

/** A part made for a statement whose parameters up to `firstParam - 1` are taken. */
export type SqlPartAt = (firstParam: number) => SqlPart;

/** `parts` one after another from parameter `firstParam`: their CTEs, columns and parameters. */
export function joinParts(
  parts: readonly SqlPartAt[],
  firstParam: number,
): { ctes: string; columns: string; params: unknown[] } {
  const { ctes, columns, params } = allParts(...parts)(firstParam);
  return { ctes, columns: columns ?? '', params: [...params] };
}

/** Runs `part` as a statement of its own (its CTEs, then its columns): the row it gives. */
export async function runPart(
  manager: EntityManager,
  part: SqlPartAt,
): Promise<Record<string, unknown>> {
  const { ctes, columns, params } = part(1);
  const rows = await manager.query<Record<string, unknown>[]>(
    `WITH ${ctes} SELECT ${columns ?? 'true'}`,
    [...params],
  );
  return rows[0] ?? {};
}

/** The statement was refused by the unique index or constraint `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = (error as { driverError?: { code?: string; constraint?: string } } | null)
    ?.driverError;
  return cause?.code === '23505' && cause.constraint === constraint;
}
