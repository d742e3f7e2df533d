import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '#contracts';
import type { AccountRow } from './account.js';

/**
 * The SQL of accounts (`users`). Every method works on the EntityManager it is given: the
 * transaction's, or the data source's own for a single statement.
 */
@Injectable()
export class AccountRepository {
  /** A new account, or undefined when one with this email key exists. */
  async insert(
    db: EntityManager,
    account: {
      id: string;
      email: string;
      emailKey: string;
      fullName: string;
      passwordHash: string;
      role: Role;
    },
  ): Promise<AccountRow | undefined> {
    const rows = await db.query<AccountRow[]>(
      `INSERT INTO users (id, email, email_key, full_name, password_hash, role)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (email_key) DO NOTHING
       RETURNING *`,
      [
        account.id,
        account.email,
        account.emailKey,
        account.fullName,
        account.passwordHash,
        account.role,
      ],
    );
    return rows[0];
  }

  async findByEmailKey(db: EntityManager, emailKey: string): Promise<AccountRow | undefined> {
    const rows = await db.query<AccountRow[]>('SELECT * FROM users WHERE email_key = $1', [
      emailKey,
    ]);
    return rows[0];
  }

  /** Staff accounts (every role but citizen), newest first, at most `limit`. */
  async listStaff(db: EntityManager, limit: number): Promise<AccountRow[]> {
    return db.query<AccountRow[]>(
      `SELECT * FROM users WHERE role <> 'citizen' ORDER BY created_at DESC, id LIMIT $1`,
      [limit],
    );
  }

  async findById(db: EntityManager, id: string): Promise<AccountRow | undefined> {
    const rows = await db.query<AccountRow[]>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0];
  }

  /** Locks an account's row for the rest of the transaction; false when there is none. */
  async lock(tx: EntityManager, id: string): Promise<boolean> {
    const rows = await tx.query<{ id: string }[]>('SELECT id FROM users WHERE id = $1 FOR UPDATE', [
      id,
    ]);
    return rows.length > 0;
  }

  /** Counts a failed login; `lockSeconds` > 0 locks the account that long from now. */
  async recordFailedLogin(db: EntityManager, id: string, lockSeconds: number): Promise<void> {
    await db.query(
      `UPDATE users SET failed_logins = failed_logins + 1,
         locked_until = CASE WHEN $2::int > 0 THEN now() + ($2::int * interval '1 second') ELSE locked_until END
       WHERE id = $1`,
      [id, lockSeconds],
    );
  }

  async clearFailedLogins(db: EntityManager, id: string): Promise<void> {
    await db.query(
      'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND failed_logins > 0',
      [id],
    );
  }

  async setPasswordHash(db: EntityManager, id: string, passwordHash: string): Promise<void> {
    await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  }

  async deactivate(db: EntityManager, id: string): Promise<void> {
    await db.query(`UPDATE users SET status = 'deactivated', updated_at = now() WHERE id = $1`, [
      id,
    ]);
  }

  /** A TOTP secret being enrolled (not in force yet). */
  async startTotp(db: EntityManager, id: string, secret: string): Promise<void> {
    await db.query('UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1', [
      id,
      secret,
    ]);
  }

  async enableTotp(db: EntityManager, id: string, step: number): Promise<void> {
    await db.query(
      'UPDATE users SET totp_enabled = true, totp_last_step = $2, updated_at = now() WHERE id = $1',
      [id, step],
    );
  }

  /** The last TOTP time step used: a code of that step or an earlier one no longer works. */
  async useTotpStep(db: EntityManager, id: string, step: number): Promise<void> {
    await db.query('UPDATE users SET totp_last_step = $2 WHERE id = $1', [id, step]);
  }

  /**
   * The local account of an external provider's person: made the first time, its role kept in
   * step with the provider's. Undefined when nothing changed (then `findExternal`).
   */
  async upsertExternal(
    db: EntityManager,
    account: { id: string; email: string; fullName: string; role: Role; subject: string },
  ): Promise<{ id: string; status: string } | undefined> {
    const rows = await db.query<{ id: string; status: string }[]>(
      `INSERT INTO users (id, email, email_key, full_name, role, external_subject)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (external_subject) DO UPDATE SET role = EXCLUDED.role, updated_at = now()
         WHERE users.role IS DISTINCT FROM EXCLUDED.role
       RETURNING id, status`,
      [
        account.id,
        account.email,
        `external:${account.subject}`,
        account.fullName,
        account.role,
        account.subject,
      ],
    );
    return rows[0];
  }

  async findExternal(
    db: EntityManager,
    subject: string,
  ): Promise<{ id: string; status: string } | undefined> {
    const rows = await db.query<{ id: string; status: string }[]>(
      'SELECT id, status FROM users WHERE external_subject = $1',
      [subject],
    );
    return rows[0];
  }
}
