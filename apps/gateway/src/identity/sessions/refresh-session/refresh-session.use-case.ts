import { Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityErrors } from '#contracts';
import { TokenIssuer } from '../../token-issuer.js';
import { CheckSessionUseCase } from '../check-session/check-session.use-case.js';
import { decideRefresh, type TokenPair } from '../session.js';
import { SessionRepository } from '../session.repository.js';
import { SessionTokens } from '../session-tokens.js';

/**
 * Trades a refresh token for a new pair. Each refresh token works once: presenting a spent
 * one means it was stolen or replayed, and ends its whole session. Any refusal is
 * IDENTITY.INVALID_REFRESH_TOKEN (the client cannot tell why).
 */
@Injectable()
export class RefreshSessionUseCase {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionRepository,
    private readonly sessionTokens: SessionTokens,
    private readonly tokens: TokenIssuer,
    /** This gateway's session checks (absent where no request is answered). */
    @Optional() private readonly checks?: CheckSessionUseCase,
  ) {}

  async execute(command: { refreshToken: string }): Promise<TokenPair> {
    const presented = this.tokens.readRefreshToken(command.refreshToken);
    if (!presented) throw IdentityErrors.invalidRefreshToken();
    let revoked: string | undefined;
    const outcome = await this.dataSource.transaction(async (tx) => {
      const token = await this.sessions.lockRefreshToken(tx, presented.id);
      const decision = decideRefresh(token, presented.secretHash);
      if (decision === 'invalid' || !token) return 'invalid' as const;
      if (decision === 'reused') {
        await this.sessions.revoke(tx, token.sessionId, 'refresh token reused');
        revoked = token.sessionId;
        return 'reused' as const;
      }
      await this.sessions.spendRefreshToken(tx, presented.id);
      return this.sessionTokens.issue(tx, {
        userId: token.accountId,
        role: token.role,
        sessionId: token.sessionId,
      });
    });
    // Committed: this replica forgets the session before it answers (its access tokens are
    // refused from the next request on); the others forget it when the trigger's NOTIFY
    // reaches them.
    if (revoked) this.checks?.forgetSession(revoked);
    if (outcome === 'reused')
      this.logger.warn('a spent refresh token was presented: session revoked');
    if (typeof outcome === 'string') throw IdentityErrors.invalidRefreshToken();
    return outcome;
  }
}
