import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config.js';
import { RolesHttpController } from '../users/roles.http.controller.js';
import { UsersHttpController } from '../users/users.http.controller.js';
import { AuthHttpController } from './auth.http.controller.js';
import { IdentityService } from './identity.service.js';
import { PasswordHasher } from './password-hasher.js';
import { TokenIssuer } from './token-issuer.js';

/** Accounts, sessions and tokens (the identity schema is this module's). */
@Module({})
export class IdentityModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    if (config.NODE_ENV === 'production' && !config.GATEWAY_JWT_PRIVATE_KEY)
      throw new Error('GATEWAY_JWT_PRIVATE_KEY must be set in production');
    return {
      module: IdentityModule,
      providers: [
        PasswordHasher,
        {
          provide: TokenIssuer,
          useValue: new TokenIssuer({
            privateKeyPem: config.GATEWAY_JWT_PRIVATE_KEY.replaceAll('\\n', '\n'),
            issuer: config.GATEWAY_JWT_ISSUER,
            audience: config.GATEWAY_JWT_AUDIENCE,
            accessTtlSeconds: config.GATEWAY_ACCESS_TOKEN_TTL_SECONDS,
          }),
        },
        IdentityService,
      ],
      controllers: [AuthHttpController, UsersHttpController, RolesHttpController],
      exports: [IdentityService, TokenIssuer],
    };
  }
}
