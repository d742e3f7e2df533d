/**
 * `npm run bench:permits`: permit applications submitted end to end, next to raw Temporal
 * workflow starts on the same server in the same run (issue 13, "Figures").
 *
 * The real stack (gateway, permits, worker; PostgreSQL, NATS, a Temporal dev server of its
 * own). A bench permit type is published through the admin API as a city would: two required
 * PDF documents, a form, no fee, a completeness check of one working day, the review clock the
 * longest there is. Drafts, each with its two documents uploaded through the gateway, are made
 * before anything is timed.
 *
 * The working day (PERMITS_WORKING_DAY_DURATION of permits and the worker) lasts
 * BENCH_PERMITS_WORKING_DAY_MS: by default an hour, so a case's later steps (the completeness
 * deadline a working day after submission, then the review clock) stay as far after its start
 * as they are in a city, and the rounds measure what the issue's figure names — submissions
 * taken through to their workflow's first task. With a working day of 10 s or less
 * (BENCH_PERMITS_WORKING_DAY_MS=1000) the deadline passes within the round: the **whole-path
 * mode**, where every case also runs its completeness confirmation and review start while later
 * cases are still being submitted, and the bench reports the stricter figure (until
 * `completeness-confirmed` is on the stream) as well.
 *
 * - **Submissions per second, end to end**: `POST /api/v1/applications/{id}/submit` through the
 *   gateway (the submit use case commits the case number, the locked documents and
 *   `application.submitted` in one transaction) → the outbox relay → permits' own consumer
 *   (StartWorkflowWhenApplicationSubmitted) starts the case's workflow → the worker runs its
 *   first workflow task (which sets the completeness deadline's timer), read from each case's
 *   history; in the whole-path mode also until the deadline passed and the workflow's first
 *   transition, `gov.permits.application.completeness-confirmed.v1`, is on the PERMITS stream. Closed loop:
 *   BENCH_PERMITS_BATCH submissions (300) per round, BENCH_PERMITS_CONCURRENCY applicants' calls
 *   at a time (32); the rate is the batch over the time from the first call to the last event.
 * - **Raw Temporal starts per second**: a trivial workflow (the bundle's `diagnosticsWorkflow`,
 *   on a task queue of its own that no worker polls) started with the same client settings as
 *   the permits service's (one connection, the correlation interceptor, the same id policies
 *   and search attributes), as many at a time, on the same server.
 *   The two take turns in BENCH_ROUNDS rounds (3); each figure is the median of its rounds, the
 *   ratio the median of the rounds' ratios. Each part's CPU per submission and per raw start.
 *   After each phase (in the whole-path mode once every case's `review-started` is on the
 *   stream too) the bench terminates the cases' workflows, so no timer of theirs fires during
 *   a later phase.
 * - **The submit call at a fixed rate**: BENCH_PERMITS_RATE submissions per second (20), open
 *   loop (each sent at its instant, whatever the others are doing) for BENCH_PERMITS_SECONDS
 *   (15 s); p50 and p99 of the call from its scheduled instant, the end-to-end latency, and
 *   the worker's resident memory (VmRSS) sampled every 250 ms.
 *
 * Targets (issue 13): end to end at least 20% of the raw start rate; p99 of the submit call
 * under 200 ms at 20 submissions per second.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { defineSearchAttributeKey, WorkflowNotFoundError } from '@temporalio/common';
import {
  PERMIT_APPLICATION_COMPLETENESS_CONFIRMED_V1,
  PERMIT_APPLICATION_REVIEW_STARTED_V1,
  PERMIT_APPLICATION_SUBMITTED_V1,
  permitApplicationWorkflowId,
  type ApplicationView,
} from '#contracts';
import {
  appEnvironment,
  provisionStreams,
  randomPorts,
  runMigrations,
  seedDemoAccounts,
  seedPermitsCatalogue,
  startApps,
  startInfrastructure,
  type RunningApps,
} from '#devstack';
import { connectNats, CorrelationClientInterceptor } from '#platform';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';
import {
  benchDataDir,
  cpuByRole,
  cpuSince,
  json,
  median,
  PDF,
  percentile,
  printTable,
} from './report.js';

const BATCH = Number(process.env.BENCH_PERMITS_BATCH ?? 300);
const CONCURRENCY = Number(process.env.BENCH_PERMITS_CONCURRENCY ?? 32);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const RATE = Number(process.env.BENCH_PERMITS_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_PERMITS_SECONDS ?? 15);
const WORKING_DAY_MS = Number(process.env.BENCH_PERMITS_WORKING_DAY_MS ?? 3_600_000);
/** The completeness deadline passes within a round: measure the whole path to review-started. */
const WHOLE_PATH = WORKING_DAY_MS <= 10_000;
const WARM_UP = 20;
const TRACE = process.env.BENCH_PERMITS_TRACE === '1';
const TYPE_CODE = 'bench-shed';
const RAW_TASK_QUEUE = 'bench-raw-starts';
// The search attributes the permits service sets when it starts a case (case-workflows.ts).
const CASE_STATUS_ATTRIBUTE = defineSearchAttributeKey('CaseStatus', 'KEYWORD');
const CASE_TYPE_ATTRIBUTE = defineSearchAttributeKey('CaseType', 'KEYWORD');

