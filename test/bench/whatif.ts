/**
 * `npm run bench:whatif`: what-if replay over BENCH_WHATIF_CASES (100,000) historical cases, in
 * cases per second (issue 15's figure).
 *
 * Set-up: a private PostgreSQL, the permits schema migrated, the seed catalogue's building
 * permit and trade licence as type versions, the city calendar with the 2026 holidays, and
 * the cases generated into `applications` + `application_transitions` as the workflow writes
 * them (submissions over the first half of 2026; clerk or deadline completeness, fees from the
 * types' rules with declared floor areas, lapses, change requests with resubmissions,
 * approvals, rejections, withdrawals, escalations past the review due time), and the same
 * cases as an audit export file (JSON Lines of their events).
 *
 * Measured (median of BENCH_ROUNDS rounds, 3): the whole replay from the tables (read in
 * batches, recomputed, summed: what `npm run whatif` and the API's job do), from the export
 * file (read, parsed, grouped, recomputed), and the engine alone over histories in memory
 * (the business-calendar arithmetic is most of it).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addWorkingDays, workingDaysBetween, type BusinessCalendar } from '#calendar';
import type { WhatIfRequest } from '#contracts';
import { appEnvironment, randomPorts, runMigrations } from '#devstack';
import { serviceDataSourceOptions } from '#platform';
import {
  assessFee,
  type PermitTypeDefinition,
} from '../../apps/permits/src/permit-types/permit-type.js';
import {
  BUILDING_PERMIT,
  SEED_HOLIDAYS,
  TRADE_LICENCE,
} from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';
import type { CaseHistory, HistoryStep } from '../../apps/permits/src/what-if/case-history.js';
import { ExportHistories } from '../../apps/permits/src/what-if/history-from-export.js';
import { periodOf } from '../../apps/permits/src/what-if/proposal.js';
import { currentCalendar, runWhatIf } from '../../apps/permits/src/what-if/run-what-if.js';
import { WhatIfAccumulator } from '../../apps/permits/src/what-if/what-if-report.js';
import { benchDataDir, benchInfrastructure, median, printTable } from './report.js';

const CASES = Number(process.env.BENCH_WHATIF_CASES ?? 100_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const TYPES = [BUILDING_PERMIT, TRADE_LICENCE];
const HOUR = 3_600_000;

/** A small deterministic generator (mulberry32), so every run replays the same history. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Row {
  transition: string;
  reasonCode: string | null;
  facts: Record<string, unknown>;
  at: Date;
  event?: { type: string; data: Record<string, unknown> };
}

/** One generated case: its history, its transition rows and its events. */
function generateCase(rnd: () => number, i: number, cal: BusinessCalendar) {
  const def = TYPES[i % TYPES.length] as PermitTypeDefinition;
  const id = randomUUID();
  const submittedAt = new Date(Date.UTC(2026, 0, 1) + Math.floor(rnd() * 180 * 24) * HOUR);
  const quantities = { floor_area_m2: 20 + Math.floor(rnd() * 900) };
  const rows: Row[] = [];
  const steps: HistoryStep[] = [];
  const at = (ms: number) => new Date(ms);
  const push = (row: Row, step?: HistoryStep | HistoryStep[]) => {
    rows.push(row);
    if (step) steps.push(...(Array.isArray(step) ? step : [step]));
  };
  const ev = (name: string, data: Record<string, unknown>) => ({
    type: `gov.permits.application.${name}.v1`,
    data,
  });
  let t = submittedAt.getTime();
  // Completeness: a clerk within a few days, or the deadline.
  const byClerk = rnd() < 0.7;
  t = byClerk
    ? t + (4 + rnd() * 100) * HOUR
    : addWorkingDays(submittedAt, def.completenessCheckDays, cal).getTime() + 1_000;
  push(
    {
      transition: 'completeness-confirmed',
      reasonCode: null,
      facts: { completenessBy: byClerk ? 'clerk' : 'deadline' },
      at: at(t),
      event: ev('completeness-confirmed', { by: byClerk ? 'clerk' : 'deadline' }),
    },
    { kind: 'completeness-confirmed', at: at(t), by: byClerk ? 'clerk' : 'deadline' },
  );
  const close = (outcome: string, extra: Record<string, unknown> = {}) =>
    push(
      { transition: outcome, reasonCode: null, facts: extra, at: at(t), event: ev(outcome, extra) },
      {
        kind: 'closed',
        at: at(t),
        outcome: outcome as 'approved',
        deemed: false,
        refunded: extra.compensation === 'refunded',
      },
    );
  const fee = assessFee(def, quantities).totalMinor;
  const payment = { feeMinor: fee, currency: 'EUR' };
  push(
    {
      transition: 'payment-requested',
      reasonCode: null,
      facts: payment,
      at: at(t),
      event: ev('payment-requested', { ...payment, quantities }),
    },
    { kind: 'payment-requested', at: at(t), ...payment, quantities },
  );
  const fate = rnd();
  if (fate < 0.05) {
    t += 14 * 24 * HOUR;
    close('lapsed');
    return { id, def, submittedAt, quantities, rows, steps };
  }
  t += (2 + rnd() * 90) * HOUR;
  let left = def.reviewDays;
  let due = addWorkingDays(at(t), left, cal);
  const start = () =>
    push(
      {
        transition: 'review-started',
        reasonCode: null,
        facts: { workingDaysLeft: left },
        at: at(t),
        event: ev('review-started', { workingDaysLeft: left, reviewDueAt: due.toISOString() }),
      },
      { kind: 'review-started', at: at(t), workingDaysLeft: left },
    );
  start();
  if (rnd() < 0.2) {
    t += (24 + rnd() * 200) * HOUR;
    if (at(t) < due) {
      left = workingDaysBetween(at(t), due, cal);
      push(
        {
          transition: 'changes-requested',
          reasonCode: 'incomplete_plans',
          facts: { workingDaysLeft: left },
          at: at(t),
          event: ev('changes-requested', { stage: 'review', workingDaysLeft: left }),
        },
        { kind: 'changes-requested', at: at(t) },
      );
      t += (24 + rnd() * 200) * HOUR;
      const changed = { floor_area_m2: quantities.floor_area_m2 + 50 };
      push(
        {
          transition: 'resubmitted',
          reasonCode: null,
          facts: { quantities: changed },
          at: at(t),
          event: ev('resubmitted', { quantities: changed }),
        },
        { kind: 'resubmitted', at: at(t), quantities: changed },
      );
      t += HOUR;
      due = addWorkingDays(at(t), left, cal);
      start();
    }
  }
  t += (24 + rnd() * 700) * HOUR;
  if (at(t) > due && def.remedy === 'fee_refund') {
    push(
      {
        transition: 'fee-refunded',
        reasonCode: null,
        facts: { feeMinor: fee },
        at: due,
        event: ev('fee-refunded', { reviewDueAt: due.toISOString(), amountMinor: fee }),
      },
      { kind: 'breach', at: due, remedy: 'fee_refund', refundedMinor: fee },
    );
  } else if (at(t) > due) {
    push(
      {
        transition: 'escalated',
        reasonCode: null,
        facts: { escalated: true },
        at: due,
        event: ev('escalated', { reviewDueAt: due.toISOString() }),
      },
      { kind: 'breach', at: due, remedy: 'escalate' },
    );
  }
  const decision = rnd();
  if (decision < 0.8) close('approved');
  else if (decision < 0.95) close('rejected', { reasonCode: 'zoning' });
  else close('withdrawn', { compensation: 'refunded' });
  return { id, def, submittedAt, quantities, rows, steps };
}

