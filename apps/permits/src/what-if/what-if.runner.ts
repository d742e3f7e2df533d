import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { calendarDefaults } from '../calendar/calendar-defaults.js';
import type { PermitsConfig } from '../config.js';
import { PERMITS_CONFIG } from '../permits.tokens.js';
import { currentCalendar, runWhatIf } from './run-what-if.js';
import { WhatIfRepository, type WhatIfJob } from './what-if.repository.js';

/** The lease was taken by another runner (ours had run out): stop without writing. */
class LeaseLost extends Error {}

/**
 * Runs what-if jobs in the background of the permits service, one at a time per replica:
 * woken when a job is queued, and every PERMITS_WHAT_IF_POLL_SECONDS. A job is claimed with a
 * lease (PERMITS_WHAT_IF_LEASE_SECONDS) renewed as its cases are replayed; a job whose runner
 * died (its lease ran out) is claimed again and replayed from the start, over the cases as
 * they stood when it was asked, so the report is the same. It writes only its jobs.
 */
@Injectable()
export class WhatIfRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WhatIfRunner');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: WhatIfRepository,
    @Inject(PERMITS_CONFIG)
    private readonly config: Pick<
      PermitsConfig,
      'CITY_TIME_ZONE' | 'PERMITS_WHAT_IF_POLL_SECONDS' | 'PERMITS_WHAT_IF_LEASE_SECONDS'
    >,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.config.PERMITS_WHAT_IF_POLL_SECONDS * 1_000);
    this.timer.unref();
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Looks for work now (or right after the round under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Resolves once the runner has nothing left to do (after a `wake`). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Runs jobs until none is waiting. */
  private async drain(): Promise<void> {
    const leaseMs = this.config.PERMITS_WHAT_IF_LEASE_SECONDS * 1_000;
    while (!this.stopped) {
      let job: WhatIfJob | undefined;
      try {
        job = await this.jobs.claimJob(this.dataSource.manager, leaseMs);
      } catch (error) {
        this.logger.warn(`claiming a what-if job: ${(error as Error).message}`);
        return;
      }
      if (!job) return;
      await this.run(job, leaseMs);
    }
  }

  private async run(job: WhatIfJob, leaseMs: number): Promise<void> {
    const db = this.dataSource.manager;
    try {
      const calendar = await currentCalendar(db, calendarDefaults(this.config));
      const report = await runWhatIf(db, job.proposal, job.asOf, calendar, async () => {
        if (!(await this.jobs.renewLease(db, job.id, job.attempts, leaseMs))) throw new LeaseLost();
        // Let the service answer its requests between batches.
        await new Promise((resolve) => setImmediate(resolve));
      });
      await this.jobs.finishJob(db, job.id, job.attempts, { report });
      this.logger.log(`what-if job ${job.id} done: ${report.cases} cases`);
    } catch (error) {
      if (error instanceof LeaseLost) return;
      this.logger.warn(`what-if job ${job.id} failed: ${(error as Error).message}`);
      await this.jobs
        .finishJob(db, job.id, job.attempts, { error: (error as Error).message.slice(0, 500) })
        .catch(() => undefined);
    }
  }
}
