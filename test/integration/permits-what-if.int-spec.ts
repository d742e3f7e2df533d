/**
 * What-if replay through the real gateway and the real permits process (NATS, PostgreSQL): a
 * supervisor's proposal answered 202 with a job, the job run in the permits service's
 * background and read back with its report, which is the replay of the cases in the permits
 * tables (a permit type of the test's own, its cases written as the workflow writes them);
 * refusals (a clerk 403, nothing proposed 422 naming the field, an unknown job 404); the same
 * Idempotency-Key answers the same job; nothing but the job is written.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SERVICES, type WhatIfJobView, type WhatIfRequest } from '#contracts';
import type { ManagedProcess } from '#devstack';
import { serviceDataSourceOptions } from '#platform';
import { eventually, testEnv } from '#testing';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';
import {
  A,
  asOf,
  B,
  C,
  D,
  proposal,
  transitionRowsOf,
} from '../../apps/permits/src/testing/what-if-history.medium-fixture.js';
import { currentCalendar, runWhatIf } from '../../apps/permits/src/what-if/run-what-if.js';
import { anAccount, type Account } from '../factories/accounts.js';
import { startTestApp } from '../factories/apps.js';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

const letters = (n: number): string =>
  Array.from({ length: n }, () => String.fromCharCode(65 + randomInt(26))).join('');

describe('what-if replay through the gateway', () => {
  let gateway: Gateway;
  let permits: ManagedProcess;
  let tables: DataSource;
  let supervisor: Account;
  let clerk: Account;
  const code = `whatif-${randomUUID().slice(0, 8)}`;
  let request: WhatIfRequest;

  beforeAll(async () => {
    permits = await startTestApp('permits', {
      TEMPORAL_ADDRESS: testEnv().temporalAddress,
      PERMITS_WHAT_IF_POLL_SECONDS: '1',
    });
    gateway = await startGateway();
    tables = new DataSource(
      serviceDataSourceOptions({
        url: testEnv().databaseUrl,
        schema: SERVICES.permits.schema as string,
        applicationName: 'itest-what-if',
        poolSize: 2,
      }),
    );
    await tables.initialize();
    const admin = await anAccount(gateway, 'admin');
    [supervisor, clerk] = await Promise.all([
      anAccount(gateway, 'supervisor'),
      anAccount(gateway, 'clerk'),
    ]);
    const prefix = letters(4);
    const created = await call(gateway, 'POST', '/api/v1/permit-types', {
      token: admin.token,
      body: {
        ...BUILDING_PERMIT,
        code,
        prefix,
        completenessCheckDays: 5,
        reviewDays: 10,
        remedy: 'escalate',
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(created.status).toBe(201);
    // The fixture's cases, of this type, as the workflow leaves them in the tables.
    for (const [n, h] of [A, B, C, D].entries()) {
      const id = randomUUID();
      await tables.query(
        `INSERT INTO applications (id, case_number, applicant_id, permit_type, type_version,
                                   status, title, site_address, quantities, submitted_at)
         VALUES ($1, $2, $3, $4, 1, 'approved', 'A title', '1 Main Street', $5, $6)`,
        [
          id,
          `${prefix}-2026-${String(n + 1).padStart(6, '0')}`,
          randomUUID(),
          code,
          JSON.stringify(h.quantities),
          h.submittedAt,
        ],
      );
      for (const [seq, row] of transitionRowsOf(h).entries())
        await tables.query(
          `INSERT INTO application_transitions (id, application_id, workflow_seq, transition,
                                                to_status, reason_code, facts, at)
           VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7)`,
          [
            randomUUID(),
            id,
            seq === 0 ? null : seq,
            row.transition,
            row.reasonCode,
            JSON.stringify(row.facts),
            row.at,
          ],
        );
    }
    request = {
      ...proposal,
      feeRules: proposal.feeRules?.map((f) => ({ ...f, permitType: code })),
      slas: proposal.slas?.map((s) => (s.permitType ? { ...s, permitType: code } : s)),
    };
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await permits?.stop('SIGTERM', 15_000);
    await tables?.destroy();
  });

  it('runs a supervisor’s proposal as a job and answers its report', async () => {
    const key = randomUUID();
    const before = await tables.query<{ n: string }[]>(
      'SELECT (SELECT count(*) FROM applications) + (SELECT count(*) FROM application_transitions) AS n',
    );
    const started = await call(gateway, 'POST', '/api/v1/what-if', {
      token: supervisor.token,
      body: request,
      headers: { 'idempotency-key': key },
    });
    expect(started.status).toBe(202);
    const job = started.body as unknown as WhatIfJobView;
    expect(job).toMatchObject({ status: 'queued', proposal: request, finishedAt: null });
    const again = await call(gateway, 'POST', '/api/v1/what-if', {
      token: supervisor.token,
      body: request,
      headers: { 'idempotency-key': key },
    });
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 202, id: job.id });

    const done = await eventually(async () => {
      const read = await call(gateway, 'GET', `/api/v1/what-if/${job.id}`, {
        token: supervisor.token,
      });
      expect(read.status).toBe(200);
      return read.body.status === 'done' ? (read.body as unknown as WhatIfJobView) : undefined;
    });
    const ours = done.report?.types.find((t) => t.permitType === code);
    expect(ours).toMatchObject({ cases: 4, lapsed: { actual: 1, proposed: 1 } });
    // The same replay, run here over the same tables with the calendar they hold.
    const calendar = await currentCalendar(tables.manager, {
      timeZone: 'Europe/Berlin',
      weekendDays: [6, 7],
    });
    const expected = await runWhatIf(
      tables.manager,
      request,
      new Date(done.report?.asOf ?? asOf),
      calendar,
    );
    expect(ours).toEqual(expected.types.find((t) => t.permitType === code));
    const after = await tables.query<{ n: string }[]>(
      'SELECT (SELECT count(*) FROM applications) + (SELECT count(*) FROM application_transitions) AS n',
    );
    expect(after).toEqual(before);
  });

  it('refuses a clerk, a proposal of nothing and an unknown job', async () => {
    expectProblem(
      await call(gateway, 'POST', '/api/v1/what-if', { token: clerk.token, body: request }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    const nothing = await call(gateway, 'POST', '/api/v1/what-if', {
      token: supervisor.token,
      body: { from: '2026-01-01', to: '2026-01-31' },
    });
    expectProblem(nothing, 422, 'PERMITS.INVALID_WHAT_IF');
    expect(JSON.stringify(nothing.body)).toContain('feeRules');
    expectProblem(
      await call(gateway, 'GET', `/api/v1/what-if/${randomUUID()}`, { token: supervisor.token }),
      404,
      'PERMITS.WHAT_IF_NOT_FOUND',
    );
    expectProblem(
      await call(gateway, 'GET', `/api/v1/what-if/${randomUUID()}`, { token: clerk.token }),
      403,
      'IDENTITY.FORBIDDEN',
    );
  });
});