/** Runs `work(i)` for i in [0, n) with at most `concurrency` at a time. */
async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      for (let i = next++; i < n; i = next++) await work(i);
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The apps whose CPU is counted, by their folder under dist/apps. */
const APPS = { gateway: 'gateway', permits: 'permits', worker: 'worker' };

/** Resident memory of a process, in MB (VmRSS). */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? NaN) / 1024;
}

/** The bench's permit type: the building permit's documents and form, no fee, short checks. */
const benchType = () => ({
  ...BUILDING_PERMIT,
  code: TYPE_CODE,
  prefix: 'BS',
  names: { en: 'Bench shed', de: 'Gartenhaus (Messung)' },
  descriptions: { en: 'A garden shed, for the benchmark.', de: 'Ein Gartenhaus.' },
  documentKinds: BUILDING_PERMIT.documentKinds,
  fee: {
    ...BUILDING_PERMIT.fee,
    base: { ...BUILDING_PERMIT.fee.base, amountMinor: 0 },
    perUnit: [],
  },
  completenessCheckDays: 1,
  paymentDays: 365,
  reviewDays: 365,
  renewalReviewDays: 365,
  inspection: { required: false, maxReinspections: 0 },
  approval: {},
});

interface Seen {
  submitted?: number;
  confirmed?: number;
  reviewStarted?: number;
}

