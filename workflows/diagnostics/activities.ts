/** Activity types the diagnostics workflow proxies (implemented in apps/worker). */
export interface DiagnosticsReport {
  /** Correlation id the activity saw: proves propagation client -> workflow -> activity. */
  correlationId: string | null;
  workerIdentity: string;
  taskQueue: string;
}

export interface DiagnosticsActivities {
  describeWorker(): Promise<DiagnosticsReport>;
}
