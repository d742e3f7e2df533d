import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId as uuidv7 } from '#platform';
import {
  generateSecret as generateTotpSecret,
  generateURI as generateTotpUri,
  verify as verifyTotp,
} from 'otplib';
import type { Role } from '#contracts';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import { IdentityErrors } from './identity.errors.js';
import { ExternalTokens } from './external-tokens.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionCache } from './session-cache.js';
import { TokenIssuer, type AccessClaims } from './token-issuer.js';

/** An authenticated request's actor: its token's claims and its session's second factor. */
export interface AuthenticatedActor extends AccessClaims {
  twoFactor: boolean;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface UserView {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  status: 'active' | 'deactivated';
  createdAt: string;
}

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  password_hash: string | null;
  role: Role;
  status: 'active' | 'deactivated';
  failed_logins: number;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: string | null;
  created_at: Date;
}

/** Lower-case, trimmed: what makes two spellings of one address the same account. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

const view = (u: UserRow): UserView => ({
  id: u.id,
  email: u.email,
  fullName: u.full_name,
  role: u.role,
  status: u.status,
  createdAt: u.created_at.toISOString(),
});

/**
 * Accounts and sessions: registration, login with lockout, rotating refresh tokens with reuse
 * detection, logout, and the check every authenticated request goes through.
 */
