import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type IdentityDocumentKind = 'passport' | 'national_id_card' | 'driving_licence';
export const IDENTITY_DOCUMENT_KINDS: readonly IdentityDocumentKind[] = [
  'passport',
  'national_id_card',
  'driving_licence',
];

export type DelegationVia = 'new_account' | 'assist_code';

export interface ClaimCodeRow {
  user_id: string;
  code_hash: string;
  issued_by: string;
  expires_at: Date;
  attempts: number;
  used_at: Date | null;
}

/** An account made at the counter, as a reissue of its claim code needs it. */
export interface AssistedAccountRow {
  user_id: string;
  status: 'active' | 'deactivated' | 'unclaimed';
  document_kind: IdentityDocumentKind;
  document_end: string;
  claimed_at: Date | null;
}

export interface AssistCodeRow {
  id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
}

export interface DelegationRow {
  id: string;
  clerk_id: string;
  applicant_id: string;
  via: DelegationVia;
  granted_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  ended_by: 'clerk' | 'holder' | null;
}

/** Who asks about a delegation: its clerk, or the person it is for. */
export type DelegationParty =
  { as: 'clerk'; clerkId: string } | { as: 'holder'; applicantId: string };

/**
 * The SQL of the assisted channel (`assisted_accounts`, `claim_codes`, `assist_codes`,
 * `delegations`), on the EntityManager it is given.
 */
@Injectable()
export class AssistedRepository {
  /** An account without a password, `unclaimed`; undefined when the email has one. */
  async insertUnclaimedAccount(
    tx: EntityManager,
    account: { id: string; email: string; emailKey: string; fullName: string },
  ): Promise<{ id: string } | undefined> {
    const rows = await tx.query<{ id: string }[]>(
      `INSERT INTO users (id, email, email_key, full_name, role, status)
       VALUES ($1, $2, $3, $4, 'citizen', 'unclaimed')
       ON CONFLICT (email_key) DO NOTHING
       RETURNING id`,
      [account.id, account.email, account.emailKey, account.fullName],
    );
    return rows[0];
  }

  async insertAssistedAccount(
    tx: EntityManager,
    row: {
      userId: string;
      createdBy: string;
      documentKind: IdentityDocumentKind;
      documentEnd: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO assisted_accounts (user_id, created_by, document_kind, document_end)
       VALUES ($1, $2, $3, $4)`,
      [row.userId, row.createdBy, row.documentKind, row.documentEnd],
    );
  }

  async createdBy(db: EntityManager, userId: string): Promise<string | undefined> {
    const rows = await db.query<{ created_by: string }[]>(
      'SELECT created_by FROM assisted_accounts WHERE user_id = $1',
      [userId],
    );
    return rows[0]?.created_by;
  }

  /**
   * The account made at the counter (undefined for any other account), with its status;
   * `lock` holds it until the transaction ends (a reissue against a claim at the same time).
   */
  async findAssistedAccount(
    db: EntityManager,
    userId: string,
    options: { lock?: boolean } = {},
  ): Promise<AssistedAccountRow | undefined> {
    const rows = await db.query<AssistedAccountRow[]>(
      `SELECT a.user_id, u.status, a.document_kind, a.document_end, a.claimed_at
       FROM assisted_accounts a JOIN users u ON u.id = a.user_id
       WHERE a.user_id = $1${options.lock ? ' FOR UPDATE OF a, u' : ''}`,
      [userId],
    );
    return rows[0];
  }

  /** A clerk's check of the identity document a person shows, matched or not. */
  async insertDocumentCheck(
    tx: EntityManager,
    row: {
      id: string;
      userId: string;
      clerkId: string;
      documentKind: IdentityDocumentKind;
      documentEnd: string;
      matched: boolean;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO identity_document_checks
         (id, user_id, clerk_id, purpose, document_kind, document_end, matched)
       VALUES ($1, $2, $3, 'claim_code_reissue', $4, $5, $6)`,
      [row.id, row.userId, row.clerkId, row.documentKind, row.documentEnd, row.matched],
    );
  }

  /** The account's claim code (a new one replaces the old, its attempts back to zero). */
  async putClaimCode(
    tx: EntityManager,
    row: { userId: string; codeHash: string; issuedBy: string; ttlHours: number },
  ): Promise<Date> {
    const rows = await tx.query<{ expires_at: Date }[]>(
      `INSERT INTO claim_codes (user_id, code_hash, issued_by, expires_at)
       VALUES ($1, $2, $3, now() + ($4::int * interval '1 hour'))
       ON CONFLICT (user_id) DO UPDATE SET code_hash = EXCLUDED.code_hash,
         issued_by = EXCLUDED.issued_by, issued_at = now(), expires_at = EXCLUDED.expires_at,
         attempts = 0
       RETURNING expires_at`,
      [row.userId, row.codeHash, row.issuedBy, row.ttlHours],
    );
    return (rows[0] as { expires_at: Date }).expires_at;
  }

  async findClaimCode(db: EntityManager, userId: string): Promise<ClaimCodeRow | undefined> {
    const rows = await db.query<ClaimCodeRow[]>('SELECT * FROM claim_codes WHERE user_id = $1', [
      userId,
    ]);
    return rows[0];
  }

  /** Counts a wrong claim code; answers the attempts so far. */
  async countClaimAttempt(db: EntityManager, userId: string): Promise<number> {
    const [rows] = await db.query<[{ attempts: number }[], number]>(
      'UPDATE claim_codes SET attempts = attempts + 1 WHERE user_id = $1 RETURNING attempts',
      [userId],
    );
    return rows[0]?.attempts ?? 0;
  }