async function main(): Promise<void> {
  const dataDir = benchDataDir('whatif');
  const infra = await benchInfrastructure(dataDir);
  try {
    await runMigrations(
      appEnvironment({
        databaseUrl: infra.databaseUrl,
        natsUrl: infra.natsUrl,
        temporalAddress: '127.0.0.1:1',
        ports: await randomPorts(),
      }),
    );
    const dataSource = new DataSource(
      serviceDataSourceOptions({
        url: infra.databaseUrl,
        schema: 'permits',
        applicationName: 'bench-whatif',
        poolSize: 4,
      }),
    );
    await dataSource.initialize();
    const db = dataSource.manager;

    // The catalogue and the calendar (whatever the migration's seed step left).
    await dataSource.transaction(async (tx) => {
      for (const def of TYPES) {
        await tx.query(
          `INSERT INTO permit_types (code, current_version, prefix) VALUES ($1, 1, $2)
           ON CONFLICT DO NOTHING`,
          [def.code, def.prefix],
        );
        await tx.query(
          `INSERT INTO permit_type_versions (code, version, definition, created_by)
           VALUES ($1, 1, $2, 'bench') ON CONFLICT DO NOTHING`,
          [def.code, JSON.stringify(def)],
        );
      }
      await tx.query(
        `INSERT INTO calendar_settings (id, time_zone, weekend_days, version)
         VALUES (true, 'Europe/Berlin', '{6,7}', 1) ON CONFLICT DO NOTHING`,
      );
      for (const h of SEED_HOLIDAYS[2026] ?? [])
        await tx.query(
          'INSERT INTO calendar_holidays (day, name) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [h.date, h.name],
        );
    });
    const cal = await currentCalendar(db, { timeZone: 'Europe/Berlin', weekendDays: [6, 7] });

    // The history: into the tables, and as an export file.
    let began = performance.now();
    const rnd = random(15);
    const exportPath = join(dataDir, 'export.jsonl');
    const lines: string[] = [JSON.stringify({ kind: 'header', format: 'civic-audit-export-v1' })];
    const memory: CaseHistory[] = [];
    let seq = 0;
    let transitions = 0;
    for (let i = 0; i < CASES; i += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, CASES - i) }, (_, k) =>
        generateCase(rnd, i + k, cal),
      );
      await db.query(
        `INSERT INTO applications (id, case_number, applicant_id, permit_type, type_version,
                                   status, title, site_address, quantities, submitted_at)
         SELECT id, 'BX-2026-' || lpad(n::text, 7, '0'), gen_random_uuid(), t, 1, 'approved',
                'A title', '1 Main Street', q::jsonb, s
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::timestamptz[])
           AS c(id, n, t, q, s)`,
        [
          batch.map((c) => c.id),
          batch.map((_, k) => i + k),
          batch.map((c) => c.def.code),
          batch.map((c) => JSON.stringify(c.quantities)),
          batch.map((c) => c.submittedAt),
        ],
      );
      const rows = batch.flatMap((c) =>
        [
          { transition: 'submitted', reasonCode: null, facts: {}, at: c.submittedAt } as Row,
          ...c.rows,
        ].map((r, n) => ({ ...r, applicationId: c.id, seq: n === 0 ? null : n })),
      );
      transitions += rows.length;
      await db.query(
        `INSERT INTO application_transitions (id, application_id, workflow_seq, transition,
                                              to_status, reason_code, facts, at)
         SELECT gen_random_uuid(), a, s, tr, 'submitted', r, f::jsonb, at
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
           AS x(a, s, tr, r, f, at)`,
        [
          rows.map((r) => r.applicationId),
          rows.map((r) => r.seq),
          rows.map((r) => r.transition),
          rows.map((r) => r.reasonCode),
          rows.map((r) => JSON.stringify(r.facts)),
          rows.map((r) => r.at),
        ],
      );
      for (const c of batch) {
        memory.push({
          applicationId: c.id,
          permitType: c.def.code,
          typeVersion: 1,
          submittedAt: c.submittedAt,
          quantities: c.quantities,
          rules: {
            reviewDays: c.def.reviewDays,
            completenessCheckDays: c.def.completenessCheckDays,
            paymentDays: c.def.paymentDays,
            remedy: c.def.remedy,
          },
          steps: c.steps,
        });
        const base = { applicationId: c.id, permitType: c.def.code, typeVersion: 1 };
        const events = [
          {
            type: 'gov.permits.application.submitted.v1',
            at: c.submittedAt,
            data: { submittedAt: c.submittedAt.toISOString(), quantities: c.quantities },
          },
          ...c.rows.map((r) => ({
            type: r.event?.type ?? '',
            at: r.at,
            data: r.event?.data ?? {},
          })),
        ];
        for (const e of events)
          lines.push(
            JSON.stringify({
              kind: 'entry',
              seq: seq++,
              type: e.type,
              subject: c.id,
              actor: 'system',
              occurredAt: e.at.toISOString(),
              data: JSON.stringify({
                type: e.type,
                time: e.at.toISOString(),
                data: { ...base, ...e.data },
              }),
            }),
          );
      }
    }
    writeFileSync(exportPath, `${lines.join('\n')}\n`);
    await db.query('ANALYZE applications; ANALYZE application_transitions');
    const setupSeconds = (performance.now() - began) / 1000;

    const request: WhatIfRequest = {
      from: '2026-01-01',
      to: '2026-12-31',
      feeRules: [
        {
          permitType: 'building',
          fee: {
            ...BUILDING_PERMIT.fee,
            base: { ...BUILDING_PERMIT.fee.base, amountMinor: 30_000 },
          },
        },
      ],
      slas: [
        { permitType: 'building', reviewDays: 15, remedy: 'deemed_approved' },
        { paymentDays: 5 },
      ],
    };
    const asOf = new Date('2027-01-01T00:00:00Z');
    const rulesByType = new Map(memory.map((h) => [h.permitType, h.rules]));
    const rates = { tables: [] as number[], export: [] as number[], engine: [] as number[] };
    let cases = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      began = performance.now();
      const report = await runWhatIf(db, request, asOf, cal);
      rates.tables.push(report.cases / ((performance.now() - began) / 1000));
      cases = report.cases;

      began = performance.now();
      const histories = new ExportHistories();
      const input = createInterface({ input: createReadStream(exportPath), crlfDelay: Infinity });
      for await (const line of input) histories.add(line);
      const { start, end } = periodOf(request, cal);
      const fromExport = new WhatIfAccumulator(request, cal, asOf);
      for (const h of histories.histories(start, end, (type) => rulesByType.get(type) ?? {}))
        fromExport.add(h);
      rates.export.push(fromExport.report().cases / ((performance.now() - began) / 1000));

      began = performance.now();
      const engine = new WhatIfAccumulator(request, cal, asOf);
      for (const h of memory) engine.add(h);
      rates.engine.push(engine.report().cases / ((performance.now() - began) / 1000));
      if (round === 0) process.stdout.write(`${JSON.stringify(report.types)}\n`);
    }
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    printTable([
      ['what-if replay', 'cases', 'cases/s (median)', 'rounds'],
      [
        'from the transition table',
        String(cases),
        fmt(median(rates.tables)),
        rates.tables.map(fmt).join(' '),
      ],
      [
        'from an audit export file',
        String(cases),
        fmt(median(rates.export)),
        rates.export.map(fmt).join(' '),
      ],
      [
        'engine alone (in memory)',
        String(memory.length),
        fmt(median(rates.engine)),
        rates.engine.map(fmt).join(' '),
      ],
    ]);
    process.stdout.write(
      `${JSON.stringify({
        cases,
        transitions,
        exportEntries: seq,
        setupSeconds: Math.round(setupSeconds),
        tablesCasesPerSecond: Math.round(median(rates.tables)),
        exportCasesPerSecond: Math.round(median(rates.export)),
        engineCasesPerSecond: Math.round(median(rates.engine)),
      })}\n`,
    );
    await dataSource.destroy();
  } finally {
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