@Injectable()
export class IdentityService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Identity');
  private readonly sessions: SessionCache;

  private readonly external: ExternalTokens | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenIssuer,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.sessions = new SessionCache(config.DATABASE_URL);
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
    await this.sessions.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sessions.stop();
  }

  async register(input: { email: string; password: string; fullName: string }): Promise<UserView> {
    this.limitAttempts(emailKey(input.email));
    return this.createUser({ ...input, role: 'citizen' });
  }

  async createUser(input: {
    email: string;
    password: string;
    fullName: string;
    role: Role;
  }): Promise<UserView> {
    const passwordHash = await this.passwords.hash(input.password);
    const rows = await this.dataSource.query<UserRow[]>(
      `INSERT INTO users (id, email, email_key, full_name, password_hash, role)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (email_key) DO NOTHING
       RETURNING *`,
      [
        uuidv7(),
        input.email.trim(),
        emailKey(input.email),
        input.fullName.trim(),
        passwordHash,
        input.role,
      ],
    );
    const user = rows[0];
    if (!user) throw IdentityErrors.emailTaken();
    return view(user);
  }

  /** Login attempts per account in the current minute (this replica's share). */
  private readonly attempts = new Map<string, { count: number; since: number }>();

  /** Refuses more than GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE attempts on one account. */
  private limitAttempts(key: string): void {
    const now = Date.now();
    if (this.attempts.size > 100_000) this.attempts.clear();
    const window = this.attempts.get(key);
    if (!window || now - window.since >= 60_000) {
      this.attempts.set(key, { count: 1, since: now });
      return;
    }
    window.count += 1;
    if (window.count > this.config.GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE)
      throw IdentityErrors.accountRateLimited(Math.ceil((window.since + 60_000 - now) / 1_000));
  }

  async login(input: { email: string; password: string; totp?: string }): Promise<TokenPair> {
    this.limitAttempts(emailKey(input.email));
    const rows = await this.dataSource.query<UserRow[]>(
      'SELECT * FROM users WHERE email_key = $1',
      [emailKey(input.email)],
    );
    const user = rows[0];
    if (user?.locked_until && user.locked_until.getTime() > Date.now())
      throw IdentityErrors.locked(Math.ceil((user.locked_until.getTime() - Date.now()) / 1_000));
    const ok = await this.passwords.verify(user?.password_hash, input.password);
    if (!user || !ok || user.status !== 'active') {
      if (user && !ok) await this.recordFailure(user);
      throw IdentityErrors.invalidCredentials();
    }
    // An account with TOTP needs its code; a wrong one counts towards the lockout.
    let twoFactor = false;
    if (user.totp_enabled && user.totp_secret) {
      if (!input.totp) throw IdentityErrors.totpRequired();
      const step = await this.checkTotp(user.totp_secret, input.totp, user.totp_last_step);
      if (step === undefined) {
        await this.recordFailure(user);
        throw IdentityErrors.invalidTotp();
      }
      await this.dataSource.query('UPDATE users SET totp_last_step = $2 WHERE id = $1', [
        user.id,
        step,
      ]);
      twoFactor = true;
    }
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND failed_logins > 0',
        [user.id],
      );
      const sessionId = uuidv7();
      await tx.query(
        `INSERT INTO sessions (id, user_id, expires_at, two_factor)
         VALUES ($1, $2, now() + ($3::int * interval '1 day'), $4)`,
        [sessionId, user.id, this.config.GATEWAY_SESSION_TTL_DAYS, twoFactor],
      );
      return this.issue(tx, { userId: user.id, role: user.role, sessionId });
    });
  }

  /** Counts a failed login; the n-th failure past the limit locks for 2^n times the base. */
  private async recordFailure(user: UserRow): Promise<void> {
    const failures = user.failed_logins + 1;
    const over = failures - this.config.GATEWAY_LOGIN_MAX_FAILURES;
    const lockSeconds =
      over >= 0 ? Math.min(3_600, this.config.GATEWAY_LOCKOUT_SECONDS * 2 ** over) : 0;
    await this.dataSource.query(
      `UPDATE users SET failed_logins = failed_logins + 1,
         locked_until = CASE WHEN $2::int > 0 THEN now() + ($2::int * interval '1 second') ELSE locked_until END
       WHERE id = $1`,
      [user.id, lockSeconds],
    );
    if (lockSeconds > 0)
      this.logger.warn(`account ${user.id} locked for ${lockSeconds} s after ${failures} failures`);
  }

  /**
   * Trades a refresh token for a new pair. Each refresh token works once: presenting a spent
   * one means it was stolen or replayed, and ends its whole session.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const presented = this.tokens.readRefreshToken(refreshToken);
    if (!presented) throw IdentityErrors.invalidRefreshToken();
    const outcome = await this.dataSource.transaction(async (tx) => {
      const rows = await tx.query<
        {
          session_id: string;
          secret_hash: Buffer;
          used_at: Date | null;
          token_expired: boolean;
          session_live: boolean;
          user_id: string;
          role: Role;
          status: string;
        }[]
      >(
        `SELECT t.session_id, t.secret_hash, t.used_at, t.expires_at < now() AS token_expired,
                (s.revoked_at IS NULL AND s.expires_at > now()) AS session_live,
                u.id AS user_id, u.role, u.status
         FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id
         WHERE t.id = $1 FOR UPDATE OF t, s`,
        [presented.id],
      );
      const row = rows[0];
      if (!row || !row.secret_hash.equals(presented.secretHash)) return 'invalid' as const;
      if (row.used_at) {
        await this.revokeSession(tx, row.session_id, 'refresh token reused');
        return 'reused' as const;
      }
      if (row.token_expired || !row.session_live || row.status !== 'active')
        return 'invalid' as const;
      await tx.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [presented.id]);
      return this.issue(tx, { userId: row.user_id, role: row.role, sessionId: row.session_id });
    });
    if (outcome === 'reused')
      this.logger.warn('a spent refresh token was presented: session revoked');
    if (typeof outcome === 'string') throw IdentityErrors.invalidRefreshToken();
    return outcome;
  }

  /** Ends the session of a refresh token (the caller's own). */
  async logout(refreshToken: string, actor: AccessClaims): Promise<void> {
    const presented = this.tokens.readRefreshToken(refreshToken);
    if (!presented) throw IdentityErrors.invalidRefreshToken();
    await this.dataSource.transaction(async (tx) => {
      const rows = await tx.query<{ session_id: string; secret_hash: Buffer; user_id: string }[]>(
        `SELECT t.session_id, t.secret_hash, s.user_id FROM refresh_tokens t
         JOIN sessions s ON s.id = t.session_id WHERE t.id = $1`,
        [presented.id],
      );
      const row = rows[0];
      if (!row || !row.secret_hash.equals(presented.secretHash) || row.user_id !== actor.userId)
        throw IdentityErrors.invalidRefreshToken();
      await this.revokeSession(tx, row.session_id, 'logout');
    });
  }

  private async revokeSession(tx: EntityManager, sessionId: string, why: string): Promise<void> {
    await tx.query(
      'UPDATE sessions SET revoked_at = now(), revoked_why = $2 WHERE id = $1 AND revoked_at IS NULL',
      [sessionId, why],
    );
  }

  private async issue(tx: EntityManager, claims: AccessClaims): Promise<TokenPair> {
    const refresh = this.tokens.newRefreshToken();
    await tx.query(
      `INSERT INTO refresh_tokens (id, session_id, secret_hash, expires_at)
       SELECT $1, $2, $3, s.expires_at FROM sessions s WHERE s.id = $2`,
      [refresh.id, claims.sessionId, refresh.secretHash],
    );
    return {
      accessToken: await this.tokens.issueAccess(claims),
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: this.config.GATEWAY_ACCESS_TOKEN_TTL_SECONDS,
    };
  }

  /**
   * The actor of a bearer token: a valid signature, and a session that is still live for an
   * active account (so logout and deactivation take effect at once, not at token expiry).
   */
  async authenticate(bearer: string): Promise<AuthenticatedActor | undefined> {
    if (this.external?.claims(bearer)) return this.authenticateExternal(bearer);
    let claims: AccessClaims;
    try {
      claims = await this.tokens.verifyAccess(bearer);
    } catch {
      return undefined;
    }
    const cached = this.sessions.get(claims.sessionId, claims.userId);
    if (cached) return { ...claims, role: cached.role, twoFactor: cached.twoFactor };
    const rows = await this.dataSource.query<{ role: Role; two_factor: boolean }[]>(
      `SELECT u.role, s.two_factor FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
         AND u.status = 'active'`,
      [claims.sessionId, claims.userId],
    );
    const live = rows[0];
    if (!live) return undefined;
    this.sessions.remember(claims.sessionId, claims.userId, live.role, live.two_factor);
    // A role changed since the token was issued: the account's current role wins.
    return { ...claims, role: live.role, twoFactor: live.two_factor };
  }

  /**
   * A token of the external OpenID Connect provider: its person gets a local account the first
   * time (no password; the provider's subject as key), which an admin can deactivate like any.
   */
  private async authenticateExternal(bearer: string): Promise<AuthenticatedActor | undefined> {
    const identity = await this.external?.verify(bearer);
    if (!identity) return undefined;
    const key = `external:${identity.subject}`;
    const known = this.sessions.get(key);
    if (known && known.role === identity.role)
      return {
        userId: known.userId,
        role: identity.role,
        sessionId: 'external',
        twoFactor: identity.twoFactor,
      };
    const email = identity.email ?? `${identity.subject}`;
    const rows = await this.dataSource.query<{ id: string; status: string }[]>(
      `INSERT INTO users (id, email, email_key, full_name, role, external_subject)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (external_subject) DO UPDATE SET role = EXCLUDED.role, updated_at = now()
         WHERE users.role IS DISTINCT FROM EXCLUDED.role
       RETURNING id, status`,
      [
        uuidv7(),
        email,
        `external:${identity.subject}`,
        identity.name ?? email,
        identity.role,
        identity.subject,
      ],
    );
    const user =
      rows[0] ??
      (
        await this.dataSource.query<{ id: string; status: string }[]>(
          'SELECT id, status FROM users WHERE external_subject = $1',
          [identity.subject],
        )
      )[0];
    if (!user || user.status !== 'active') return undefined;
    this.sessions.remember(key, user.id, identity.role, false);
    // No local session: the provider's token is the credential, for its own lifetime.
    return {
      userId: user.id,
      role: identity.role,
      sessionId: 'external',
      twoFactor: identity.twoFactor,
    };
  }

  /** The time step a TOTP code matches (a step already used does not), or undefined. */
  private async checkTotp(
    secret: string,
    code: string,
    lastStep: string | null,
  ): Promise<number | undefined> {
    const result = await verifyTotp({
      secret,
      token: code,
      epochTolerance: 30,
      ...(lastStep ? { afterTimeStep: Number(lastStep) } : {}),
    }).catch(() => undefined);
    // epoch: the start of the matched 30-second period, so its RFC 6238 time step is epoch / 30.
    return result?.valid && 'epoch' in result ? Math.floor(result.epoch / 30) : undefined;
  }

  /** Starts TOTP enrolment: a new secret, not yet in force until a code confirms it. */
  async startTotp(userId: string): Promise<{ secret: string; otpauthUri: string }> {
    const rows = await this.dataSource.query<UserRow[]>('SELECT * FROM users WHERE id = $1', [
      userId,
    ]);
    const user = rows[0];
    if (!user) throw IdentityErrors.unauthenticated();
    if (user.totp_enabled) throw IdentityErrors.totpAlreadyEnabled();
    const secret = generateTotpSecret();
    await this.dataSource.query(
      'UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1',
      [userId, secret],
    );
    return {
      secret,
      otpauthUri: generateTotpUri({ issuer: 'Civic platform', label: user.email, secret }),
    };
  }

  /** Puts TOTP in force with a first code; the current session counts as two-factor. */
  async confirmTotp(actor: AccessClaims, code: string): Promise<void> {
    const rows = await this.dataSource.query<UserRow[]>('SELECT * FROM users WHERE id = $1', [
      actor.userId,
    ]);
    const user = rows[0];
    if (!user?.totp_secret) throw IdentityErrors.totpNotStarted();
    if (user.totp_enabled) throw IdentityErrors.totpAlreadyEnabled();
    const step = await this.checkTotp(user.totp_secret, code, user.totp_last_step);
    if (step === undefined) throw IdentityErrors.invalidTotp();
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        'UPDATE users SET totp_enabled = true, totp_last_step = $2, updated_at = now() WHERE id = $1',
        [actor.userId, step],
      );
      await tx.query('UPDATE sessions SET two_factor = true WHERE id = $1', [actor.sessionId]);
    });
  }

  /** Roles whose accounts must log in with a second factor (cached for a few seconds). */
  private roleSettings: { roles: Set<Role>; at: number } | undefined;

  async twoFactorRequired(role: Role): Promise<boolean> {
    if (!this.roleSettings || Date.now() - this.roleSettings.at > 5_000) {
      const rows = await this.dataSource.query<{ role: Role }[]>(
        'SELECT role FROM role_settings WHERE require_totp',
      );
      this.roleSettings = { roles: new Set(rows.map((r) => r.role)), at: Date.now() };
    }
    return this.roleSettings.roles.has(role);
  }

  async setTwoFactorRequired(role: Role, required: boolean): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO role_settings (role, require_totp) VALUES ($1, $2)
       ON CONFLICT (role) DO UPDATE SET require_totp = EXCLUDED.require_totp`,
      [role, required],
    );
    this.roleSettings = undefined;
  }

  async me(userId: string): Promise<UserView> {
    const rows = await this.dataSource.query<UserRow[]>('SELECT * FROM users WHERE id = $1', [
      userId,
    ]);
    if (!rows[0]) throw IdentityErrors.unauthenticated();
    return view(rows[0]);
  }

  /** Deactivates an account and ends all its sessions at once. */
  async deactivate(userId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const updated = await tx.query<{ id: string }[]>(
        `SELECT id FROM users WHERE id = $1 FOR UPDATE`,
        [userId],
      );
      if (updated.length === 0) throw IdentityErrors.userNotFound();
      await tx.query(`UPDATE users SET status = 'deactivated', updated_at = now() WHERE id = $1`, [
        userId,
      ]);
      await tx.query(
        `UPDATE sessions SET revoked_at = now(), revoked_why = 'account deactivated'
         WHERE user_id = $1 AND revoked_at IS NULL`,
        [userId],
      );
    });
  }
}
