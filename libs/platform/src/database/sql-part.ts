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
   * The CTE that has finished all of the part's writes once it has been read. PostgreSQL runs
   * a data-modifying CTE that nothing reads only after the statement's main query, so a
   * statement that must take the part's locks before its own reads this first.
   */
  readonly last?: string;
}

/** A part made for a statement whose parameters up to `firstParam - 1` are taken. */
export type SqlPartAt = (firstParam: number) => SqlPart;

/** `parts` one after another from parameter `firstParam`: their CTEs, columns and parameters. */
export function joinParts(
  parts: readonly SqlPartAt[],
  firstParam: number,
): { ctes: string; columns: string; params: unknown[] } {
  const ctes: string[] = [];
  const columns: string[] = [];
  const params: unknown[] = [];
  for (const at of parts) {
    const part = at(firstParam + params.length);
    ctes.push(part.ctes);
    if (part.columns) columns.push(part.columns);
    params.push(...part.params);
  }
  return { ctes: ctes.join(',\n'), columns: columns.join(', '), params };
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
