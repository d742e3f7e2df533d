/**
 * Runs every task, at most `limit` at a time, and waits for all of them; then throws the first
 * failure, if any (a task that failed never stops the others). For batches of calls to a
 * server that a flood would overwhelm, e.g. the workflow starts of events that arrived
 * together.
 */
export async function runAtMost(
  limit: number,
  tasks: readonly (() => Promise<void>)[],
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      for (let i = next++; i < tasks.length; i = next++)
        await (tasks[i] as () => Promise<void>)().catch((error: unknown) => {
          failures.push(error);
        });
    }),
  );
  if (failures.length > 0) throw failures[0];
}
