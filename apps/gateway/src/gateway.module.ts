import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES } from '#contracts';
import { ServicePlatformModule } from '#platform';
import type { GatewayConfig } from './config.js';
import { GATEWAY_CONFIG } from './gateway.tokens.js';
import { StatusHttpController } from './status/status.http.controller.js';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ServicePlatformModule.forRoot({
          descriptor: SERVICES.gateway,
          config,
          opsPort: config.GATEWAY_OPS_PORT,
        }),
      ],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }],
      controllers: [StatusHttpController],
    };
  }
}
