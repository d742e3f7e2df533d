/** What runs the statement: a TypeORM DataSource or EntityManager (anything with `query`). */
interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * Deletes rows a bounded batch at a time, so that no statement holds its locks for long, until
 * a batch comes back short (or `maxBatches` ran); returns how many went. `deleteBatch` is one
 * `DELETE ... WHERE <key> IN (SELECT <key> ... LIMIT <batch>)` whose last parameter is the
 * batch size, appended here. Replicas may run it side by side (they delete the same rows).
 */
export async function deleteInBatches(
  db: Queryable,
  deleteBatch: string,
  parameters: unknown[],
  { batch, maxBatches = Number.POSITIVE_INFINITY }: { batch: number; maxBatches?: number },
): Promise<number> {
  let deleted = 0;
  for (let n = 0; n < maxBatches; n += 1) {
    const [, count] = await db.query<[unknown, number]>(deleteBatch, [...parameters, batch]);
    deleted += count;
    if (count < batch) break;
  }
  return deleted;
}
