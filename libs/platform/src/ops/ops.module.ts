import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthRegistry } from '../health/health-registry.js';
import { Metrics } from '../metrics/metrics.js';
import { OPS_OPTIONS, OpsServer, type OpsOptions } from './ops-server.js';

/** Health registry, metrics and the internal ops server; imported once by every app. */
@Global()
@Module({})
export class OpsModule {
  static forRoot(options: OpsOptions): DynamicModule {
    return {
      module: OpsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: [
        { provide: OPS_OPTIONS, useValue: options },
        { provide: Metrics, useValue: new Metrics(options.service) },
        HealthRegistry,
        OpsServer,
      ],
      exports: [HealthRegistry, Metrics, OPS_OPTIONS],
    };
  }
}
