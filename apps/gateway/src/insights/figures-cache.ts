/**
 * The public figures kept for a short while (GATEWAY_FIGURES_CACHE_SECONDS), so a burst of
 * anonymous visitors costs the insights service one read per key and period. Concurrent misses
 * of one key share the one request in flight; a failed request is not kept.
 */
export class FiguresCache {
  private readonly entries = new Map<string, { until: number; value: Promise<unknown> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const at = this.now();
    const kept = this.entries.get(key);
    if (kept && kept.until > at) return kept.value as Promise<T>;
    const value = load();
    this.entries.set(key, { until: at + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
