import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '#contracts';
import type { RefreshTokenState } from './session.js';

/**
 * The SQL of sessions and their refresh tokens. Every method works on the EntityManager it is
 * given: the transaction's, or the data source's own for a single statement.
 */
@Injectable()
export class SessionRepository {
  async insert(
    tx: EntityManager,
    session: { id: string; accountId: string; ttlDays: number; twoFactor: boolean },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO sessions (id, user_id, expires_at, two_factor)
       VALUES ($1, $2, now() + ($3::int * interval '1 day'), $4)`,
      [session.id, session.accountId, session.ttlDays, session.twoFactor],
    );
  }

  /** A refresh token of a session; it expires with the session. */
  async insertRefreshToken(
    tx: EntityManager,
    token: { id: string; sessionId: string; secretHash: Buffer },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO refresh_tokens (id, session_id, secret_hash, expires_at)
       SELECT $1, $2, $3, s.expires_at FROM sessions s WHERE s.id = $2`,
      [token.id, token.sessionId, token.secretHash],
    );
  }

  /**
   * A refresh token with its session and account, its row and its session's locked for the
   * rest of the transaction (two refreshes with one token: the second sees it spent).
   */
  async lockRefreshToken(
    tx: EntityManager,
    tokenId: string,
  ): Promise<
    (RefreshTokenState & { sessionId: string; accountId: string; role: Role }) | undefined
  > {
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
      [tokenId],
    );
    const row = rows[0];
    return (
      row && {
        sessionId: row.session_id,
        accountId: row.user_id,
        role: row.role,
        secretHash: row.secret_hash,
        used: row.used_at !== null,
        tokenExpired: row.token_expired,
        sessionLive: row.session_live,
        accountActive: row.status === 'active',
      }
    );
  }

  async spendRefreshToken(tx: EntityManager, tokenId: string): Promise<void> {
    await tx.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [tokenId]);
  }

  /** Whose session a refresh token belongs to. */
  async findRefreshTokenOwner(
    db: EntityManager,
    tokenId: string,
  ): Promise<{ sessionId: string; secretHash: Buffer; accountId: string } | undefined> {
    const rows = await db.query<{ session_id: string; secret_hash: Buffer; user_id: string }[]>(
      `SELECT t.session_id, t.secret_hash, s.user_id FROM refresh_tokens t
       JOIN sessions s ON s.id = t.session_id WHERE t.id = $1`,
      [tokenId],
    );
    const row = rows[0];
    return (
      row && { sessionId: row.session_id, secretHash: row.secret_hash, accountId: row.user_id }
    );
  }

  async revoke(db: EntityManager, sessionId: string, why: string): Promise<void> {
    await db.query(
      'UPDATE sessions SET revoked_at = now(), revoked_why = $2 WHERE id = $1 AND revoked_at IS NULL',
      [sessionId, why],
    );
  }

  async revokeAllOf(db: EntityManager, accountId: string, why: string): Promise<void> {
    await db.query(
      `UPDATE sessions SET revoked_at = now(), revoked_why = $2
       WHERE user_id = $1 AND revoked_at IS NULL`,
      [accountId, why],
    );
  }

  /** A session that is still live, of an active account: the account's role, its factor. */
  async findLive(
    db: EntityManager,
    sessionId: string,
    accountId: string,
  ): Promise<{ role: Role; twoFactor: boolean } | undefined> {
    const rows = await db.query<{ role: Role; two_factor: boolean }[]>(
      `SELECT u.role, s.two_factor FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
         AND u.status = 'active'`,
      [sessionId, accountId],
    );
    const row = rows[0];
    return row && { role: row.role, twoFactor: row.two_factor };
  }

  async markTwoFactor(db: EntityManager, sessionId: string): Promise<void> {
    await db.query('UPDATE sessions SET two_factor = true WHERE id = $1', [sessionId]);
  }
}
