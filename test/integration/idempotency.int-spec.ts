/**
 * Idempotent commands against the real gateway and audit processes, NATS and PostgreSQL: the
 * same `Idempotency-Key` and body replay the first answer and the command acts once (rows
 * counted), another body is 422, twenty at once act once, a kept answer survives a restart of
 * the gateway, and a gateway killed after the audit service committed a command but before it
 * answered leaves a key whose retry still acts once (the service's request key), and so does
 * one killed after its own identity command (creating an account) committed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hash } from '@node-rs/argon2';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { PERMIT_APPLICATION_SUBMITTED_V1 } from '#contracts';
import type { ManagedProcess } from '#devstack';
import { buildEnvelope, connectNats } from '#platform';
import { eventually, testEnv } from '#testing';
import { keyPem, startTestApp } from '../factories/apps.js';
import { submittedEvent } from '../factories/events.js';
import { expectProblem, startGateway, type Gateway, type Reply } from '../factories/gateway.js';

const TREE_HEADS = 'POST /api/v1/audit/tree-heads';
const CREATE_USER = 'POST /api/v1/users';

/** A request with an optional `Idempotency-Key`; the body and headers as answered. */
async function send(
  gateway: Gateway,
  path: string,
  options: { key?: string; token?: string; body?: unknown },
): Promise<Reply & { text: string }> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    text,
  };
}