async function main(): Promise<void> {
  const dataDir = benchDataDir('permits');
  const infra = await startInfrastructure({
    dataDir,
    database: 'bench',
    reuse: { postgres: false, nats: false, temporal: false },
    headlessTemporal: true,
  });
  let apps: RunningApps | undefined;
  // The apps' last warnings and errors, printed when the bench fails.
  const problems: string[] = [];
  try {
    const ports = await randomPorts();
    const env = appEnvironment(
      {
        databaseUrl: infra.databaseUrl,
        natsUrl: infra.natsUrl,
        ...(infra.natsCredentials ? { natsCredentials: infra.natsCredentials } : {}),
        temporalAddress: infra.temporalAddress,
        ports,
        logLevel: 'warn',
        fileStorageDir: join(dataDir, 'files'),
      },
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PERMITS_WORKING_DAY_DURATION: `${WORKING_DAY_MS}ms`,
        ...(process.env.BENCH_PROFILE_DIR
          ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}` }
          : {}),
      },
    );
    await runMigrations(env);
    await provisionStreams({ natsUrl: infra.natsUrl, auth: infra.natsAuth });
    await seedPermitsCatalogue(env);
    apps = await startApps({
      env,
      ports,
      apps: ['gateway', 'permits', 'worker'],
      onLine: (app, line) => {
        if (/"level":"?(warn|error|fatal|40|50|60)\b/.test(line)) {
          problems.push(`${app}: ${line.slice(0, 400)}`);
          if (problems.length > 200) problems.shift();
        }
      },
    });
    const demo = await seedDemoAccounts(env, join(dataDir, 'demo-accounts.json'));
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    const logIn = async (role: string) => {
      const account = demo.find((a) => a.role === role);
      if (!account) throw new Error(`no demo ${role}`);
      const { accessToken } = await json<{ accessToken: string }>(
        await fetch(`${gateway}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: account.email, password: account.password }),
        }),
        `log in as ${role}`,
      );
      return { authorization: `Bearer ${accessToken}` };
    };
    const admin = await logIn('admin');
    const citizen = await logIn('citizen');
    await json(
      await fetch(`${gateway}/api/v1/permit-types`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify(benchType()),
      }),
      'publish the bench permit type',
    );

    // The drafts, each with its two documents (not timed).
    const total = WARM_UP + ROUNDS * BATCH + Math.round(RATE * SECONDS);
    const drafts: string[] = new Array<string>(total);
    const draftsBegan = performance.now();
    await pool(total, 16, async (i) => {
      const draft = await json<ApplicationView>(
        await fetch(`${gateway}/api/v1/applications`, {
          method: 'POST',
          headers: { ...citizen, 'content-type': 'application/json' },
          body: JSON.stringify({
            permitType: TYPE_CODE,
            title: `Shed ${i}`,
            site: { address: 'Hauptstraße 1, Berlin', lat: 52.52, lon: 13.4 },
            details: { description: 'A garden shed', storeys: 1, use: 'residential' },
            quantities: { floor_area_m2: 12 },
          }),
        }),
        'draft',
      );
      for (const kind of ['site_plan', 'floor_plans']) {
        const form = new FormData();
        form.append('kind', kind);
        form.append('file', new Blob([PDF], { type: 'application/pdf' }), `${kind}.pdf`);
        await json(
          await fetch(`${gateway}/api/v1/applications/${draft.id}/documents`, {
            method: 'POST',
            headers: citizen,
            body: form,
          }),
          `upload ${kind}`,
        );
      }
      drafts[i] = draft.id;
    });
    const draftsSeconds = (performance.now() - draftsBegan) / 1_000;
    let nextDraft = 0;
    const takeDrafts = (n: number) => drafts.slice(nextDraft, (nextDraft += n));

    // What reaches the PERMITS stream, per application.
    const nc = await connectNats({
      name: 'bench-permits',
      servers: infra.natsUrl,
      auth: infra.natsAuth,
    });
    const seen = new Map<string, Seen>();
    const waiters = new Set<() => void>();
    const consumer = await jetstream(nc).consumers.get('PERMITS', {
      filter_subjects: [
        PERMIT_APPLICATION_SUBMITTED_V1,
        PERMIT_APPLICATION_COMPLETENESS_CONFIRMED_V1,
        PERMIT_APPLICATION_REVIEW_STARTED_V1,
      ],
    });
    const messages = await consumer.consume();
    void (async () => {
      for await (const m of messages) {
        const at = performance.now();
        const { data } = m.json<{ data: { applicationId: string } }>();
        const entry = seen.get(data.applicationId) ?? {};
        if (m.subject === PERMIT_APPLICATION_SUBMITTED_V1) entry.submitted ??= at;
        else if (m.subject === PERMIT_APPLICATION_COMPLETENESS_CONFIRMED_V1) entry.confirmed ??= at;
        else entry.reviewStarted ??= at;
        seen.set(data.applicationId, entry);
        for (const wake of waiters) wake();
      }
    })();
    /** Where a case is: its events seen, its workflow's status and last history events. */
    const whereIs = async (id: string): Promise<string> => {
      const s = seen.get(id) ?? {};
      const events = `submitted ${s.submitted !== undefined}, confirmed ${s.confirmed !== undefined}`;
      try {
        const handle = temporal.workflow.getHandle(permitApplicationWorkflowId(id));
        const { status } = await handle.describe();
        const history = (await handle.fetchHistory()).events ?? [];
        const last = history.slice(-6).map((e) => String(e.eventType));
        return `  ${id}: ${events}, workflow ${status.name}, last events ${last.join(' ')}`;
      } catch (error) {
        return `  ${id}: ${events}, workflow: ${(error as Error).message}`;
      }
    };
    /** Resolves once `done` holds for every id (or throws after `timeoutMs`). */
    const waitFor = async (ids: string[], done: (s: Seen) => boolean, timeoutMs = 300_000) => {
      const until = performance.now() + timeoutMs;
      for (;;) {
        if (ids.every((id) => done(seen.get(id) ?? {}))) return;
        const left = until - performance.now();
        const missing = ids.filter((id) => !done(seen.get(id) ?? {})).length;
        if (left <= 0) {
          const stuck = ids.filter((id) => !done(seen.get(id) ?? {})).slice(0, 3);
          const where = await Promise.all(stuck.map(whereIs));
          throw new Error(
            `${missing} of ${ids.length} cases never got there, e.g.\n${where.join('\n')}`,
          );
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, Math.min(left, 1_000));
        });
      }
    };

    const submit = async (id: string): Promise<void> => {
      const response = await fetch(`${gateway}/api/v1/applications/${id}/submit`, {
        method: 'POST',
        headers: { ...citizen, 'idempotency-key': randomUUID() },
      });
      const view = await json<ApplicationView>(response, 'submit');
      if (view.status !== 'submitted') throw new Error(`submitted as ${view.status}`);
    };

    // The same client settings as the permits service's (TemporalClientHolder).
    const connection = await Connection.connect({
      address: infra.temporalAddress,
      connectTimeout: 5_000,
    });
    const temporal = new Client({
      connection,
      namespace: env.TEMPORAL_NAMESPACE ?? 'civic',
      interceptors: { workflow: [new CorrelationClientInterceptor()] },
    });
    const rawStart = (i: number) =>
      temporal.workflow.start('diagnosticsWorkflow', {
        workflowId: `bench-raw-${randomUUID()}`,
        taskQueue: RAW_TASK_QUEUE,
        args: [{}],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: CASE_STATUS_ATTRIBUTE, value: 'submitted' },
          { key: CASE_TYPE_ATTRIBUTE, value: `bench-${i % 3}` },
        ],
      });
    /** Ends the cases' workflows (their review clock would fire later, in another phase). */
    const closedEarly: string[] = [];
    const endCases = (ids: string[]) =>
      pool(ids.length, 16, async (i) => {
        const handle = temporal.workflow.getHandle(permitApplicationWorkflowId(ids[i] as string));
        try {
          await handle.terminate('benchmark phase over');
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          // Closed before its review clock ran out: say how (it should not happen).
          const { status } = await handle.describe();
          closedEarly.push(`${ids[i]}: ${status.name}`);
        }
      });

    /**
     * BENCH_PERMITS_TRACE=1: where a few cases spent their time (ms after the submit call began):
     * the stream's events and the workflow's history (Temporal's own clock, same machine).
     */
    const trace = async (ids: string[], startedAt: Map<string, number>) => {
      const origin = performance.timeOrigin;
      for (const id of [ids[0], ids[Math.floor(ids.length / 2)], ids.at(-1)]) {
        if (!id) continue;
        const t0 = startedAt.get(id) ?? 0;
        const at = (v: number | undefined) => (v === undefined ? '-' : (v - t0).toFixed(0));
        const s = seen.get(id) ?? {};
        const history = await temporal.workflow
          .getHandle(permitApplicationWorkflowId(id))
          .fetchHistory();
        const steps = (history.events ?? []).slice(0, 24).map((e) => {
          const ms =
            Number(e.eventTime?.seconds ?? 0) * 1_000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
          return `${String(e.eventType).replace('EVENT_TYPE_', '').toLowerCase()}@${at(ms - origin)}`;
        });
        process.stderr.write(
          `trace ${id}: submitted on stream @${at(s.submitted)}, confirmed @${at(s.confirmed)}, review @${at(s.reviewStarted)}\n  ${steps.join(' ')}\n`,
        );
      }
    };

    /**
     * When each case's workflow completed its first workflow task (Temporal's own clock, the
     * same machine's, as performance.now()): read from the histories once the cases got there.
     */
    const firstTaskCompleted = async (
      ids: string[],
      timeoutMs = 300_000,
    ): Promise<Map<string, number>> => {
      const at = new Map<string, number>();
      const until = performance.now() + timeoutMs;
      await pool(ids.length, 16, async (i) => {
        const id = ids[i] as string;
        for (;;) {
          const history = await temporal.workflow
            .getHandle(permitApplicationWorkflowId(id))
            .fetchHistory()
            .catch((error: unknown) => {
              // Not started yet: the consumer starts it from the submitted event.
              if (error instanceof WorkflowNotFoundError || (error as { code?: number }).code === 5)
                return { events: [] };
              throw error;
            });
          const done = (history.events ?? []).find(
            (e) =>
              e.eventType ===
              proto.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
          );
          if (done?.eventTime) {
            const ms =
              Number(done.eventTime.seconds ?? 0) * 1_000 + (done.eventTime.nanos ?? 0) / 1e6;
            at.set(id, ms - performance.timeOrigin);
            return;
          }
          if (performance.now() > until)
            throw new Error(`${id}: no completed workflow task\n${await whereIs(id)}`);
          await sleep(250);
        }
      });
      return at;
    };

    /** One closed-loop batch: the rate, the submit call's latencies, the end-to-end ones. */
    const endToEnd = async (ids: string[]) => {
      const calls: number[] = [];
      const startedAt = new Map<string, number>();
      const began = performance.now();
      await pool(ids.length, CONCURRENCY, async (i) => {
        const id = ids[i] as string;
        const t = performance.now();
        startedAt.set(id, t);
        await submit(id);
        calls.push(performance.now() - t);
      });
      // The issue's measure: the submitted event delivered and the workflow's first task
      // completed; in the whole-path mode also the stricter one, until the workflow's first
      // event is on the stream.
      await waitFor(ids, (s) => (WHOLE_PATH ? s.confirmed : s.submitted) !== undefined);
      const firstTasks = await firstTaskCompleted(ids);
      const started = (id: string) =>
        Math.max(firstTasks.get(id) ?? 0, seen.get(id)?.submitted ?? 0);
      const firstEnded = Math.max(...ids.map(started));
      const firstLatencies = ids.map((id) => started(id) - (startedAt.get(id) ?? 0));
      const ended = Math.max(...ids.map((id) => seen.get(id)?.confirmed ?? 0));
      const latencies = ids.map((id) => (seen.get(id)?.confirmed ?? 0) - (startedAt.get(id) ?? 0));
      if (WHOLE_PATH) await waitFor(ids, (s) => s.reviewStarted !== undefined);
      if (TRACE) await trace(ids, startedAt);
      return {
        rate: ids.length / ((firstEnded - began) / 1_000),
        confirmedRate: ids.length / ((ended - began) / 1_000),
        calls,
        firstLatencies,
        latencies,
      };
    };
    const rawStarts = async (n: number) => {
      const began = performance.now();
      await pool(n, CONCURRENCY, async (i) => {
        await rawStart(i);
      });
      return n / ((performance.now() - began) / 1_000);
    };

    // Warm-up (connections, JIT, the worker's workflow cache).
    const warmUp = takeDrafts(WARM_UP);
    await endToEnd(warmUp);
    await endCases(warmUp);
    await rawStarts(WARM_UP);

    const rounds: {
      e2e: number;
      confirmed: number;
      raw: number;
      calls: number[];
      firstLatencies: number[];
      latencies: number[];
      cpu: Map<string, number>;
      rawCpu: Map<string, number>;
    }[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const cpuBefore = cpuByRole(dataDir, APPS);
      const ids = takeDrafts(BATCH);
      const e2e = await endToEnd(ids);
      const cpu = cpuSince(cpuBefore, dataDir, APPS);
      await endCases(ids);
      const rawCpuBefore = cpuByRole(dataDir, APPS);
      const raw = await rawStarts(BATCH);
      const rawCpu = cpuSince(rawCpuBefore, dataDir, APPS);
      rounds.push({
        e2e: e2e.rate,
        confirmed: e2e.confirmedRate,
        raw,
        calls: e2e.calls,
        firstLatencies: e2e.firstLatencies,
        latencies: e2e.latencies,
        cpu,
        rawCpu,
      });
      process.stderr.write(
        `round ${round + 1}: ${e2e.rate.toFixed(1)} submissions/s to the first workflow task${WHOLE_PATH ? ` (${e2e.confirmedRate.toFixed(1)}/s to completeness-confirmed)` : ''}, raw starts ${raw.toFixed(1)}/s\n`,
      );
    }

    // The submit call at a fixed rate (open loop), the worker's memory meanwhile.
    const workerPid = apps.processes.get('worker')?.pid;
    const workerIdleMb = rssMb(workerPid);
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(rssMb(workerPid)), 250);
    const openIds = takeDrafts(Math.round(RATE * SECONDS));
    const openCalls: number[] = [];
    const scheduled = new Map<string, number>();
    const openBegan = performance.now();
    const lateStarts: number[] = [];
    await Promise.all(
      openIds.map(async (id, i) => {
        const at = openBegan + (i * 1_000) / RATE;
        await sleep(Math.max(0, at - performance.now()));
        lateStarts.push(performance.now() - at);
        scheduled.set(id, at);
        await submit(id);
        openCalls.push(performance.now() - at);
      }),
    );
    await waitFor(openIds, (s) => (WHOLE_PATH ? s.confirmed : s.submitted) !== undefined);
    const openFirstTasks = await firstTaskCompleted(openIds);
    clearInterval(sampler);
    const openLatencies = openIds.map(
      (id) =>
        (WHOLE_PATH ? (seen.get(id)?.confirmed ?? 0) : (openFirstTasks.get(id) ?? 0)) -
        (scheduled.get(id) ?? 0),
    );
    const relayLags = openIds.map(
      (id) => (seen.get(id)?.submitted ?? 0) - (scheduled.get(id) ?? 0),
    );
    if (WHOLE_PATH) await waitFor(openIds, (s) => s.reviewStarted !== undefined);
    await endCases(openIds);
    const processRss = Object.fromEntries(
      [...apps.processes].map(([name, p]) => [name, rssMb(p.pid)]),
    );

    await messages.close();
    await nc.close();
    await connection.close();

    const e2eRate = median(rounds.map((r) => r.e2e));
    const rawRate = median(rounds.map((r) => r.raw));
    const ratio = median(rounds.map((r) => r.e2e / r.raw));
    const closedCalls = rounds.flatMap((r) => r.calls);
    const closedLatencies = rounds.flatMap((r) => r.latencies);
    const closedFirstLatencies = rounds.flatMap((r) => r.firstLatencies);
    const confirmedRate = median(rounds.map((r) => r.confirmed));
    const confirmedRatio = median(rounds.map((r) => r.confirmed / r.raw));
    const openP99 = percentile(openCalls, 99);
    const peakRss = Math.max(...rss);
    const cpu = new Map<string, number>();
    const rawCpu = new Map<string, number>();
    for (const r of rounds) {
      for (const [role, s] of r.cpu) cpu.set(role, (cpu.get(role) ?? 0) + s / (BATCH * ROUNDS));
      for (const [role, s] of r.rawCpu)
        rawCpu.set(role, (rawCpu.get(role) ?? 0) + s / (BATCH * ROUNDS));
    }
    const ms = (v: number) => `${v.toFixed(0)} ms`;

    printTable([
      ['figure', 'value', 'raw engine (same run)', 'target'],
      [
        `submissions end to end: submit -> submitted delivered and the workflow's first task completed (${CONCURRENCY} at a time, median of ${ROUNDS} rounds of ${BATCH})`,
        `${e2eRate.toFixed(1)} /s (rounds ${rounds.map((r) => r.e2e.toFixed(1)).join(', ')})`,
        `Temporal starts, ${CONCURRENCY} at a time: ${rawRate.toFixed(1)}/s (ratio ${ratio.toFixed(3)})`,
        `>= 0.20 of raw ${ratio >= 0.2 ? 'ok' : 'MISSED'}`,
      ],
      [
        '  submit call (closed loop)',
        `p50 ${ms(percentile(closedCalls, 50))}, p99 ${ms(percentile(closedCalls, 99))}`,
        `raw rounds ${rounds.map((r) => r.raw.toFixed(1)).join(', ')}`,
        '',
      ],
      [
        '  submit call -> first workflow task completed',
        `p50 ${ms(percentile(closedFirstLatencies, 50))}, p99 ${ms(percentile(closedFirstLatencies, 99))}`,
        '',
        '',
      ],
      WHOLE_PATH
        ? [
            "  stricter: submit -> the workflow's first event (completeness-confirmed) on the stream",
            `${confirmedRate.toFixed(1)} /s (ratio ${confirmedRatio.toFixed(3)}); p50 ${ms(percentile(closedLatencies, 50))}, p99 ${ms(percentile(closedLatencies, 99))}`,
            `(includes the ${WORKING_DAY_MS} ms completeness deadline)`,
            '',
          ]
        : [
            '  working day',
            `${WORKING_DAY_MS} ms: the completeness deadline lies after the run`,
            'whole path: BENCH_PERMITS_WORKING_DAY_MS=1000',
            '',
          ],
      ...[...cpu]
        .sort((a, b) => b[1] - a[1])
        .map(([role, seconds]) => [
          `  CPU per submission: ${role}`,
          `${(seconds * 1_000).toFixed(1)} ms`,
          `per raw start: ${((rawCpu.get(role) ?? 0) * 1_000).toFixed(1)} ms`,
          '',
        ]),
      [
        `submit call at ${RATE}/s, open loop, ${SECONDS} s`,
        `p50 ${ms(percentile(openCalls, 50))}, p99 ${ms(openP99)}`,
        `sent late: p99 ${ms(percentile(lateStarts, 99))}`,
        `p99 < 200 ms ${openP99 < 200 ? 'ok' : 'MISSED'}`,
      ],
      [
        '  submit -> submitted on the stream (outbox relay)',
        `p50 ${ms(percentile(relayLags, 50))}, p99 ${ms(percentile(relayLags, 99))}`,
        '',
        '',
      ],
      [
        WHOLE_PATH
          ? '  submit -> completeness-confirmed on the stream'
          : "  submit -> the workflow's first task completed",
        `p50 ${ms(percentile(openLatencies, 50))}, p99 ${ms(percentile(openLatencies, 99))}`,
        '',
        '',
      ],
      [
        `  worker RSS under ${RATE}/s`,
        `peak ${peakRss.toFixed(0)} MB, median ${median(rss).toFixed(0)} MB`,
        `idle before: ${workerIdleMb.toFixed(0)} MB`,
        '',
      ],
      [
        '  RSS after the run',
        Object.entries(processRss)
          .map(([n, v]) => `${n} ${v.toFixed(0)} MB`)
          .join(', '),
        '',
        '',
      ],
      [
        'cases closed before the bench ended them',
        `${closedEarly.length}${closedEarly.length ? `: ${closedEarly.slice(0, 3).join('; ')}` : ''}`,
        '',
        '',
      ],
      [
        'drafts made before (2 documents each)',
        `${total} in ${draftsSeconds.toFixed(1)} s`,
        '',
        '',
      ],
    ]);
    process.stdout.write(
      `${JSON.stringify({
        submissionsPerSecond: e2eRate,
        rawStartsPerSecond: rawRate,
        ratio,
        workingDayMs: WORKING_DAY_MS,
        wholePath: WHOLE_PATH,
        ...(WHOLE_PATH ? { confirmedPerSecond: confirmedRate, confirmedRatio } : {}),
        rounds: rounds.map((r) => ({
          e2e: r.e2e,
          ...(WHOLE_PATH ? { confirmed: r.confirmed } : {}),
          raw: r.raw,
        })),
        firstTaskP50Ms: percentile(closedFirstLatencies, 50),
        firstTaskP99Ms: percentile(closedFirstLatencies, 99),
        closedLoopSubmitP50Ms: percentile(closedCalls, 50),
        closedLoopSubmitP99Ms: percentile(closedCalls, 99),
        ...(WHOLE_PATH
          ? {
              endToEndP50Ms: percentile(closedLatencies, 50),
              endToEndP99Ms: percentile(closedLatencies, 99),
            }
          : {}),
        openLoopRate: RATE,
        openLoopSubmitP50Ms: percentile(openCalls, 50),
        openLoopSubmitP99Ms: openP99,
        openLoopEndToEndP99Ms: percentile(openLatencies, 99),
        workerRssPeakMb: peakRss,
        workerRssIdleMb: workerIdleMb,
        cpuMsPerSubmission: Object.fromEntries([...cpu].map(([r, v]) => [r, v * 1_000])),
        cpuMsPerRawStart: Object.fromEntries([...rawCpu].map(([r, v]) => [r, v * 1_000])),
      })}\n`,
    );
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    if (problems.length)
      process.stderr.write(`the apps' last warnings:\n${problems.slice(-15).join('\n')}\n`);
    process.exitCode = 1;
  } finally {
    await apps?.stop(10_000);
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
// A failed run may leave its NATS and Temporal connections open: end the process either way.
process.exit();
