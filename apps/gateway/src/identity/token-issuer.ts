import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';
import {
  errors as joseErrors,
  importPKCS8,
  importSPKI,
  jwtVerify,
  SignJWT,
  type CryptoKey,
} from 'jose';
import { newId as uuidv7 } from '#platform';
import { isRole, type Role } from '#contracts';

export interface AccessClaims {
  userId: string;
  role: Role;
  sessionId: string;
}

export interface TokenIssuerOptions {
  /** PKCS#8 PEM of an Ed25519 key; empty: a fresh key for this process (not for production). */
  privateKeyPem: string;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
}

/** Why a bearer token was refused (never shown in detail to the client). */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/**
 * Signs and checks the gateway's access tokens: JWTs signed with Ed25519 (EdDSA), short-lived,
 * with issuer and audience checked; no other algorithm is accepted (`alg: none` included).
 * Refresh tokens are opaque: `<id>.<secret>`, only the secret's SHA-256 is stored.
 */
export class TokenIssuer {
  private keys: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; kid: string }>;

  constructor(private readonly options: TokenIssuerOptions) {
    this.keys = this.loadKeys();
  }

  private async loadKeys() {
    const pem =
      this.options.privateKeyPem ||
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const spki = createPublicKey(createPrivateKey(pem))
      .export({ type: 'spki', format: 'pem' })
      .toString();
    return {
      privateKey: await importPKCS8(pem, 'EdDSA'),
      publicKey: await importSPKI(spki, 'EdDSA'),
      kid: createHash('sha256').update(spki).digest('base64url').slice(0, 16),
    };
  }

  get ephemeral(): boolean {
    return !this.options.privateKeyPem;
  }

  async issueAccess(claims: AccessClaims): Promise<string> {
    const { privateKey, kid } = await this.keys;
    return new SignJWT({ role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(claims.userId)
      .setJti(uuidv7())
      .setIssuedAt()
      .setExpirationTime(`${this.options.accessTtlSeconds}s`)
      .sign(privateKey);
  }

  /**
   * Tokens whose signature and claims were checked already, until they expire: a signature is
   * verified once per token, not once per request (the session is still checked each time).
   */
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAt: number }>();

  async verifyAccess(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.claims;
    if (known) this.verified.delete(token);
    const claims = await this.verifySignature(token);
    if (this.verified.size >= 20_000) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { claims: claims.claims, expiresAt: claims.expiresAt });
    return claims.claims;
  }

  private async verifySignature(
    token: string,
  ): Promise<{ claims: AccessClaims; expiresAt: number }> {
    const { publicKey } = await this.keys;
    try {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['EdDSA'],
        requiredClaims: ['sub', 'exp', 'iat', 'role', 'sid'],
        clockTolerance: 5,
      });
      if (
        typeof payload.sub !== 'string' ||
        !isRole(payload.role) ||
        typeof payload.sid !== 'string'
      )
        throw new InvalidTokenError('claims of the wrong type');
      return {
        claims: { userId: payload.sub, role: payload.role, sessionId: payload.sid },
        expiresAt: (payload.exp as number) * 1_000,
      };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError(error.code);
      throw new InvalidTokenError('unreadable token');
    }
  }

  /** A new refresh token and what to store of it. */
  newRefreshToken(): { id: string; token: string; secretHash: Buffer } {
    const id = uuidv7();
    const secret = randomBytes(32).toString('base64url');
    return { id, token: `${id}.${secret}`, secretHash: sha256(secret) };
  }

  /** The id and secret hash of a presented refresh token, or undefined when malformed. */
  readRefreshToken(token: string): { id: string; secretHash: Buffer } | undefined {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    return match ? { id: match[1] as string, secretHash: sha256(match[2] as string) } : undefined;
  }
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();
