/**
 * Runs `work` now when woken, and again whenever `next()` says something falls due (or after
 * `pollMs` at the latest, for what another path made due). One timer at a time; wake-ups that
 * arrive together run `work` once. `work` returns true when it stopped at a batch limit (it
 * runs again at once). What `next()` reports as already due was left by `work` on purpose
 * (in flight, or waiting behind another item): its owner wakes the pump when that changes.
 */
export class Pump {
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private woken = false;
  private stopped = false;

  constructor(
    private readonly work: (now: number) => boolean,
    private readonly next: () => number | undefined,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.wake();
  }

  /** Runs `work` soon (once for all wake-ups of this turn of the event loop). */
  wake(): void {
    if (this.stopped || this.woken) return;
    this.woken = true;
    setImmediate(() => {
      this.woken = false;
      this.run();
    });
  }

  /** Makes sure `work` runs by `at`. */
  runBy(at: number): void {
    if (this.stopped) return;
    if (at >= this.timerAt) return;
    this.arm(at);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    if (this.stopped) return;
    let more = false;
    try {
      more = this.work(Date.now());
    } catch (error) {
      this.onError(error);
    }
    if (more) {
      this.wake();
      return;
    }
    const now = Date.now();
    const next = this.next();
    this.timerAt = Infinity;
    this.arm(
      next !== undefined && next > now ? Math.min(next, now + this.pollMs) : now + this.pollMs,
    );
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.run();
      },
      Math.max(0, at - Date.now()),
    );
  }
}