  /**
   * The claim: the password set, the account active, the code used, once (false when another
   * claim came first).
   */
  async claim(tx: EntityManager, userId: string, passwordHash: string): Promise<boolean> {
    // TypeORM answers a raw UPDATE … RETURNING as `[rows, count]`.
    const [, used] = await tx.query<[unknown[], number]>(
      `UPDATE claim_codes SET used_at = now() WHERE user_id = $1 AND used_at IS NULL
       RETURNING user_id`,
      [userId],
    );
    if (used === 0) return false;
    await tx.query(
      `UPDATE users SET password_hash = $2, status = 'active', failed_logins = 0,
         locked_until = NULL, updated_at = now()
       WHERE id = $1 AND status = 'unclaimed'`,
      [userId, passwordHash],
    );
    await tx.query('UPDATE assisted_accounts SET claimed_at = now() WHERE user_id = $1', [userId]);
    return true;
  }

  /** A new assist code of the account; its earlier unused ones stop working. */
  async insertAssistCode(
    tx: EntityManager,
    row: { id: string; userId: string; codeHash: Buffer; ttlSeconds: number },
  ): Promise<Date> {
    await tx.query(
      `UPDATE assist_codes SET expires_at = least(expires_at, now())
       WHERE user_id = $1 AND used_at IS NULL`,
      [row.userId],
    );
    const rows = await tx.query<{ expires_at: Date }[]>(
      `INSERT INTO assist_codes (id, user_id, code_hash, expires_at)
       VALUES ($1, $2, $3, now() + ($4::int * interval '1 second'))
       RETURNING expires_at`,
      [row.id, row.userId, row.codeHash, row.ttlSeconds],
    );
    return (rows[0] as { expires_at: Date }).expires_at;
  }

  async findAssistCode(
    tx: EntityManager,
    codeHash: Buffer,
  ): Promise<(AssistCodeRow & { expired: boolean; account_status: string }) | undefined> {
    const rows = await tx.query<(AssistCodeRow & { expired: boolean; account_status: string })[]>(
      `SELECT c.id, c.user_id, c.expires_at, c.used_at, c.expires_at <= now() AS expired,
              u.status AS account_status
       FROM assist_codes c JOIN users u ON u.id = c.user_id
       WHERE c.code_hash = $1 FOR UPDATE OF c`,
      [codeHash],
    );
    return rows[0];
  }

  async useAssistCode(tx: EntityManager, id: string, clerkId: string): Promise<void> {
    await tx.query('UPDATE assist_codes SET used_at = now(), used_by = $2 WHERE id = $1', [
      id,
      clerkId,
    ]);
  }

  async insertDelegation(
    tx: EntityManager,
    row: {
      id: string;
      clerkId: string;
      applicantId: string;
      via: DelegationVia;
      ttlMinutes: number;
    },
  ): Promise<DelegationRow> {
    const rows = await tx.query<DelegationRow[]>(
      `INSERT INTO delegations (id, clerk_id, applicant_id, via, expires_at)
       VALUES ($1, $2, $3, $4, now() + ($5::int * interval '1 minute'))
       RETURNING *`,
      [row.id, row.clerkId, row.applicantId, row.via, row.ttlMinutes],
    );
    return rows[0] as DelegationRow;
  }

  /** The delegation, when it is this clerk's and still live, for an account that is not closed. */
  async findLiveDelegation(
    db: EntityManager,
    id: string,
    clerkId: string,
  ): Promise<DelegationRow | undefined> {
    const rows = await db.query<DelegationRow[]>(
      `SELECT d.* FROM delegations d JOIN users u ON u.id = d.applicant_id
       WHERE d.id = $1 AND d.clerk_id = $2 AND d.expires_at > now() AND d.ended_at IS NULL
         AND u.status IN ('active', 'unclaimed')`,
      [id, clerkId],
    );
    return rows[0];
  }

  /**
   * The delegation when it is the party's (its clerk's, or for the person's account), locked,
   * with whether it is still live; undefined when it is not theirs.
   */
  async findForParty(
    tx: EntityManager,
    id: string,
    party: DelegationParty,
  ): Promise<(DelegationRow & { live: boolean }) | undefined> {
    const rows = await tx.query<(DelegationRow & { live: boolean })[]>(
      `SELECT d.*, (d.ended_at IS NULL AND d.expires_at > now()) AS live FROM delegations d
       WHERE d.id = $1 AND ${party.as === 'clerk' ? 'd.clerk_id' : 'd.applicant_id'} = $2
       FOR UPDATE`,
      [id, party.as === 'clerk' ? party.clerkId : party.applicantId],
    );
    return rows[0];
  }

  /** Ends a live delegation (found by `findForParty`). */
  async end(tx: EntityManager, id: string, endedBy: 'clerk' | 'holder'): Promise<void> {
    await tx.query(
      `UPDATE delegations SET ended_at = now(), ended_by = $2 WHERE id = $1 AND ended_at IS NULL`,
      [id, endedBy],
    );
  }

  /** The live delegations on a person's account, the newest first. */
  async listLiveForApplicant(db: EntityManager, applicantId: string): Promise<DelegationRow[]> {
    return db.query<DelegationRow[]>(
      `SELECT * FROM delegations
       WHERE applicant_id = $1 AND ended_at IS NULL AND expires_at > now()
       ORDER BY granted_at DESC, id`,
      [applicantId],
    );
  }
}

export interface DelegationView {
  id: string;
  applicantId: string;
  via: DelegationVia;
  grantedAt: string;
  expiresAt: string;
}

export const delegationView = (d: DelegationRow): DelegationView => ({
  id: d.id,
  applicantId: d.applicant_id,
  via: d.via,
  grantedAt: d.granted_at.toISOString(),
  expiresAt: d.expires_at.toISOString(),
});
