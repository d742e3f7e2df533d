import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type WhatIfReport } from '#contracts';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { calendarDefaults } from '../calendar/calendar-defaults.js';
import { permitsMigrations } from '../migrations/index.js';
import { testPermitType } from '../testing/applications.medium-fixture.js';
import { catalogueUseCases } from '../testing/permits-catalogue.medium-fixture.js';
import {
  A,
  asOf,
  B,
  building,
  C,
  D,
  F,
  proposal,
  transitionRowsOf,
} from '../testing/what-if-history.medium-fixture.js';
import type { CaseHistory } from './case-history.js';
import { GetWhatIfUseCase } from './get-what-if/get-what-if.use-case.js';
import { currentCalendar, runWhatIf } from './run-what-if.js';
import { StartWhatIfUseCase } from './start-what-if/start-what-if.use-case.js';
import { WhatIfRepository } from './what-if.repository.js';
import { WhatIfRunner } from './what-if.runner.js';

/*
 * What-if replay over the permits tables: the seeded history of the unit spec written as the
 * workflow writes it (applications + application_transitions), read back and replayed to the
 * same hand-computed numbers; and the job path (start, the runner, a dead runner's job taken
 * again), writing nothing but the job.
 */

const supervisor = { kind: 'user' as const, userId: randomUUID(), role: 'supervisor' as const };
const clerk = { kind: 'user' as const, userId: randomUUID(), role: 'clerk' as const };

