import { Global, Module, type DynamicModule, type OnModuleInit, Injectable } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HealthRegistry } from '../health/health-registry.js';
import { serviceDataSourceOptions, type ServiceDatabaseOptions } from './data-source.js';

@Injectable()
class DatabaseHealth implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('database', async () => {
      const rows: { schema: string }[] = await this.dataSource.query(
        'SELECT current_schema() AS schema',
      );
      return { schema: rows[0]?.schema };
    });
  }
}

/** TypeORM on the service's own schema, with a readiness probe. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...serviceDataSourceOptions(options),
          retryAttempts: 3,
          retryDelay: 1_000,
        }),
      ],
      providers: [DatabaseHealth],
      exports: [TypeOrmModule],
    };
  }
}
