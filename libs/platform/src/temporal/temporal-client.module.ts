import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { HealthRegistry } from '../health/health-registry.js';
import { CorrelationClientInterceptor } from './correlation-interceptors.js';

export const TEMPORAL_CLIENT_OPTIONS = Symbol('TEMPORAL_CLIENT_OPTIONS');

/** grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING (@temporalio/proto is not a direct dependency). */
const SERVING = 1;

/** Asks the frontend's gRPC health service; true when it is serving. */
export async function temporalServing(connection: Connection): Promise<boolean> {
  const response = await connection.healthService.check({});
  const status: number | null | undefined = response.status;
  return status === SERVING;
}

export interface TemporalClientOptions {
  address: string;
  namespace: string;
}

/** The service's Temporal client (starting workflows, sending Updates and Signals). */
@Injectable()
export class TemporalClientHolder implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TemporalClientHolder.name);
  private conn: Connection | undefined;
  private temporalClient: Client | undefined;

  constructor(
    @Inject(TEMPORAL_CLIENT_OPTIONS) private readonly options: TemporalClientOptions,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.conn = await Connection.connect({ address: this.options.address, connectTimeout: 5_000 });
    this.temporalClient = new Client({
      connection: this.conn,
      namespace: this.options.namespace,
      interceptors: { workflow: [new CorrelationClientInterceptor()] },
    });
    this.health.register('temporal', async () => {
      if (!(await temporalServing(this.connection))) throw new Error('frontend is not serving');
      return { address: this.options.address, namespace: this.options.namespace };
    });
    this.logger.log(
      `connected to Temporal ${this.options.address} (namespace ${this.options.namespace})`,
    );
  }

  get connection(): Connection {
    if (!this.conn) throw new Error('Temporal is not connected yet');
    return this.conn;
  }

  get client(): Client {
    if (!this.temporalClient) throw new Error('Temporal is not connected yet');
    return this.temporalClient;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.conn?.close();
  }
}

@Global()
@Module({})
export class TemporalClientModule {
  static forRoot(options: TemporalClientOptions): DynamicModule {
    return {
      module: TemporalClientModule,
      providers: [{ provide: TEMPORAL_CLIENT_OPTIONS, useValue: options }, TemporalClientHolder],
      exports: [TemporalClientHolder],
    };
  }
}