describe('what-if replay over the transition table', () => {
  let db: MediumDatabase;
  let runner: WhatIfRunner;
  let start: StartWhatIfUseCase;
  let get: GetWhatIfUseCase;
  const config = {
    CITY_TIME_ZONE: 'UTC',
    PERMITS_WHAT_IF_POLL_SECONDS: 3_600,
    PERMITS_WHAT_IF_LEASE_SECONDS: 60,
  };

  async function insertCase(h: CaseHistory, n: number, status: string): Promise<void> {
    await db.query(
      `INSERT INTO applications (id, case_number, applicant_id, permit_type, type_version, status,
                                 title, site_address, quantities, submitted_at)
       VALUES ($1, $2, $3, 'building', 1, $4, 'A title', '1 Main Street', $5, $6)`,
      [
        h.applicationId,
        `BT-2026-${String(n).padStart(6, '0')}`,
        randomUUID(),
        status,
        JSON.stringify(h.quantities),
        h.submittedAt,
      ],
    );
    for (const [seq, row] of transitionRowsOf(h).entries())
      await db.query(
        `INSERT INTO application_transitions (id, application_id, workflow_seq, transition,
                                              to_status, reason_code, facts, at)
         VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7)`,
        [
          randomUUID(),
          h.applicationId,
          seq === 0 ? null : seq,
          row.transition,
          row.reasonCode,
          JSON.stringify(row.facts),
          row.at,
        ],
      );
  }

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    const catalogue = catalogueUseCases(db, { CITY_TIME_ZONE: 'UTC' });
    await catalogue.createPermitType.execute('seed-building', {
      definition: testPermitType('building', 'BT', {
        ...building,
        reviewDays: 10,
        remedy: 'escalate',
        inspection: { required: false, maxReinspections: 0 },
        fee: {
          currency: 'EUR',
          base: { amountMinor: 10_000, revenueCode: 'permits.test', descriptionKey: 'fees.base' },
          perUnit: [
            {
              quantity: 'floor_area_m2',
              amountMinor: 100,
              revenueCode: 'permits.test',
              descriptionKey: 'fees.area',
            },
          ],
        },
      }),
      caller: SYSTEM_ACTOR,
    });
    await db.query(
      `INSERT INTO calendar_settings (id, time_zone, weekend_days, version) VALUES (true, 'UTC', '{6,7}', 7)`,
    );
    await db.query(`INSERT INTO calendar_holidays (day, name) VALUES ('2026-01-19', 'A holiday')`);
    // The fixture's ids are letters: the table's are UUIDs.
    // F was held in review: its `held` / `released` rows stop and restart the clock.
    const cases = [A, B, C, D, F].map((h) => ({ ...h, applicationId: randomUUID() }));
    const statuses = ['approved', 'rejected', 'lapsed', 'withdrawn', 'approved'];
    for (const [i, h] of cases.entries()) await insertCase(h, i + 1, statuses[i] as string);
    // A case submitted after the period is not counted.
    await insertCase(
      { ...A, applicationId: randomUUID(), submittedAt: new Date('2026-02-02T09:00:00Z') },
      9,
      'approved',
    );

    const jobs = new WhatIfRepository();
    runner = new WhatIfRunner(db.dataSource, jobs, config);
    start = new StartWhatIfUseCase(db.dataSource, jobs, runner);
    get = new GetWhatIfUseCase(db.dataSource, jobs);
  });

  afterAll(async () => {
    await runner?.beforeApplicationShutdown();
    await db?.close();
  });

  const buildingReport = {
    permitType: 'building',
    cases: 5,
    missedDeadline: { actual: 0, proposed: 3 },
    lapsed: { actual: 1, proposed: 1 },
    decided: { actual: 3, proposed: 3 },
    medianDaysToDecision: { actual: 30.04, proposed: 24.63 },
    revenue: [
      { currency: 'EUR', actualMinor: 75_000, proposedMinor: 82_500, differenceMinor: 7_500 },
    ],
  };

  it('reads the cases, their transitions and their version’s rules, and gives the hand-computed numbers', async () => {
    const calendar = await currentCalendar(db.manager, calendarDefaults(config));
    expect(calendar).toEqual({
      version: 7,
      timeZone: 'UTC',
      weekendDays: [6, 7],
      holidays: ['2026-01-19'],
    });
    const report = await runWhatIf(db.manager, proposal, asOf, calendar);
    expect(report).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      asOf: asOf.toISOString(),
      calendarVersion: 7,
      cases: 5,
      types: [buildingReport],
    });
  });

  it('runs a supervisor’s job in the background and changes nothing else', async () => {
    const before = await db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM applications) + (SELECT count(*) FROM application_transitions)
              + (SELECT count(*) FROM outbox) AS n`,
    );
    const queued = await start.execute({ request: proposal, caller: supervisor });
    expect(queued).toMatchObject({ status: 'queued', finishedAt: null, proposal });
    await runner.settled();
    const done = await get.execute({ id: queued.id, caller: supervisor });
    expect(done.status).toBe('done');
    // The cases as they stood when it was asked: every one of them (all in the past).
    expect((done.report as WhatIfReport).types).toEqual([buildingReport]);
    const after = await db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM applications) + (SELECT count(*) FROM application_transitions)
              + (SELECT count(*) FROM outbox) AS n`,
    );
    expect(after).toEqual(before);
  });

  it('takes again a job whose runner died, once its lease ran out', async () => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO what_if_jobs (id, requested_by, proposal, as_of, status, attempts, lease_until)
       VALUES ($1, $2, $3, $4, 'running', 1, now() - interval '1 second')`,
      [id, supervisor.userId, JSON.stringify(proposal), asOf],
    );
    const held = randomUUID();
    await db.query(
      `INSERT INTO what_if_jobs (id, requested_by, proposal, as_of, status, attempts, lease_until)
       VALUES ($1, $2, $3, $4, 'running', 1, now() + interval '1 hour')`,
      [held, supervisor.userId, JSON.stringify(proposal), asOf],
    );
    runner.wake();
    await runner.settled();
    const retaken = await get.execute({ id, caller: supervisor });
    expect(retaken.status).toBe('done');
    expect((retaken.report as WhatIfReport).types).toEqual([buildingReport]);
    const [row] = await db.query<{ attempts: number }>(
      'SELECT attempts FROM what_if_jobs WHERE id = $1',
      [id],
    );
    expect(row?.attempts).toBe(2);
    // A job another runner holds is left alone.
    expect((await get.execute({ id: held, caller: supervisor })).status).toBe('running');
  });

  it('refuses a clerk, a proposal of nothing, an unknown quantity and an unknown job', async () => {
    await expect(start.execute({ request: proposal, caller: clerk })).rejects.toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
    await expect(
      start.execute({ request: { from: '2026-01-01', to: '2026-01-31' }, caller: supervisor }),
    ).rejects.toMatchObject({
      code: 'PERMITS.INVALID_WHAT_IF',
      details: { errors: [expect.objectContaining({ field: 'feeRules', code: 'REQUIRED' })] },
    });
    const unknownQuantity = {
      ...proposal,
      feeRules: proposal.feeRules?.map((f) => ({
        ...f,
        fee: { ...f.fee, perUnit: f.fee.perUnit.map((r) => ({ ...r, quantity: 'storeys' })) },
      })),
    };
    await expect(
      start.execute({ request: unknownQuantity, caller: supervisor }),
    ).rejects.toMatchObject({
      code: 'PERMITS.INVALID_WHAT_IF',
      details: {
        errors: [expect.objectContaining({ field: 'feeRules.0.fee.perUnit.0.quantity' })],
      },
    });
    await expect(get.execute({ id: randomUUID(), caller: supervisor })).rejects.toMatchObject({
      code: 'PERMITS.WHAT_IF_NOT_FOUND',
    });
  });
});
