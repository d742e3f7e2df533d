import { describe, expect, it } from '@jest/globals';
import { generate, generateSecret } from 'otplib';
import { acceptTotpStep, checkTotp, matchingTotpStep, TOTP_PERIOD_SECONDS } from './totp.js';

// Given / when / then: a one-time code is good once, for a step later than the last one used.
describe('acceptTotpStep: a code matched a time step', () => {
  it('given no step used yet, when a code matches step 100, then step 100 is accepted', () => {
    expect(acceptTotpStep(100, null)).toBe(100);
  });

  it('given step 100 used, when a code of step 101 comes, then it is accepted', () => {
    expect(acceptTotpStep(101, 100)).toBe(101);
  });

  it('given step 100 used, when a code of step 100 comes again, then it is refused (replay)', () => {
    expect(acceptTotpStep(100, 100)).toBeUndefined();
  });

  it('given step 100 used, when a code of an earlier step comes, then it is refused', () => {
    expect(acceptTotpStep(99, 100)).toBeUndefined();
  });

  it('given a code that matches no step, then it is refused', () => {
    expect(acceptTotpStep(undefined, null)).toBeUndefined();
  });
});

describe('checkTotp with a real authenticator code', () => {
  it('accepts the current code once, and refuses it after its step was used', async () => {
    const secret = generateSecret();
    const code = await generate({ secret });
    const step = await matchingTotpStep(secret, code);
    expect(step).toBeDefined();
    expect(
      Math.abs((step as number) - Math.floor(Date.now() / 1_000 / TOTP_PERIOD_SECONDS)),
    ).toBeLessThanOrEqual(1);
    expect(await checkTotp(secret, code, null)).toBe(step);
    expect(await checkTotp(secret, code, String(step))).toBeUndefined();
  });

  it('refuses a code of another secret', async () => {
    const code = await generate({ secret: generateSecret() });
    expect(await checkTotp(generateSecret(), code, null)).toBeUndefined();
  });
});
