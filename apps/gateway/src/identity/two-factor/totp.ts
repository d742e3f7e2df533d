import {
  generateSecret as generateTotpSecret,
  generateURI as generateTotpUri,
  verify as verifyTotp,
} from 'otplib';

/** RFC 6238 time step length. */
export const TOTP_PERIOD_SECONDS = 30;

/**
 * Whether a code that matches `matchedStep` may be used, given the last step the account
 * used: a step is good once, and never an earlier one (a code seen over a shoulder or
 * replayed from a log does not work twice). The accepted step, or undefined.
 */
export function acceptTotpStep(
  matchedStep: number | undefined,
  lastStep: number | null,
): number | undefined {
  if (matchedStep === undefined) return undefined;
  if (lastStep !== null && matchedStep <= lastStep) return undefined;
  return matchedStep;
}

/** The stored last step (a bigint column read as text). */
export const lastTotpStep = (stored: string | null): number | null =>
  stored === null ? null : Number(stored);

/** The time step a code matches now (one step of clock drift either way), or undefined. */
export async function matchingTotpStep(secret: string, code: string): Promise<number | undefined> {
  const result = await verifyTotp({
    secret,
    token: code,
    epochTolerance: TOTP_PERIOD_SECONDS,
  }).catch(() => undefined);
  // epoch: the start of the matched period, so its RFC 6238 time step is epoch / 30.
  return result?.valid && 'epoch' in result
    ? Math.floor(result.epoch / TOTP_PERIOD_SECONDS)
    : undefined;
}

/** The step a code of an account may use now (see `acceptTotpStep`), or undefined. */
export async function checkTotp(
  secret: string,
  code: string,
  lastStep: string | null,
): Promise<number | undefined> {
  return acceptTotpStep(await matchingTotpStep(secret, code), lastTotpStep(lastStep));
}

/** A new secret and the otpauth:// URI an authenticator app reads from a QR code. */
export function newTotpSecret(label: string): { secret: string; otpauthUri: string } {
  const secret = generateTotpSecret();
  return { secret, otpauthUri: generateTotpUri({ issuer: 'Civic platform', label, secret }) };
}
