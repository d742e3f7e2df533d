import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES } from '#contracts';
import {
  appEnvironment,
  appProcessEnvironment,
  configuredPorts,
  migrationEnvironment,
  portsEnvironment,
  sandboxProcessEnvironment,
  type AppPorts,
} from './apps.js';
import { ensureSandboxCredentials } from './payment-sandbox.js';

const ports: AppPorts = {
  gateway: 3000,
  ops: Object.fromEntries(SERVICE_NAMES.map((n) => [n, 9400])) as AppPorts['ops'],
  paymentSandbox: 3100,
};
const credentials = {
  apiKey: 'the-api-key-0123456789',
  webhookSecrets: ['whsec-0123456789abcdef'],
};
const env = appEnvironment(
  {
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/civic',
    natsUrl: 'nats://127.0.0.1:4222',
    natsCredentials: { payments: { user: 'payments', pass: 'payments-nats-secret' } },
    temporalAddress: '127.0.0.1:7233',
    ports,
    paymentSandbox: credentials,
  },
  { PATH: '/bin' },
);

describe('the payment sandbox in the local stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'civic-sandbox-spec-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('sends its webhooks to the gateway route and gives payments its URL, key and secrets', () => {
    expect(env).toMatchObject({
      SANDBOX_PORT: '3100',
      SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:3000/api/v1/payments/webhooks/sandbox',
      PAYMENTS_SANDBOX_URL: 'http://127.0.0.1:3100',
      PAYMENTS_SANDBOX_API_KEY: credentials.apiKey,
      PAYMENTS_SANDBOX_WEBHOOK_SECRETS: credentials.webhookSecrets[0],
    });
  });

  it('sends the payer back to the web UI’s return page at localhost, unless one is configured', () => {
    expect(env.PAYMENTS_RETURN_URL).toBe('http://localhost:3000/payments/{paymentId}/return');
    const configured = 'https://city.example/payments/{paymentId}/return';
    expect(
      appEnvironment(
        {
          databaseUrl: 'postgres://postgres@127.0.0.1:5432/civic',
          natsUrl: 'nats://127.0.0.1:4222',
          temporalAddress: '127.0.0.1:7233',
          ports,
          paymentSandbox: credentials,
        },
        { PAYMENTS_RETURN_URL: configured },
      ).PAYMENTS_RETURN_URL,
    ).toBe(configured);
  });

  it('shares its key and secret with payments alone among the apps', () => {
    for (const name of SERVICE_NAMES) {
      const own = JSON.stringify(appProcessEnvironment(name, env));
      expect({ name, holds: own.includes(credentials.apiKey) }).toEqual({
        name,
        holds: name === 'payments',
      });
      expect(own.includes(credentials.webhookSecrets[0] as string)).toBe(name === 'payments');
    }
    expect(JSON.stringify(migrationEnvironment(env))).not.toContain(credentials.apiKey);
  });

  it('runs the sandbox with its own variables and none of the platform’s secrets', () => {
    const sandbox = sandboxProcessEnvironment({ ...env, GATEWAY_JWT_PRIVATE_KEY: 'pem' });
    expect(sandbox).toMatchObject({
      SANDBOX_API_KEY: credentials.apiKey,
      SANDBOX_WEBHOOK_SECRETS: credentials.webhookSecrets[0],
    });
    for (const variable of [
      'GATEWAY_JWT_PRIVATE_KEY',
      'DATABASE_URL',
      'PAYMENTS_SANDBOX_API_KEY',
      'PAYMENTS_NATS_PASSWORD',
    ])
      expect(sandbox[variable]).toBeUndefined();
  });

  it('makes fresh credentials for each environment made without them', () => {
    const a = appEnvironment({ ...baseInput(), ports }, {});
    const b = appEnvironment({ ...baseInput(), ports }, {});
    expect(a.SANDBOX_API_KEY).toHaveLength(43);
    expect(a.SANDBOX_API_KEY).not.toBe(b.SANDBOX_API_KEY);
    expect(a.SANDBOX_WEBHOOK_SECRETS).not.toBe(b.SANDBOX_WEBHOOK_SECRETS);
  });

  it('keeps the local stack’s credentials in the data folder (0600), the same on every start', () => {
    const first = ensureSandboxCredentials(dataDir);
    expect(ensureSandboxCredentials(dataDir)).toEqual(first);
    expect(first.webhookSecrets).toHaveLength(1);
    expect(statSync(join(dataDir, 'payment-sandbox', 'credentials.json')).mode & 0o777).toBe(0o600);
  });

  it('moves with SANDBOX_PORT', () => {
    expect(configuredPorts({ SANDBOX_PORT: '3999' }).paymentSandbox).toBe(3999);
    expect(configuredPorts({}).paymentSandbox).toBe(3100);
    expect(portsEnvironment(ports).SANDBOX_PORT).toBe('3100');
  });
});

function baseInput() {
  return {
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/civic',
    natsUrl: 'nats://127.0.0.1:4222',
    temporalAddress: '127.0.0.1:7233',
  };
}
