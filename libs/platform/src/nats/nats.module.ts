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
import type { NatsConnection } from '@nats-io/transport-node';
import { HealthRegistry } from '../health/health-registry.js';
import { connectNats, type NatsAuth } from './nats-connection.js';
import { ServiceClient } from './service-client.js';

export const NATS_MODULE_OPTIONS = Symbol('NATS_MODULE_OPTIONS');

export interface NatsModuleOptions {
  service: string;
  servers: string;
  auth?: NatsAuth;
  requestTimeoutMs: number;
}

/**
 * The process's own NATS connection (separate from the one Nest's transport holds), used
 * to call other services and, later, by the outbox relay and the event consumers.
 */
@Injectable()
export class NatsBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsBus.name);
  private nc: NatsConnection | undefined;
  private serviceClient: ServiceClient | undefined;

  constructor(
    @Inject(NATS_MODULE_OPTIONS) private readonly options: NatsModuleOptions,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.nc = await connectNats({
      name: this.options.service,
      servers: this.options.servers,
      auth: this.options.auth,
    });
    this.serviceClient = new ServiceClient(this.nc, this.options.requestTimeoutMs);
    void this.watchStatus(this.nc);
    this.health.register('nats', async () => {
      const nc = this.connection;
      if (nc.isClosed()) throw new Error('connection closed');
      const rtt = await nc.rtt();
      return { server: nc.info?.server_name, version: nc.info?.version, rttMs: rtt };
    });
    this.logger.log(`connected to NATS ${this.nc.getServer()}`);
  }

  get connection(): NatsConnection {
    if (!this.nc) throw new Error('NATS is not connected yet');
    return this.nc;
  }

  get client(): ServiceClient {
    if (!this.serviceClient) throw new Error('NATS is not connected yet');
    return this.serviceClient;
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        this.logger.warn(`NATS ${status.type}`);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.nc && !this.nc.isClosed()) await this.nc.drain();
  }
}

@Global()
@Module({})
export class NatsModule {
  static forRoot(options: NatsModuleOptions): DynamicModule {
    return {
      module: NatsModule,
      providers: [{ provide: NATS_MODULE_OPTIONS, useValue: options }, NatsBus],
      exports: [NatsBus],
    };
  }
}
