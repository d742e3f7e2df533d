import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { GatewayConfig } from '../../config.js';
import { GATEWAY_CONFIG } from '../../gateway.tokens.js';
import { TokenIssuer, type AccessClaims } from '../token-issuer.js';
import type { TokenPair } from './session.js';
import { SessionRepository } from './session.repository.js';

/** A session's next token pair: a new refresh token stored in the transaction, an access token. */
@Injectable()
export class SessionTokens {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenIssuer,
    @Inject(GATEWAY_CONFIG)
    private readonly config: Pick<GatewayConfig, 'GATEWAY_ACCESS_TOKEN_TTL_SECONDS'>,
  ) {}

  async issue(tx: EntityManager, claims: AccessClaims): Promise<TokenPair> {
    const refresh = this.tokens.newRefreshToken();
    await this.sessions.insertRefreshToken(tx, {
      id: refresh.id,
      sessionId: claims.sessionId,
      secretHash: refresh.secretHash,
    });
    return {
      accessToken: await this.tokens.issueAccess(claims),
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: this.config.GATEWAY_ACCESS_TOKEN_TTL_SECONDS,
    };
  }
}
