import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES } from '#contracts';
import {
  appEnvironment,
  appProcessEnvironment,
  migrationEnvironment,
  type AppPorts,
} from './apps.js';
import {
  NATS_ADMIN_USER,
  ensureNatsUsers,
  READ_MODELS,
  natsPasswordVariable,
  renderDeployNatsAccounts,
  servicePermissions,
} from './nats-accounts.js';
import { repoRoot } from './paths.js';

describe('the NATS permissions of each app', () => {
  it('lets permits publish only its own context events and its own dead letters', () => {
    const { publish, subscribe } = servicePermissions('permits');
    expect(publish.allow).toContain('gov.permits.>');
    expect(publish.allow).toContain('gov.dlq.permits.>');
    expect(publish.allow.filter((s) => s.startsWith('gov.'))).toEqual([
      'gov.permits.>',
      'gov.dlq.permits.>',
    ]);
    expect(publish.allow).toEqual(
      expect.arrayContaining(['_INBOX.>', '$JS.API.>', '$JS.ACK.>', 'payments.>']),
    );
    expect(publish.deny).toContain('$JS.API.STREAM.DELETE.>');
    expect(subscribe.deny).toEqual(expect.arrayContaining(['payments.>', 'identity.>']));
    expect(subscribe.deny).not.toContain('permits.>');
  });

  it.each(SERVICE_NAMES.filter((n) => !READ_MODELS.includes(n)))(
    '%s may send requests to every service',
    (name) => {
      expect(servicePermissions(name).publish.allow).toEqual(
        expect.arrayContaining(['permits.>', 'payments.>', 'complaints.>', 'audit.>']),
      );
    },
  );

  it('lets the read model (insights) publish no event and send no request, only consume and answer', () => {
    const { publish, subscribe } = servicePermissions('insights');
    expect(publish.allow).toEqual(['gov.dlq.insights.>', '_INBOX.>', '$JS.API.>', '$JS.ACK.>']);
    expect(publish.deny).toEqual(
      expect.arrayContaining(['$JS.API.STREAM.CREATE.>', '*.internal.>']),
    );
    expect(subscribe.deny).toEqual(expect.arrayContaining(['permits.>', 'payments.>']));
    expect(subscribe.deny).not.toContain('insights.>');
  });

  it.each(SERVICE_NAMES.filter((n) => n !== 'worker'))(
    '%s may not send internal requests (<context>.internal.>: workflow activities only)',
    (name) => {
      expect(servicePermissions(name).publish.deny).toContain('*.internal.>');
    },
  );

  it('lets the worker send internal requests', () => {
    expect(servicePermissions('worker').publish.deny).not.toContain('*.internal.>');
    expect(servicePermissions('worker').publish.allow).toEqual(
      expect.arrayContaining(['permits.>', 'payments.>']),
    );
  });

  it('keeps deploy/nats/accounts.conf what the code generates', () => {
    const checkedIn = readFileSync(join(repoRoot, 'deploy/nats/accounts.conf'), 'utf8');
    // Regenerate: npm run build && node dist/libs/devstack/src/cli/nats-accounts.js > deploy/nats/accounts.conf
    expect(checkedIn).toBe(renderDeployNatsAccounts());
  });

  it('makes deploy/nats/passwords.sh print every password accounts.conf reads', () => {
    const script = readFileSync(join(repoRoot, 'deploy/nats/passwords.sh'), 'utf8');
    for (const user of [NATS_ADMIN_USER, ...SERVICE_NAMES])
      expect(script).toContain(natsPasswordVariable(user));
  });
});

describe("the local stack's NATS users", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('makes them once, in a file only the owner reads, and keeps them across restarts', () => {
    dir = mkdtempSync(join(tmpdir(), 'civic-nats-users-'));
    const file = join(dir, 'users.json');
    const first = ensureNatsUsers(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.credentials.admin.user).toBe(NATS_ADMIN_USER);
    expect(Object.keys(first.credentials.services)).toEqual([...SERVICE_NAMES]);
    const passwords = [
      first.credentials.admin.pass,
      ...Object.values(first.credentials.services).map((a) => a.pass),
    ];
    expect(new Set(passwords).size).toBe(passwords.length);
    const permits = first.credentials.services.permits;
    expect(bcrypt.compareSync(permits.pass, first.hashes.permits as string)).toBe(true);

    const again = ensureNatsUsers(file);
    expect(again).toEqual(first);
  });

  it('adds a fresh password for a user missing from the file and keeps the others', () => {
    dir = mkdtempSync(join(tmpdir(), 'civic-nats-users-'));
    const file = join(dir, 'users.json');
    const first = ensureNatsUsers(file);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { users: Record<string, unknown> };
    delete stored.users.payments;
    writeFileSync(file, JSON.stringify(stored));
    const second = ensureNatsUsers(file);
    expect(second.credentials.services.permits).toEqual(first.credentials.services.permits);
    expect(second.credentials.services.payments.pass).not.toBe(
      first.credentials.services.payments.pass,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe("each app's environment", () => {
  const base = appEnvironment(
    {
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/civic',
      natsUrl: 'nats://127.0.0.1:4222',
      natsCredentials: {
        permits: { user: 'permits', pass: 'permits-secret' },
        payments: { user: 'payments', pass: 'payments-secret' },
      },
      temporalAddress: '127.0.0.1:7233',
      ports: {
        gateway: 3000,
        ops: Object.fromEntries(SERVICE_NAMES.map((n) => [n, 9400])) as AppPorts['ops'],
      },
    },
    { PATH: '/bin' },
  );

  it('holds its own NATS user and no other app password', () => {
    const env = appProcessEnvironment('permits', base);
    expect(env).toMatchObject({ NATS_USER: 'permits', NATS_PASSWORD: 'permits-secret' });
    expect(JSON.stringify(env)).not.toContain('payments-secret');
  });

  it('passes NATS_USER / NATS_PASSWORD through for an app without its own', () => {
    const env = appProcessEnvironment('audit', {
      ...base,
      NATS_USER: 'shared',
      NATS_PASSWORD: 'x',
    });
    expect(env).toMatchObject({ NATS_USER: 'shared', NATS_PASSWORD: 'x' });
    expect(JSON.stringify(env)).not.toContain('-secret');
  });

  it('gives a migration job no NATS user at all', () => {
    const env = migrationEnvironment({ ...base, NATS_USER: 'shared', NATS_PASSWORD: 'x' });
    expect(env.NATS_USER).toBeUndefined();
    expect(env.NATS_PASSWORD).toBeUndefined();
    expect(JSON.stringify(env)).not.toContain('-secret');
  });
});
