import type { AccessClaims } from '../token-issuer.js';

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

/** A presented refresh token's row, with its session and account, as the database has them. */
export interface RefreshTokenState {
  secretHash: Buffer;
  used: boolean;
  tokenExpired: boolean;
  sessionLive: boolean;
  accountActive: boolean;
}

/**
 * What a presented refresh token earns. Each one works once: a spent one presented again
 * (`reused`) means it was stolen or replayed, and ends its whole session; `invalid` refuses
 * it; `rotate` spends it for a new pair.
 */
export type RefreshDecision = 'invalid' | 'reused' | 'rotate';

export function decideRefresh(
  token: RefreshTokenState | undefined,
  presentedSecretHash: Buffer,
): RefreshDecision {
  if (!token || !token.secretHash.equals(presentedSecretHash)) return 'invalid';
  if (token.used) return 'reused';
  if (token.tokenExpired || !token.sessionLive || !token.accountActive) return 'invalid';
  return 'rotate';
}
