/** What the activity factories may use; each context's factory takes what it needs. */
export interface ActivityDeps {
  /** The worker's identity as Temporal records it (`pid@host`). */
  identity: string;
  /** The task queue the worker polls. */
  taskQueue: string;
}
