import { Inject, Injectable } from '@nestjs/common';
import { IdentityErrors } from '#contracts';
import type { GatewayConfig } from '../../config.js';
import { GATEWAY_CONFIG } from '../../gateway.tokens.js';

/** Attempts on one account in the current minute. */
export interface AttemptWindow {
  count: number;
  since: number;
}

export const ATTEMPT_WINDOW_MS = 60_000;

/**
 * One more attempt on an account: the window it leaves, and, past `limit` attempts in the
 * window, the seconds until the window ends (the attempt is refused).
 */
export function decideAttempt(
  window: AttemptWindow | undefined,
  now: number,
  limit: number,
): { window: AttemptWindow; refusedForSeconds?: number } {
  if (!window || now - window.since >= ATTEMPT_WINDOW_MS)
    return { window: { count: 1, since: now } };
  const next = { count: window.count + 1, since: window.since };
  if (next.count <= limit) return { window: next };
  return {
    window: next,
    refusedForSeconds: Math.ceil((window.since + ATTEMPT_WINDOW_MS - now) / 1_000),
  };
}

/**
 * Refuses more than GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE login or registration attempts on
 * one account (this replica's share), whatever the client's address.
 */
@Injectable()
export class AccountAttempts {
  private readonly windows = new Map<string, AttemptWindow>();

  constructor(
    @Inject(GATEWAY_CONFIG)
    private readonly config: Pick<GatewayConfig, 'GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE'>,
  ) {}

  /** Counts an attempt on `key` (an email key); throws IDENTITY.ACCOUNT_RATE_LIMITED past the limit. */
  count(key: string): void {
    if (this.windows.size > 100_000) this.windows.clear();
    const now = Date.now();
    const { window, refusedForSeconds } = decideAttempt(
      this.windows.get(key),
      now,
      this.config.GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE,
    );
    this.windows.set(key, window);
    if (refusedForSeconds !== undefined) throw IdentityErrors.accountRateLimited(refusedForSeconds);
  }
}
