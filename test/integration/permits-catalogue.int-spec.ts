/**
 * The permits catalogue and the business calendar through the real gateway and the real
 * permits process (NATS, PostgreSQL): the seeded types read by anyone, an admin publishing a
 * type and a new version of it (the older one still readable), refusals (a non-admin 403, a bad
 * definition 422 naming the field), and calendar changes announced on the PERMITS stream.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  CALENDAR_CHANGED_V1,
  PERMIT_TYPE_PUBLISHED_V1,
  PERMITS_INTERNAL_CALENDAR_GET,
  type CalendarView,
  type CloudEvent,
  type PermitTypeView,
} from '#contracts';
import type { ManagedProcess } from '#devstack';
import { connectNats, runWithContext, ServiceClient } from '#platform';
import { eventually, testEnv } from '#testing';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';
import { anAccount, type Account } from '../factories/accounts.js';
import { startTestApp } from '../factories/apps.js';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

/** Events seen on a subject since `listen` (core NATS sees what JetStream stores). */
function listen(nc: NatsConnection, subject: string): { seen: CloudEvent[]; sub: Subscription } {
  const seen: CloudEvent[] = [];
  const sub = nc.subscribe(subject, {
    callback: (_error, msg) => {
      seen.push(msg.json<CloudEvent>());
    },
  });
  return { seen, sub };
}

const letters = (n: number): string =>
  Array.from({ length: n }, () => String.fromCharCode(65 + randomInt(26))).join('');

