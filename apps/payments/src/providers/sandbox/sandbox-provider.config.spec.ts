import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '#platform';
import { PaymentsConfig } from '../../config.js';
import { sandboxProviderFromConfig } from './sandbox-provider.config.js';

describe('the sandbox provider from the payments configuration', () => {
  it('defaults to the local stack’s sandbox, with no key or secret of its own', () => {
    const config = loadConfig('payments', PaymentsConfig, {});
    expect(config).toMatchObject({
      PAYMENTS_SANDBOX_URL: 'http://127.0.0.1:3100',
      PAYMENTS_SANDBOX_API_KEY: '',
      PAYMENTS_SANDBOX_WEBHOOK_SECRETS: '',
      PAYMENTS_SANDBOX_TIMEOUT_MS: 10_000,
    });
    expect(sandboxProviderFromConfig(config).name).toBe('sandbox');
  });

  it('is refused in production without its key and webhook secrets', () => {
    const config = loadConfig('payments', PaymentsConfig, { NODE_ENV: 'production' });
    expect(() => sandboxProviderFromConfig(config)).toThrow(
      'PAYMENTS_SANDBOX_API_KEY and PAYMENTS_SANDBOX_WEBHOOK_SECRETS must be set in production',
    );
    const complete = loadConfig('payments', PaymentsConfig, {
      NODE_ENV: 'production',
      PAYMENTS_SANDBOX_API_KEY: 'a-key-from-the-secret-store',
      PAYMENTS_SANDBOX_WEBHOOK_SECRETS: 'whsec-0123456789abcdef',
    });
    expect(sandboxProviderFromConfig(complete).name).toBe('sandbox');
  });

  it('takes two webhook secrets while one is rotated, and refuses a short one', () => {
    expect(
      loadConfig('payments', PaymentsConfig, {
        PAYMENTS_SANDBOX_WEBHOOK_SECRETS: 'whsec-new-0123456789,whsec-old-0123456789',
      }).PAYMENTS_SANDBOX_WEBHOOK_SECRETS,
    ).toBe('whsec-new-0123456789,whsec-old-0123456789');
    expect(() =>
      loadConfig('payments', PaymentsConfig, { PAYMENTS_SANDBOX_WEBHOOK_SECRETS: 'short' }),
    ).toThrow(ConfigError);
  });
});
