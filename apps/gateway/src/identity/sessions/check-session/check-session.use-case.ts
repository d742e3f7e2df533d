import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newId } from '#platform';
import type { GatewayConfig } from '../../../config.js';
import { GATEWAY_CONFIG } from '../../../gateway.tokens.js';
import { AccountRepository } from '../../accounts/account.repository.js';
import { ExternalTokens } from '../../external-tokens.js';
import { SessionCache } from '../../session-cache.js';
import { TokenIssuer, type AccessClaims } from '../../token-issuer.js';
import type { AuthenticatedActor } from '../session.js';
import { SessionRepository } from '../session.repository.js';

export type CheckSessionSettings = Pick<
  GatewayConfig,
  | 'DATABASE_URL'
  | 'GATEWAY_OIDC_ISSUER'
  | 'GATEWAY_OIDC_JWKS_URL'
  | 'GATEWAY_OIDC_AUDIENCE'
  | 'GATEWAY_OIDC_ROLES_CLAIM'
>;

/**
 * The check every authenticated request goes through: the actor of a bearer token, or
 * undefined. A token of ours needs a valid signature and a session that is still live for an
 * active account (so logout and deactivation take effect at once, not at token expiry); live
 * sessions are remembered (SessionCache) until a trigger says they changed. A token of the
 * external OpenID Connect provider, when one is configured, gives its person a local account.
 */
@Injectable()
export class CheckSessionUseCase implements OnModuleInit, OnModuleDestroy {
  private readonly cache: SessionCache;
  private readonly external: ExternalTokens | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenIssuer,
    @Inject(GATEWAY_CONFIG) config: CheckSessionSettings,
  ) {
    this.cache = new SessionCache(config.DATABASE_URL);
    this.external =
      config.GATEWAY_OIDC_ISSUER && config.GATEWAY_OIDC_JWKS_URL
        ? new ExternalTokens({
            issuer: config.GATEWAY_OIDC_ISSUER,
            jwksUrl: config.GATEWAY_OIDC_JWKS_URL,
            audience: config.GATEWAY_OIDC_AUDIENCE,
            rolesClaim: config.GATEWAY_OIDC_ROLES_CLAIM,
          })
        : undefined;
  }

  async onModuleInit(): Promise<void> {
    await this.cache.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.cache.stop();
  }

  /** An account changed here (deactivated): its sessions are forgotten before the answer. */
  forgetAccount(userId: string): void {
    this.cache.forgetAccount(userId);
  }

  /** A session ended here (logout, a spent refresh token): forgotten before the answer. */
  forgetSession(sessionId: string): void {
    this.cache.forgetSession(sessionId);
  }

  async execute(query: { bearer: string }): Promise<AuthenticatedActor | undefined> {
    if (this.external?.claims(query.bearer)) return this.checkExternal(query.bearer);
    let claims: AccessClaims;
    try {
      claims = await this.tokens.verifyAccess(query.bearer);
    } catch {
      return undefined;
    }
    const cached = this.cache.get(claims.sessionId, claims.userId);
    if (cached) return { ...claims, role: cached.role, twoFactor: cached.twoFactor };
    const mark = this.cache.mark;
    const live = await this.sessions.findLive(
      this.dataSource.manager,
      claims.sessionId,
      claims.userId,
    );
    if (!live) return undefined;
    this.cache.remember(claims.sessionId, claims.userId, live.role, live.twoFactor, mark);
    // A role changed since the token was issued: the account's current role wins.
    return { ...claims, role: live.role, twoFactor: live.twoFactor };
  }

  /**
   * A token of the external provider: its person gets a local account the first time (no
   * password; the provider's subject as key), which an admin can deactivate like any.
   */
  private async checkExternal(bearer: string): Promise<AuthenticatedActor | undefined> {
    const identity = await this.external?.verify(bearer);
    if (!identity) return undefined;
    const key = `external:${identity.subject}`;
    const known = this.cache.get(key);
    if (known && known.role === identity.role)
      return {
        userId: known.userId,
        role: identity.role,
        sessionId: 'external',
        twoFactor: identity.twoFactor,
      };
    const email = identity.email ?? `${identity.subject}`;
    const db = this.dataSource.manager;
    const account =
      (await this.accounts.upsertExternal(db, {
        id: newId(),
        email,
        fullName: identity.name ?? email,
        role: identity.role,
        subject: identity.subject,
      })) ?? (await this.accounts.findExternal(db, identity.subject));
    if (!account || account.status !== 'active') return undefined;
    this.cache.remember(key, account.id, identity.role, false);
    // No local session: the provider's token is the credential, for its own lifetime.
    return {
      userId: account.id,
      role: identity.role,
      sessionId: 'external',
      twoFactor: identity.twoFactor,
    };
  }
}
