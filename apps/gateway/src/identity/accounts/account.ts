import type { Role } from '#contracts';

/**
 * `unclaimed`: created by a clerk for a walk-in person (assisted channel), without a password,
 * until the person claims it with their one-time code.
 */
export type AccountStatus = 'active' | 'deactivated' | 'unclaimed';

/** An account as the `users` table holds it. */
export interface AccountRow {
  id: string;
  email: string;
  full_name: string;
  password_hash: string | null;
  role: Role;
  status: AccountStatus;
  failed_logins: number;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: string | null;
  created_at: Date;
}

/** What the API shows of an account. */
export interface AccountView {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  status: AccountStatus;
  createdAt: string;
}

/** Lower-case, trimmed: what makes two spellings of one address the same account. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

export const accountView = (a: AccountRow): AccountView => ({
  id: a.id,
  email: a.email,
  fullName: a.full_name,
  role: a.role,
  status: a.status,
  createdAt: a.created_at.toISOString(),
});

/** How failed logins lock an account (GATEWAY_LOGIN_MAX_FAILURES, GATEWAY_LOCKOUT_SECONDS). */
export interface LockoutPolicy {
  maxFailures: number;
  lockoutSeconds: number;
}

/** No lock lasts longer than an hour, however many failures. */
export const MAX_LOCK_SECONDS = 3_600;

/**
 * The lock a failed login earns: none below the limit; the n-th failure past it (n = 0 at the
 * limit) locks for 2^n times the base, at most an hour.
 */
export function lockAfterFailure(
  failedLogins: number,
  policy: LockoutPolicy,
): { failures: number; lockSeconds: number } {
  const failures = failedLogins + 1;
  const over = failures - policy.maxFailures;
  const lockSeconds = over >= 0 ? Math.min(MAX_LOCK_SECONDS, policy.lockoutSeconds * 2 ** over) : 0;
  return { failures, lockSeconds };
}

/** Seconds an account stays locked at `now` (rounded up), or undefined when it is not. */
export function lockedFor(lockedUntil: Date | null, now: number): number | undefined {
  if (!lockedUntil || lockedUntil.getTime() <= now) return undefined;
  return Math.ceil((lockedUntil.getTime() - now) / 1_000);
}