describe('the permits catalogue through the gateway', () => {
  let gateway: Gateway;
  let permits: ManagedProcess;
  let nc: NatsConnection;
  let worker: NatsConnection;
  let admin: Account;
  let clerk: Account;
  let citizen: Account;

  beforeAll(async () => {
    permits = await startTestApp('permits', { TEMPORAL_ADDRESS: testEnv().temporalAddress });
    gateway = await startGateway();
    nc = await connectNats({
      name: 'itest-permits-catalogue',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    worker = await connectNats({
      name: 'itest-permits-worker',
      servers: testEnv().natsUrl,
      auth: testEnv().serviceNatsAuth('worker'),
    });
    [admin, clerk, citizen] = await Promise.all([
      anAccount(gateway, 'admin'),
      anAccount(gateway, 'clerk'),
      anAccount(gateway, 'citizen'),
    ]);
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await permits?.stop('SIGTERM', 15_000);
    await nc?.close();
    await worker?.close();
  });

  it('lets anyone read the seeded types, one by code', async () => {
    const list = await call(gateway, 'GET', '/api/v1/permit-types');
    expect(list.status).toBe(200);
    const codes = (list.body.items as PermitTypeView[]).map((t) => t.code);
    expect(codes).toEqual(expect.arrayContaining(['building', 'street-event', 'trade-licence']));
    const building = await call(gateway, 'GET', '/api/v1/permit-types/building');
    expect(building.status).toBe(200);
    expect(building.body).toMatchObject({
      code: 'building',
      definition: {
        prefix: 'BP',
        remedy: 'escalate',
        inspection: { required: true, maxReinspections: 2 },
        approval: { secondApprover: { role: 'supervisor', quantity: 'floor_area_m2', above: 500 } },
      },
    });
    expectProblem(
      await call(gateway, 'GET', '/api/v1/permit-types/no-such-type'),
      404,
      'PERMITS.PERMIT_TYPE_NOT_FOUND',
    );
    expectProblem(
      await call(gateway, 'GET', '/api/v1/permit-types/Not_A_Code'),
      422,
      'VALIDATION_FAILED',
    );
  });

  it('lets an admin publish a type and a new version; the older version stays readable', async () => {
    const code = `itest-${randomUUID().slice(0, 8)}`;
    const definition = { ...BUILDING_PERMIT, code, prefix: letters(4) };
    const published = listen(nc, PERMIT_TYPE_PUBLISHED_V1);
    const created = await call(gateway, 'POST', '/api/v1/permit-types', {
      token: admin.token,
      body: definition,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, version: 1, currentVersion: 1, definition });
    expectProblem(
      await call(gateway, 'POST', '/api/v1/permit-types', { token: admin.token, body: definition }),
      409,
      'PERMITS.PERMIT_TYPE_EXISTS',
    );

    const changed = { ...definition, reviewDays: 30 };
    const updated = await call(gateway, 'PUT', `/api/v1/permit-types/${code}`, {
      token: admin.token,
      body: changed,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, definition: { reviewDays: 30 } });
    const current = await call(gateway, 'GET', `/api/v1/permit-types/${code}`);
    expect(current.body).toMatchObject({ version: 2, currentVersion: 2 });
    const older = await call(gateway, 'GET', `/api/v1/permit-types/${code}?version=1`);
    expect(older.status).toBe(200);
    expect(older.body).toMatchObject({
      version: 1,
      currentVersion: 2,
      definition: { reviewDays: 20 },
    });
    expectProblem(
      await call(gateway, 'GET', `/api/v1/permit-types/${code}?version=7`),
      404,
      'PERMITS.PERMIT_TYPE_VERSION_NOT_FOUND',
    );

    await eventually(
      async () =>
        published.seen.filter((e) => e.subject === `permit-type/${code}`).length === 2
          ? true
          : undefined,
      30_000,
      'both published events',
    );
    published.sub.unsubscribe();
    expect(
      published.seen
        .filter((e) => e.subject === `permit-type/${code}`)
        .map((e) => [e.data, e.actor]),
    ).toEqual([
      [{ permitType: code, version: 1, change: 'created' }, `user:${admin.id}:admin`],
      [{ permitType: code, version: 2, change: 'updated' }, `user:${admin.id}:admin`],
    ]);
  });

  it('refuses anyone but an admin, 401 without a login and 403 for other roles', async () => {
    const body = {
      ...BUILDING_PERMIT,
      code: `itest-${randomUUID().slice(0, 8)}`,
      prefix: letters(4),
    };
    expectProblem(
      await call(gateway, 'POST', '/api/v1/permit-types', { body }),
      401,
      'IDENTITY.UNAUTHENTICATED',
    );
    for (const who of [clerk, citizen]) {
      const refused = await call(gateway, 'POST', '/api/v1/permit-types', {
        token: who.token,
        body,
      });
      expectProblem(refused, 403, 'IDENTITY.FORBIDDEN');
      const put = await call(gateway, 'PUT', '/api/v1/calendar/settings', {
        token: who.token,
        body: { timeZone: 'UTC', weekendDays: [6, 7] },
      });
      expectProblem(put, 403, 'IDENTITY.FORBIDDEN');
    }
  });

  it('refuses a bad definition with 422 and the field at fault', async () => {
    const code = `itest-${randomUUID().slice(0, 8)}`;
    // A field against its own rule: refused at the gateway.
    const badAmount = await call(gateway, 'POST', '/api/v1/permit-types', {
      token: admin.token,
      body: {
        ...BUILDING_PERMIT,
        code,
        prefix: letters(4),
        fee: { ...BUILDING_PERMIT.fee, base: { ...BUILDING_PERMIT.fee.base, amountMinor: 9.99 } },
      },
    });
    expectProblem(badAmount, 422, 'VALIDATION_FAILED');
    expect(badAmount.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'fee.base.amountMinor' })]),
    );
    // Rules between fields: refused by permits.
    const badRule = await call(gateway, 'POST', '/api/v1/permit-types', {
      token: admin.token,
      body: {
        ...BUILDING_PERMIT,
        code,
        prefix: letters(4),
        formSchema: { type: 'object', properties: { storeys: { type: 'integr' } } },
        approval: { secondApprover: { role: 'supervisor', quantity: 'height_m', above: 10 } },
      },
    });
    expectProblem(badRule, 422, 'PERMITS.INVALID_DEFINITION');
    expect((badRule.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
      'formSchema',
      'approval.secondApprover.quantity',
    ]);
    expectProblem(
      await call(gateway, 'GET', `/api/v1/permit-types/${code}`),
      404,
      'PERMITS.PERMIT_TYPE_NOT_FOUND',
    );
  });

  it('serves the calendar to anyone and to activities, and announces each change', async () => {
    const read = await call(gateway, 'GET', '/api/v1/calendar');
    expect(read.status).toBe(200);
    const before = read.body as unknown as CalendarView;
    expect(before).toMatchObject({ timeZone: 'Europe/Berlin', weekendDays: [6, 7] });
    expect(before.holidays).toEqual(
      expect.arrayContaining([{ date: '2026-12-25', name: 'Christmas Day' }]),
    );

    const changes = listen(nc, CALENDAR_CHANGED_V1);
    // A year no other test counts in.
    const set = await call(gateway, 'PUT', '/api/v1/calendar/holidays/2031', {
      token: admin.token,
      body: { holidays: [{ date: '2031-12-25', name: 'Christmas Day' }] },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ version: before.version + 1 });
    expectProblem(
      await call(gateway, 'PUT', '/api/v1/calendar/holidays/2031', {
        token: admin.token,
        body: { holidays: [{ date: '2030-12-25', name: 'Christmas Day' }] },
      }),
      422,
      'PERMITS.INVALID_CALENDAR',
    );
    expectProblem(
      await call(gateway, 'PUT', '/api/v1/calendar/holidays/next', {
        token: admin.token,
        body: { holidays: [] },
      }),
      422,
      'VALIDATION_FAILED',
    );

    // Settings: the same as now changes nothing.
    const same = await call(gateway, 'PUT', '/api/v1/calendar/settings', {
      token: admin.token,
      body: { timeZone: before.timeZone, weekendDays: before.weekendDays },
    });
    expect(same.body).toMatchObject({ version: before.version + 1 });

    const calendar = await runWithContext({ correlationId: randomUUID(), system: true }, () =>
      new ServiceClient(worker, 5_000).request(PERMITS_INTERNAL_CALENDAR_GET, {}),
    );
    expect(calendar).toMatchObject({
      version: before.version + 1,
      timeZone: 'Europe/Berlin',
      weekendDays: [6, 7],
    });
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2026-12-25', '2031-12-25']));

    const event = await eventually(
      async () =>
        changes.seen.find((e) => (e.data as { version: number }).version === before.version + 1),
      30_000,
      'calendar.changed',
    );
    changes.sub.unsubscribe();
    expect(event).toMatchObject({
      type: CALENDAR_CHANGED_V1,
      subject: 'calendar',
      actor: `user:${admin.id}:admin`,
      data: { version: before.version + 1, change: 'holidays', yearsAffected: [2031] },
    });
    expect(changes.seen).toHaveLength(1);
  });
});
