import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { isRole, type Role } from '#contracts';

export interface ExternalTokenOptions {
  issuer: string;
  jwksUrl: string;
  audience: string;
  rolesClaim: string;
}

/** What an external provider's verified token says of its bearer. */
export interface ExternalIdentity {
  /** `<issuer>#<sub>`: the account's key in `users.external_subject`. */
  subject: string;
  email: string | undefined;
  name: string | undefined;
  role: Role;
  /** The provider says it checked a second factor (`amr` has mfa, otp or hwk). */
  twoFactor: boolean;
  expiresAt: number;
}

const SECOND_FACTORS = new Set(['mfa', 'otp', 'hwk', 'sms', 'swk']);

/**
 * Access tokens of an external OpenID Connect provider: signature from its JWKS (fetched and
 * cached by jose, refreshed when an unknown key id appears), issuer and audience checked,
 * asymmetric algorithms only; the role from a configured claim.
 */
export class ExternalTokens {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: ExternalTokenOptions) {
    this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
      timeoutDuration: 5_000,
      cooldownDuration: 30_000,
    });
  }

  /** Whether a token claims to come from the external provider (unverified: only routes it). */
  claims(token: string): boolean {
    try {
      return decodeJwt(token).iss === this.options.issuer;
    } catch {
      return false;
    }
  }

  async verify(token: string): Promise<ExternalIdentity | undefined> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'],
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      }));
    } catch {
      return undefined;
    }
    const claimed = payload[this.options.rolesClaim];
    const roles = (Array.isArray(claimed) ? claimed : [claimed]).filter(isRole);
    const role = roles[0];
    if (!role || typeof payload.sub !== 'string') return undefined;
    const amr = Array.isArray(payload.amr) ? (payload.amr as unknown[]) : [];
    return {
      subject: `${this.options.issuer}#${payload.sub}`,
      email: typeof payload.email === 'string' ? payload.email : undefined,
      name: typeof payload.name === 'string' ? payload.name : undefined,
      role,
      twoFactor: amr.some((m) => typeof m === 'string' && SECOND_FACTORS.has(m)),
      expiresAt: (payload.exp as number) * 1_000,
    };
  }
}
