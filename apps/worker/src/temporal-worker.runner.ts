import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { msToNumber } from '@temporalio/common';
import { HealthRegistry, NatsBus } from '#platform';
import type { WorkerConfig } from './config.js';
import { platformWorkerOptions } from './worker-options.js';
import { WORKER_CONFIG } from './worker.tokens.js';

/**
 * Runs the Temporal worker inside the Nest process: polls the task queue for workflow and
 * activity tasks; on shutdown stops polling and lets in-flight activities finish first.
 */
@Injectable()
export class TemporalWorkerRunner
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(TemporalWorkerRunner.name);
  private connection: NativeConnection | undefined;
  private worker: Worker | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly health: HealthRegistry,
    private readonly nats: NatsBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const identity = `${process.pid}@${hostname()}`;
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    this.worker = await Worker.create({
      ...platformWorkerOptions({
        connection: this.connection,
        namespace: this.config.TEMPORAL_NAMESPACE,
        taskQueue: this.config.WORKER_TASK_QUEUE,
        identity,
        workflows: this.config.WORKER_WORKFLOW_BUNDLE
          ? { bundlePath: this.config.WORKER_WORKFLOW_BUNDLE }
          : { bundleAtStart: true },
        activityDeps: {
          services: this.nats.client,
          permits: {
            ...(this.config.PERMITS_WORKING_DAY_DURATION
              ? { workingDayMs: msToNumber(this.config.PERMITS_WORKING_DAY_DURATION) }
              : {}),
            ...(this.config.PERMITS_VALIDITY_DAY_DURATION
              ? { validityDayMs: msToNumber(this.config.PERMITS_VALIDITY_DAY_DURATION) }
              : {}),
          },
          complaints: this.config.COMPLAINTS_WORKING_DAY_DURATION
            ? { dayMs: msToNumber(this.config.COMPLAINTS_WORKING_DAY_DURATION) }
            : {},
        },
      }),
      maxConcurrentActivityTaskExecutions: this.config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      // A new workflow's first task comes on the task queue itself, the later ones on this
      // worker's sticky queue. The SDK's default ratio (0.2) gave the task queue 2 of the 10
      // pollers: a burst of new cases (a load of Open311 reports) waited on them while the
      // sticky pollers idled (issue 14, "Figures"). Half and half.
      nonStickyToStickyPollRatio: 1,
      shutdownGraceTime: Math.max(1_000, this.config.SHUTDOWN_TIMEOUT_MS - 2_000),
    });
    const worker = this.worker;
    this.running = worker.run().catch((error: unknown) => {
      this.logger.error(error instanceof Error ? error : String(error));
    });
    this.health.register('temporal', async () => {
      const state = worker.getState();
      if (state !== 'RUNNING') throw new Error(`worker is ${state}`);
      return {
        taskQueue: this.config.WORKER_TASK_QUEUE,
        namespace: this.config.TEMPORAL_NAMESPACE,
      };
    });
    this.logger.log(
      `polling task queue ${this.config.WORKER_TASK_QUEUE} on ${this.config.TEMPORAL_ADDRESS}`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }
}