describe('idempotent commands: Idempotency-Key at the gateway, request keys in the services', () => {
  let gateway: Gateway;
  let audit: ManagedProcess;
  let identityDb: pg.Client;
  let auditDb: pg.Client;
  let nc: NatsConnection;
  let adminToken: string;
  let auditorToken: string;
  const password = 'correct horse battery staple';

  const newStaff = (tag: string, fullName = `Staff ${tag}`) => ({
    email: `${tag}.${randomUUID().slice(0, 8)}@city.example`,
    password,
    fullName,
    role: 'clerk',
  });

  const usersWithEmail = async (email: string): Promise<number> =>
    Number(
      (
        await identityDb.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE email = $1', [
          email,
        ])
      ).rows[0]?.n,
    );

  const treeHeads = async (): Promise<number> =>
    Number((await auditDb.query<{ n: string }>('SELECT count(*) AS n FROM tree_heads')).rows[0]?.n);

  const login = async (email: string): Promise<string> => {
    const reply = await fetch(`${gateway.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(reply.status).toBe(200);
    return ((await reply.json()) as { accessToken: string }).accessToken;
  };

  /** Appends `count` events to the audit log and waits until they are in it. */
  const growLog = async (count: number): Promise<void> => {
    const js = jetstream(nc);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = randomUUID();
      const event = buildEnvelope('permits', submittedEvent(id, 'idempotency.test'), 1, id);
      ids.push(event.id);
      await js.publish(PERMIT_APPLICATION_SUBMITTED_V1, JSON.stringify(event), {
        msgID: event.id,
      });
    }
    await eventually(
      async () => {
        const rows = await auditDb.query<{ n: string }>(
          'SELECT count(*) AS n FROM audit_entries WHERE event_id = ANY($1::uuid[])',
          [ids],
        );
        return Number(rows.rows[0]?.n) === ids.length ? true : undefined;
      },
      60_000,
      'events in the audit log',
    );
  };

  beforeAll(async () => {
    identityDb = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=identity',
    });
    auditDb = new pg.Client({
      connectionString: testEnv().databaseUrl,
      options: '-c search_path=audit',
    });
    await identityDb.connect();
    await auditDb.connect();
    nc = await connectNats({
      name: 'itest-idempotency',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    // No heads signed on a timer: every head in this test is one a command signed.
    audit = await startTestApp('audit', {
      AUDIT_TREE_HEAD_INTERVAL_SECONDS: '3600',
      AUDIT_SIGNING_KEY: keyPem(),
    });
    gateway = await startGateway();
    const adminEmail = `admin.${randomUUID().slice(0, 8)}@city.example`;
    await identityDb.query(
      `INSERT INTO users (id, email, email_key, full_name, password_hash, role)
       VALUES ($1, $2, $2, 'First Admin', $3, 'admin')`,
      [randomUUID(), adminEmail, await hash(password)],
    );
    adminToken = await login(adminEmail);
    const auditor = { ...newStaff('auditor'), role: 'auditor' };
    expect(
      (await send(gateway, '/api/v1/users', { token: adminToken, body: auditor })).status,
    ).toBe(201);
    auditorToken = await login(auditor.email);
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await audit?.stop('SIGTERM', 15_000);
    await nc?.close();
    await identityDb?.end();
    await auditDb?.end();
  });

  it('replays the first answer to the same key and body, and the command acts once', async () => {
    const staff = newStaff('once');
    const key = randomUUID();
    const first = await send(gateway, '/api/v1/users', { key, token: adminToken, body: staff });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // The same body with its members in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(staff).reverse());
    const again = await send(gateway, '/api/v1/users', {
      key,
      token: adminToken,
      body: reordered,
    });
    expect({ status: again.status, text: again.text }).toEqual({
      status: 201,
      text: first.text,
    });
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await usersWithEmail(staff.email)).toBe(1);
    // Without the key, the repeat is a second command: refused, the account exists.
    const unkeyed = await send(gateway, '/api/v1/users', { token: adminToken, body: staff });
    expectProblem(unkeyed, 409, 'IDENTITY.EMAIL_TAKEN');
  });

  it('refuses the same key with another body (422), and acts on neither', async () => {
    const staff = newStaff('reused');
    const key = randomUUID();
    expect(
      (await send(gateway, '/api/v1/users', { key, token: adminToken, body: staff })).status,
    ).toBe(201);
    const other = newStaff('other');
    const reply = await send(gateway, '/api/v1/users', { key, token: adminToken, body: other });
    expectProblem(reply, 422, 'PLATFORM.IDEMPOTENCY_KEY_REUSED');
    expect(reply.body.errors).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key', code: 'REUSED' }),
    ]);
    expect([await usersWithEmail(staff.email), await usersWithEmail(other.email)]).toEqual([1, 0]);
    // The key names a command on its path: on another path it is another command.
    const otherPath = await send(gateway, `/api/v1/users/${randomUUID()}/deactivate`, {
      key,
      token: adminToken,
    });
    expectProblem(otherPath, 404, 'IDENTITY.USER_NOT_FOUND');
  });

  it('keeps no answer to a request that failed validation: the key may be used again', async () => {
    const key = randomUUID();
    const { password: _missing, ...incomplete } = newStaff('invalid');
    const refused = await send(gateway, '/api/v1/users', {
      key,
      token: adminToken,
      body: incomplete,
    });
    expectProblem(refused, 422, 'VALIDATION_FAILED');
    const staff = newStaff('corrected');
    const created = await send(gateway, '/api/v1/users', { key, token: adminToken, body: staff });
    expect(created.status).toBe(201);
    expect(await usersWithEmail(staff.email)).toBe(1);
  });

  it('acts once for twenty concurrent requests with one key: the others 409 or the replay', async () => {
    const staff = newStaff('concurrent');
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        send(gateway, '/api/v1/users', { key, token: adminToken, body: staff }),
      ),
    );
    const created = replies.filter((r) => r.status === 201);
    const inFlight = replies.filter((r) => r.status === 409);
    expect(created.length + inFlight.length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.text)).size).toBe(1);
    expect(created.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    for (const reply of inFlight) {
      expectProblem(reply, 409, 'PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT');
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(await usersWithEmail(staff.email)).toBe(1);
    // Once the first has answered, a retry gets its answer.
    const retry = await send(gateway, '/api/v1/users', { key, token: adminToken, body: staff });
    expect({ status: retry.status, text: retry.text }).toEqual({
      status: 201,
      text: created[0]?.text,
    });
  });

  it('replays a kept answer after the gateway restarts', async () => {
    const staff = newStaff('restart');
    const key = randomUUID();
    const first = await send(gateway, '/api/v1/users', { key, token: adminToken, body: staff });
    expect(first.status).toBe(201);
    await gateway.process.stop('SIGTERM', 15_000);
    gateway = await startGateway();
    const again = await send(gateway, '/api/v1/users', { key, token: adminToken, body: staff });
    expect({ status: again.status, text: again.text }).toEqual({ status: 201, text: first.text });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await usersWithEmail(staff.email)).toBe(1);
  });

  it('refuses a key on a route that takes none, and a malformed key', async () => {
    const login = await send(gateway, '/api/v1/auth/login', {
      key: randomUUID(),
      body: { email: 'nobody@city.example', password },
    });
    expectProblem(login, 422, 'VALIDATION_FAILED');
    expect(login.body.errors).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key', code: 'NOT_ACCEPTED' }),
    ]);
    const malformed = await send(gateway, '/api/v1/users', {
      key: 'not a key!',
      token: adminToken,
      body: newStaff('malformed'),
    });
    expectProblem(malformed, 422, 'VALIDATION_FAILED');
    expect(malformed.body.errors).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key', code: 'MATCHES' }),
    ]);
  });

  it('documents the header on exactly the routes that take it, with its status', async () => {
    const document = (await (await fetch(`${gateway.url}/api/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { in: string; name: string; required?: boolean }[];
            responses: Record<string, unknown>;
          }
        >
      >;
    };
    const documented: Record<string, boolean> = {};
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const header = operation.parameters?.find(
          (p) => p.in === 'header' && p.name === 'Idempotency-Key',
        );
        if (!header) continue;
        documented[`${method.toUpperCase()} ${path}`] = header.required ?? false;
        // What the key may answer besides the route's own: in flight, reused or malformed.
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['409', '422']));
      }
    expect(documented).toEqual({
      'POST /api/v1/users': false,
      'POST /api/v1/users/{id}/deactivate': false,
      'POST /api/v1/auth/register': false,
      'POST /api/v1/auth/totp/confirm': false,
      'POST /api/v1/reconciliation/reports': false,
      // Payments' money-moving commands require one.
      'POST /api/v1/invoices': true,
      'POST /api/v1/invoices/{id}/cancel': true,
      'POST /api/v1/invoices/{id}/payments': true,
      // And so do its operations: refunds, tills, adjustments, reconciliation.
      'POST /api/v1/payments/{id}/refunds': true,
      'POST /api/v1/refunds/{id}/payout': true,
      'POST /api/v1/till-sessions': true,
      'POST /api/v1/till-sessions/{id}/payments': true,
      'POST /api/v1/till-sessions/{id}/close': true,
      'POST /api/v1/invoices/{id}/adjustments': true,
      'POST /api/v1/adjustments/{id}/approve': true,
      'POST /api/v1/adjustments/{id}/reject': true,
      'POST /api/v1/reconciliation/discrepancies/{id}/resolve': true,
      [TREE_HEADS]: false,
      // The permits catalogue's admin commands.
      'POST /api/v1/permit-types': false,
      'PUT /api/v1/permit-types/{code}': false,
      'PUT /api/v1/calendar/holidays/{year}': false,
      'PUT /api/v1/calendar/settings': false,
      // Permit applications and their case work: a decision requires one.
      'POST /api/v1/applications': false,
      'POST /api/v1/applications/{id}/decisions': true,
      // Conditions of approval and holds require one too.
      'POST /api/v1/applications/{id}/conditions': true,
      'POST /api/v1/applications/{id}/conditions/{conditionId}/met': true,
      'POST /api/v1/applications/{id}/hold': true,
      'POST /api/v1/applications/{id}/release': true,
      'POST /api/v1/applications/{id}/documents': false,
      'POST /api/v1/applications/{id}/inspections': false,
      'POST /api/v1/applications/{id}/messages': false,
      'POST /api/v1/applications/{id}/notes': false,
      'POST /api/v1/applications/{id}/resubmit': false,
      'POST /api/v1/applications/{id}/submit': false,
      'POST /api/v1/applications/{id}/withdraw': false,
      'POST /api/v1/inspections/{id}/result': false,
      'POST /api/v1/tasks/{id}/claim': false,
      'POST /api/v1/tasks/{id}/reassign': false,
      // An issued permit's life: a revocation requires one.
      'POST /api/v1/permits/{permitNumber}/revoke': true,
      'POST /api/v1/permits/{permitNumber}/renew': false,
      // Complaints (citizens, reporters, staff) and Open311 API keys.
      'POST /api/v1/complaints': false,
      'POST /api/v1/complaints/cases/{id}/assign': false,
      'POST /api/v1/complaints/cases/{id}/duplicate': false,
      'POST /api/v1/complaints/cases/{id}/duplicate/dismiss': false,
      'POST /api/v1/complaints/cases/{id}/moderation': false,
      'POST /api/v1/complaints/cases/{id}/notes': false,
      'POST /api/v1/complaints/cases/{id}/status': false,
      'POST /api/v1/complaints/{id}/feedback': false,
      'POST /api/v1/complaints/{id}/feedback/anonymous': false,
      'POST /api/v1/complaints/{id}/follow': false,
      'POST /api/v1/complaints/{id}/reopen': false,
      'POST /api/v1/complaints/{id}/reopen/anonymous': false,
      'POST /api/v1/open311/api-keys/{id}/revoke': false,
      'POST /open311/v2/requests.json': false,
      'POST /open311/v2/requests.xml': false,
      'PUT /api/v1/complaints/catalogue/{serviceCode}': false,
      'PUT /api/v1/complaints/templates/{status}/{lang}': false,
      // A supervisor's what-if job.
      'POST /api/v1/what-if': false,
      // The assisted channel: a clerk files for a walk-in applicant (one-time codes are never
      // kept: a replay shows them as null).
      'POST /api/v1/assisted/accounts': false,
      'POST /api/v1/assisted/accounts/{accountId}/claim-code': false,
      'POST /api/v1/assisted/delegations': false,
      'POST /api/v1/assisted/delegations/{delegationId}/applications': false,
      'POST /api/v1/assisted/delegations/{delegationId}/applications/{id}/documents': false,
      'POST /api/v1/assisted/delegations/{delegationId}/applications/{id}/submit': false,
      'POST /api/v1/assisted/delegations/{delegationId}/end': false,
      'POST /api/v1/auth/claim': false,
      'POST /api/v1/me/assist-codes': false,
      'POST /api/v1/me/delegations/{delegationId}/end': false,
    });
  });

  it('acts once when the gateway is killed after the service committed, before it answered', async () => {
    await growLog(3);
    const before = await treeHeads();
    // A second gateway that dies (SIGKILL) once the audit service has signed and answered,
    // before it answers the client or keeps the answer; its key's lease is short.
    const doomed = await startGateway({
      GATEWAY_FAULT_KILL_BEFORE_ANSWER: TREE_HEADS,
      GATEWAY_IDEMPOTENCY_LEASE_SECONDS: '2',
    });
    const key = randomUUID();
    await expect(
      send(doomed, '/api/v1/audit/tree-heads', { key, token: auditorToken }),
    ).rejects.toThrow();
    await eventually(
      () => Promise.resolve(doomed.process.hasExited ? true : undefined),
      30_000,
      'the gateway killed',
    );
    expect(await treeHeads()).toBe(before + 1);
    const signed = (
      await auditDb.query<{ tree_size: string }>(
        'SELECT tree_size FROM tree_heads ORDER BY tree_size DESC LIMIT 1',
      )
    ).rows[0]?.tree_size;
    // The log grows: the same command run anew would sign another head.
    await growLog(2);
    // The retry, through the surviving gateway: 409 while the dead one's lease lasts, then
    // the service's recorded reply (the head signed before the kill), no second head.
    const retry = await eventually(
      async () => {
        const reply = await send(gateway, '/api/v1/audit/tree-heads', {
          key,
          token: auditorToken,
        });
        const inFlight =
          reply.status === 409 && reply.body.code === 'PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT';
        return inFlight ? undefined : reply;
      },
      60_000,
      "the dead gateway's lease to end",
    );
    expect(retry.status).toBe(200);
    expect(retry.body.treeSize).toBe(Number(signed));
    expect(await treeHeads()).toBe(before + 1);
    // From now on the gateway replays it; without a key the command acts again.
    const replay = await send(gateway, '/api/v1/audit/tree-heads', { key, token: auditorToken });
    expect({ status: replay.status, text: replay.text }).toEqual({ status: 200, text: retry.text });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const fresh = await send(gateway, '/api/v1/audit/tree-heads', { token: auditorToken });
    expect(fresh.status).toBe(200);
    expect(fresh.body.treeSize).toBeGreaterThan(Number(signed));
    expect(await treeHeads()).toBe(before + 2);
  });

  it('acts once when the gateway is killed after its own command (an account) committed', async () => {
    // The gateway is the identity service: POST /api/v1/users commits in its own schema. One
    // that dies (SIGKILL) once the account is created, before it answers or keeps the answer.
    const doomed = await startGateway({
      GATEWAY_FAULT_KILL_BEFORE_ANSWER: CREATE_USER,
      GATEWAY_IDEMPOTENCY_LEASE_SECONDS: '2',
    });
    const staff = newStaff('killed');
    const key = randomUUID();
    await expect(
      send(doomed, '/api/v1/users', { key, token: adminToken, body: staff }),
    ).rejects.toThrow();
    await eventually(
      () => Promise.resolve(doomed.process.hasExited ? true : undefined),
      30_000,
      'the gateway killed',
    );
    const created = (
      await identityDb.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [staff.email])
    ).rows;
    expect(created).toHaveLength(1);
    // The retry, through a fresh gateway: 409 while the dead one's lease lasts, then the first
    // 201 (the reply recorded with the account), not 409 EMAIL_TAKEN, and no second account.
    const fresh = await startGateway();
    try {
      const retry = await eventually(
        async () => {
          const reply = await send(fresh, '/api/v1/users', { key, token: adminToken, body: staff });
          const inFlight =
            reply.status === 409 && reply.body.code === 'PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT';
          return inFlight ? undefined : reply;
        },
        60_000,
        "the dead gateway's lease to end",
      );
      expect({ status: retry.status, body: retry.body }).toMatchObject({
        status: 201,
        body: { id: created[0]?.id, email: staff.email, role: 'clerk' },
      });
      expect(await usersWithEmail(staff.email)).toBe(1);
      const replay = await send(fresh, '/api/v1/users', { key, token: adminToken, body: staff });
      expect({ status: replay.status, text: replay.text }).toEqual({
        status: 201,
        text: retry.text,
      });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await usersWithEmail(staff.email)).toBe(1);
    } finally {
      await fresh.process.stop('SIGTERM', 15_000);
    }
  });
});
