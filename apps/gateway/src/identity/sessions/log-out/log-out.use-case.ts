import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityErrors } from '#contracts';
import { TokenIssuer, type AccessClaims } from '../../token-issuer.js';
import { CheckSessionUseCase } from '../check-session/check-session.use-case.js';
import { SessionRepository } from '../session.repository.js';

/**
 * Ends the session of a refresh token, which must be the caller's own
 * (IDENTITY.INVALID_REFRESH_TOKEN otherwise, as for a token that is not one).
 */
@Injectable()
export class LogOutUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenIssuer,
    /** This gateway's session checks (absent where no request is answered). */
    @Optional() private readonly checks?: CheckSessionUseCase,
  ) {}

  async execute(command: { refreshToken: string; actor: AccessClaims }): Promise<void> {
    const presented = this.tokens.readRefreshToken(command.refreshToken);
    if (!presented) throw IdentityErrors.invalidRefreshToken();
    const sessionId = await this.dataSource.transaction(async (tx) => {
      const owner = await this.sessions.findRefreshTokenOwner(tx, presented.id);
      if (
        !owner ||
        !owner.secretHash.equals(presented.secretHash) ||
        owner.accountId !== command.actor.userId
      )
        throw IdentityErrors.invalidRefreshToken();
      await this.sessions.revoke(tx, owner.sessionId, 'logout');
      return owner.sessionId;
    });
    // Committed: this replica forgets the session before it answers (a request right after the
    // 204 is refused); the others forget it when the trigger's NOTIFY reaches them.
    this.checks?.forgetSession(sessionId);
  }
}
