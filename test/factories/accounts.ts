/** Accounts of each role on a running gateway, logged in, for tests that act as people. */
import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import type { Role } from '#contracts';
import { appEntry, repoRoot, run } from '#devstack';
import { testEnv } from '#testing';
import { call, type Gateway } from './gateway.js';

export interface Account {
  id: string;
  role: Role;
  token: string;
}

const PASSWORD = 'correct horse battery staple';

/**
 * A fresh account of `role`: a citizen registers; staff are created by an admin, the first of
 * whom is written straight into the identity schema (as the command-line tool does).
 */
export async function anAccount(gateway: Gateway, role: Role): Promise<Account> {
  const email = `${role}.${randomUUID().slice(0, 8)}@city.example`;
  if (role === 'admin') {
    const db = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=identity',
    });
    await db.connect();
    const id = randomUUID();
    try {
      await db.query(
        `INSERT INTO users (id, email, email_key, full_name, password_hash, role)
         VALUES ($1, $2, $2, 'An Admin', $3, 'admin')`,
        [id, email, await hash(PASSWORD)],
      );
    } finally {
      await db.end();
    }
    return { id, role, token: await logIn(gateway, email) };
  }
  const created =
    role === 'citizen'
      ? await call(gateway, 'POST', '/api/v1/auth/register', {
          body: { email, password: PASSWORD, fullName: 'A Citizen' },
        })
      : await call(gateway, 'POST', '/api/v1/users', {
          token: (await anAccount(gateway, 'admin')).token,
          body: { email, password: PASSWORD, fullName: `A ${role}`, role },
        });
  expect({ role, status: created.status }).toEqual({ role, status: 201 });
  return { id: created.body.id as string, role, token: await logIn(gateway, email) };
}

async function logIn(gateway: Gateway, email: string): Promise<string> {
  const reply = await call(gateway, 'POST', '/api/v1/auth/login', {
    body: { email, password: PASSWORD },
  });
  expect(reply.status).toBe(200);
  return reply.body.accessToken as string;
}

/**
 * A staff account made as an operator makes one: the gateway's command-line tool
 * (`users:create`) on the database at `databaseUrl`. Without `password` the tool makes one and
 * prints it on its last line (JSON). The tool's exit code and output, for the caller to check.
 */
export function staffFromCli(
  databaseUrl: string,
  account: { email: string; role: Role; fullName: string; password?: string },
): Promise<{ code: number; output: string }> {
  return run(
    process.execPath,
    [
      appEntry('gateway', 'cli'),
      'users:create',
      '--email',
      account.email,
      '--role',
      account.role,
      '--full-name',
      account.fullName,
      ...(account.password === undefined ? [] : ['--password', account.password]),
    ],
    { cwd: repoRoot, env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl } },
  );
}
