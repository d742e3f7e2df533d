import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './boot.js';
import { publicUrlOf, SandboxConfig, webhookSecretsOf } from './config.js';

const required = {
  SANDBOX_API_KEY: 'an-api-key-of-some-length',
  SANDBOX_WEBHOOK_SECRETS: 'new-secret-0123456789,old-secret-0123456789',
};

describe("the sandbox's configuration", () => {
  it('takes the defaults of the local stack, with the secrets it is given', () => {
    const config = loadConfig(SandboxConfig, required);
    expect(config).toMatchObject({
      SANDBOX_PORT: 3100,
      SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:3000/api/v1/payments/webhooks/sandbox',
      SANDBOX_FEE_BASIS_POINTS: 140,
      SANDBOX_FEE_FIXED_MINOR: 20,
    });
    expect(webhookSecretsOf(config)).toEqual(['new-secret-0123456789', 'old-secret-0123456789']);
    expect(publicUrlOf(config)).toBe('http://127.0.0.1:3100');
    expect(
      publicUrlOf(
        loadConfig(SandboxConfig, { ...required, SANDBOX_PUBLIC_URL: 'https://pay.test/' }),
      ),
    ).toBe('https://pay.test');
  });

  it('has no default key or secret, and names every bad variable', () => {
    expect(() =>
      loadConfig(SandboxConfig, { SANDBOX_PORT: '0', SANDBOX_WEBHOOK_URL: 'ftp://x' }),
    ).toThrow(
      new ConfigError([
        { variable: 'SANDBOX_PORT', message: 'must not be less than 1' },
        {
          variable: 'SANDBOX_API_KEY',
          message: 'must be set, at least 16 characters (the local stack makes one)',
        },
        { variable: 'SANDBOX_WEBHOOK_URL', message: 'must be an http(s) URL' },
        {
          variable: 'SANDBOX_WEBHOOK_SECRETS',
          message: 'must be one or more comma-separated secrets of at least 16 characters',
        },
      ]),
    );
  });

  it('refuses a short secret among several', () => {
    expect(() =>
      loadConfig(SandboxConfig, {
        ...required,
        SANDBOX_WEBHOOK_SECRETS: 'long-enough-secret-1,short',
      }),
    ).toThrow('SANDBOX_WEBHOOK_SECRETS');
  });
});
