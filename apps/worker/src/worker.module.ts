import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import type { WorkerConfig } from './config.js';
import { TemporalWorkerRunner } from './temporal-worker.runner.js';
import { WORKER_CONFIG } from './worker.tokens.js';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ServicePlatformModule.forRoot({
          descriptor: SERVICES.worker,
          config,
          opsPort: config.WORKER_OPS_PORT,
        }),
      ],
      providers: [{ provide: WORKER_CONFIG, useValue: config }, TemporalWorkerRunner],
    };
  }
}
