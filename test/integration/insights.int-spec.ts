/**
 * The transparency read model end to end on the real servers: real contract events (built and
 * checked by the platform's envelope, as the services' outboxes write them) published to the
 * PERMITS, COMPLAINTS and PAYMENTS streams; the insights process consumes them through its inbox;
 * the real gateway answers `GET /api/v1/dashboard` and `/api/v1/open-data/{dataset}.{csv|json}`.
 * An event delivered twice counts once; small counts and the figures from few cases are withheld.
 *
 * Other suites publish to the same streams, so every figure checked here is one of this run's
 * own categories (permit types, service codes, a test currency), never a grand total.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  COMPLAINT_CLOSED_V1,
  COMPLAINT_ESCALATED_V1,
  COMPLAINT_RATED_V1,
  COMPLAINT_RECEIVED_V1,
  COMPLAINT_RESOLVED_V1,
  PAYMENT_SUCCEEDED_V1,
  PERMIT_APPLICATION_APPROVED_V1,
  PERMIT_APPLICATION_ESCALATED_V1,
  PERMIT_APPLICATION_REVIEW_STARTED_V1,
  PERMIT_APPLICATION_SUBMITTED_V1,
  SYSTEM_ACTOR,
  type CloudEvent,
  type Dashboard,
  type EventMap,
  type EventSubject,
} from '#contracts';
import type { ManagedProcess } from '#devstack';
import { buildEnvelope, connectNats } from '#platform';
import { eventually, testEnv } from '#testing';
import { startTestApp } from '../factories/apps.js';
import { call, expectProblem, startGateway, type Gateway } from '../factories/gateway.js';

const HOUR = 3_600_000;
const run = randomUUID().slice(0, 8);
/** This run's own categories. */
const TYPE_A = `itest-a-${run}`;
const TYPE_B = `itest-b-${run}`;
const TYPE_C = `itest-c-${run}`;
const SERVICE = `it-${run}`;
const SMALL_SERVICE = `it-small-${run}`;
const OTHER_SMALL_SERVICE = `it-other-${run}`;
const CURRENCY = 'XTS';
const SMALL_CURRENCY = 'XXX';

/**
 * The moment the test's cases end; their starts are whole hours before it. The city is in
 * Kolkata (+05:30), where END is already 1 February (01:30) while UTC still says 31 January: the
 * figures count it in February.
 */
const CITY_TIME_ZONE = 'Asia/Kolkata';
const END = new Date('2026-01-31T20:00:00Z');
const END_MONTH = '2026-02';
const at = (hoursBefore: number) => new Date(END.getTime() - hoursBefore * HOUR).toISOString();

let nc: NatsConnection;
let insights: ManagedProcess;
let gateway: Gateway;
const sequences = new Map<string, number>();

/** A contract event as a service's outbox writes it, at `time`. */
function envelope<K extends EventSubject>(
  source: string,
  subject: K,
  aggregateId: string,
  data: EventMap[K],
  time: string,
): CloudEvent<EventMap[K], K> {
  const sequence = (sequences.get(aggregateId) ?? 0) + 1;
  sequences.set(aggregateId, sequence);
  const event = buildEnvelope(
    source,
    { subject, aggregateId, data, actor: SYSTEM_ACTOR },
    sequence,
    `itest-insights-${aggregateId}`,
  );
  return { ...event, time };
}

async function publish(event: CloudEvent, messageId = event.id): Promise<void> {
  await jetstream(nc).publish(event.type, JSON.stringify(event), { msgID: messageId });
}

/** Submits, starts the review of and approves an application (decided at END). */
async function decidedApplication(type: string, hours: number, escalated = false) {
  const id = randomUUID();
  const base = { applicationId: id, permitType: type, typeVersion: 1 };
  const submitted = envelope(
    'permits',
    PERMIT_APPLICATION_SUBMITTED_V1,
    id,
    { ...base, applicantId: randomUUID(), submittedAt: at(hours) },
    at(hours),
  );
  await publish(submitted);
  await publish(
    envelope(
      'permits',
      PERMIT_APPLICATION_REVIEW_STARTED_V1,
      id,
      { ...base, reviewDueAt: at(-1), workingDaysLeft: 5, secondApprovalRequired: false },
      at(hours - 0.5),
    ),
  );
  if (escalated)
    await publish(
      envelope(
        'permits',
        PERMIT_APPLICATION_ESCALATED_V1,
        id,
        { ...base, reviewDueAt: at(1) },
        at(1),
      ),
    );
  await publish(
    envelope(
      'permits',
      PERMIT_APPLICATION_APPROVED_V1,
      id,
      { ...base, approverIds: [randomUUID()] },
      END.toISOString(),
    ),
  );
  return submitted;
}

/** A complaint reported `hours` before END, resolved, closed at END and rated. */
async function closedComplaint(
  service: string,
  hours: number,
  rating: number,
  recommendScore: number,
  escalated = false,
): Promise<CloudEvent> {
  const id = randomUUID();
  const facts = { requestId: id, serviceCode: service, departmentCode: 'roads' };
  await publish(
    envelope(
      'complaints',
      COMPLAINT_RECEIVED_V1,
      id,
      {
        ...facts,
        status: 'for_triage',
        channel: 'api',
        priority: 'normal',
        publicLat: 51.05,
        publicLong: 3.72,
        mediaCount: 0,
      },
      at(hours),
    ),
  );
  if (escalated)
    await publish(
      envelope(
        'complaints',
        COMPLAINT_ESCALATED_V1,
        id,
        { ...facts, status: 'for_triage', deadline: 'triage', dueAt: at(hours - 0.2) },
        at(hours - 0.2),
      ),
    );
  await publish(
    envelope(
      'complaints',
      COMPLAINT_RESOLVED_V1,
      id,
      {
        ...facts,
        status: 'fixed',
        fromStatus: 'for_triage',
        resolvedAt: at(0.5),
        reopenUntil: at(0.25),
      },
      at(0.5),
    ),
  );
  await publish(
    envelope(
      'complaints',
      COMPLAINT_CLOSED_V1,
      id,
      { ...facts, status: 'fixed', reasonCode: 'reopen_window_passed' },
      END.toISOString(),
    ),
  );
  const rated = envelope(
    'complaints',
    COMPLAINT_RATED_V1,
    id,
    { ...facts, status: 'fixed', fixed: true, rating, recommendScore, reopened: false },
    END.toISOString(),
  );
  await publish(rated);
  return rated;
}

async function payment(currency: string, amountMinor: number): Promise<CloudEvent> {
  const invoiceId = randomUUID();
  const event = envelope(
    'payments',
    PAYMENT_SUCCEEDED_V1,
    invoiceId,
    {
      invoiceId,
      caseContext: 'permits',
      caseId: randomUUID(),
      amountMinor,
      currency,
      paymentId: randomUUID(),
      provider: 'sandbox',
      receiptId: randomUUID(),
      invoiceClosed: false,
    },
    END.toISOString(),
  );
  await publish(event);
  return event;
}

/** Until the insights consumer of each stream has acknowledged everything published so far. */
async function consumed(): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await eventually(
    async () => {
      for (const stream of ['PERMITS', 'COMPLAINTS', 'PAYMENTS']) {
        const info = await jsm.consumers.info(stream, 'insights');
        if (info.num_pending > 0 || info.num_ack_pending > 0) return undefined;
      }
      return true;
    },
    60_000,
    'the insights consumers drained',
  );
}

const dashboard = async (): Promise<Dashboard> => {
  const reply = await fetch(`${gateway.url}/api/v1/dashboard`);
  if (reply.status !== 200)
    throw new Error(`dashboard ${reply.status}: ${insights.tail.slice(-3).join('\n')}`);
  return (await reply.json()) as Dashboard;
};

describe('insights: the dashboard and open data from the real streams', () => {
  let duplicated: CloudEvent;

  beforeAll(async () => {
    nc = await connectNats({
      name: 'itest-insights',
      servers: testEnv().natsUrl,
      auth: testEnv().natsAuth,
    });
    insights = await startTestApp('insights', {
      INSIGHTS_SUPPRESSION_THRESHOLD: '5',
      CITY_TIME_ZONE,
    });
    gateway = await startGateway({ GATEWAY_FIGURES_CACHE_SECONDS: '0' });

    // Type A: six decided applications, 10 to 60 hours each; one escalated (a breach).
    duplicated = await decidedApplication(TYPE_A, 10);
    for (const hours of [20, 30, 40, 50]) await decidedApplication(TYPE_A, hours);
    await decidedApplication(TYPE_A, 60, true);
    // The same submission again, past JetStream's dedupe window (another message id).
    await publish(duplicated, `again-${duplicated.id}`);
    // Types B and C: three and four cases, too few to publish.
    for (const hours of [5, 6, 7]) await decidedApplication(TYPE_B, hours);
    for (const hours of [5, 6, 7, 8]) await decidedApplication(TYPE_C, hours);

    // Five complaints of one service (1 to 5 hours; one escalated), two of another.
    const answers: [number, number, number][] = [
      [1, 5, 10],
      [2, 4, 9],
      [3, 4, 9],
      [4, 3, 6],
      [5, 5, 8],
    ];
    for (const [hours, rating, score] of answers) {
      const rated = await closedComplaint(SERVICE, hours, rating, score, hours === 5);
      // An answer delivered twice: the satisfaction sums count it once.
      if (hours === 1) await publish(rated, `again-${rated.id}`);
    }
    await closedComplaint(SMALL_SERVICE, 2, 1, 0);
    await closedComplaint(SMALL_SERVICE, 3, 2, 1);
    // A second small group, so that no complement is withheld beside them (suppression.ts).
    await closedComplaint(OTHER_SMALL_SERVICE, 2, 3, 5);

    const first = await payment(CURRENCY, 1000);
    for (const amount of [2000, 3000, 4000, 5000]) await payment(CURRENCY, amount);
    // A payment delivered twice (another message id): the monthly sum counts it once.
    await publish(first, `again-${first.id}`);
    await payment(SMALL_CURRENCY, 700);
    // Everything handled, the duplicates included: the figures below are final.
    await consumed();
  });

  afterAll(async () => {
    await gateway?.process.stop('SIGTERM', 15_000);
    await insights?.stop('SIGTERM', 15_000);
    await nc?.close();
  });

  it('serves every figure of its own categories, duplicates counted once', async () => {
    const d = await dashboard();
    expect(d.suppressionThreshold).toBe(5);
    const a = d.applications;
    expect(a.byCategory.find((r) => r.key === TYPE_A)).toEqual({
      key: TYPE_A,
      count: 6,
      suppressed: [],
    });
    // 10, 20, ... 60 hours: the median between 30 and 40, the 90th percentile between 50 and 60.
    expect(a.processingTimes.find((r) => r.key === TYPE_A)).toEqual({
      key: TYPE_A,
      cases: 6,
      medianHours: 35,
      p90Hours: 55,
      suppressed: [],
    });
    // One breach of six: withheld, and the share that would tell it too.
    expect(a.deadlines.find((r) => r.key === TYPE_A)).toEqual({
      key: TYPE_A,
      met: 5,
      breached: null,
      shareMet: null,
      suppressed: ['breached', 'shareMet'],
    });
    expect(a.processingTimes[0]?.key).toBe('all');

    const c = d.complaints;
    expect(c.byCategory.find((r) => r.key === SERVICE)).toEqual({
      key: SERVICE,
      count: 5,
      suppressed: [],
    });
    expect(c.processingTimes.find((r) => r.key === SERVICE)).toEqual({
      key: SERVICE,
      cases: 5,
      medianHours: 3,
      p90Hours: 4.6,
      suppressed: [],
    });
    expect(c.deadlines.find((r) => r.key === SERVICE)).toMatchObject({
      met: null,
      breached: null,
      shareMet: null,
    });
    expect(d.satisfaction.find((r) => r.serviceCode === SERVICE)).toEqual({
      month: END_MONTH,
      serviceCode: SERVICE,
      ratings: 5,
      averageRating: 4.2,
      satisfiedShare: 0.8,
      npsAnswers: 5,
      nps: 40,
      suppressed: [],
    });
    expect(d.payments.find((r) => r.currency === CURRENCY)).toEqual({
      month: END_MONTH,
      currency: CURRENCY,
      payments: 5,
      amountMinor: 15000,
      suppressed: [],
    });
  });

  it('withholds small counts and the figures from few cases, and marks them', async () => {
    const d = await dashboard();
    for (const type of [TYPE_B, TYPE_C])
      expect(d.applications.byCategory.find((r) => r.key === type)).toEqual({
        key: type,
        count: null,
        suppressed: ['count'],
      });
    expect(d.applications.processingTimes.find((r) => r.key === TYPE_B)).toEqual({
      key: TYPE_B,
      cases: null,
      medianHours: null,
      p90Hours: null,
      suppressed: ['medianHours', 'p90Hours', 'cases'],
    });
    expect(d.satisfaction.find((r) => r.serviceCode === SMALL_SERVICE)).toMatchObject({
      ratings: null,
      averageRating: null,
      nps: null,
    });
    expect(d.payments.find((r) => r.currency === SMALL_CURRENCY)).toMatchObject({
      payments: null,
      amountMinor: null,
      suppressed: ['amountMinor', 'payments'],
    });
  });

  it('gives each open-data file as CSV with a header and as a JSON array, withheld cells marked', async () => {
    const csv = await fetch(`${gateway.url}/api/v1/open-data/processing-times.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="processing-times.csv"',
    );
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('kind,category,month,cases,medianHours,p90Hours');
    const month = END_MONTH;
    expect(lines).toContain(`applications,${TYPE_A},${month},6,35,55`);
    expect(lines).toContain(`applications,${TYPE_B},${month},suppressed,suppressed,suppressed`);

    const json = await fetch(`${gateway.url}/api/v1/open-data/applications-by-month.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const rows = (await json.json()) as Record<string, unknown>[];
    expect(Array.isArray(rows)).toBe(true);
    const decidedA = rows.filter((r) => r.permitType === TYPE_A);
    expect(decidedA.reduce((sum, r) => sum + Number(r.decided ?? 0), 0)).toBe(6);
    expect(rows.find((r) => r.permitType === TYPE_B && r.month === month)).toMatchObject({
      decided: null,
      suppressed: expect.arrayContaining(['decided']) as unknown,
    });

    const satisfaction = await (
      await fetch(`${gateway.url}/api/v1/open-data/satisfaction.json`)
    ).json();
    expect(satisfaction).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ serviceCode: SERVICE, nps: 40, averageRating: 4.2 }),
      ]),
    );
    for (const dataset of [
      'complaints-by-month',
      'cases-by-status',
      'deadlines',
      'payments-by-month',
    ]) {
      const reply = await fetch(`${gateway.url}/api/v1/open-data/${dataset}.csv`);
      expect({ dataset, status: reply.status }).toEqual({ dataset, status: 200 });
      expect((await reply.text()).split('\r\n')[0]).not.toBe('');
    }
  });

  it('publishes no personal data: no applicant, reporter or payer id in any answer', async () => {
    const texts = await Promise.all(
      [
        '/api/v1/dashboard',
        '/api/v1/open-data/applications-by-month.json',
        '/api/v1/open-data/cases-by-status.csv',
        '/api/v1/open-data/payments-by-month.json',
      ].map(async (path) => (await fetch(`${gateway.url}${path}`)).text()),
    );
    const applicantId = (duplicated.data as { applicantId: string }).applicantId;
    for (const text of texts) {
      expect(text).not.toContain(applicantId);
      expect(text).not.toContain(duplicated.subject);
    }
  });

  it('answers an unknown dataset or format with a 404 problem', async () => {
    for (const file of ['people.csv', 'satisfaction.xml', 'satisfaction'])
      expectProblem(
        await call(gateway, 'GET', `/api/v1/open-data/${file}`),
        404,
        'INSIGHTS.DATASET_NOT_FOUND',
      );
  });

  it('is public and says how long an answer may be kept', async () => {
    const reply = await fetch(`${gateway.url}/api/v1/dashboard`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-cache');
    const cached = await startGateway({ GATEWAY_FIGURES_CACHE_SECONDS: '30' });
    try {
      const first = await fetch(`${cached.url}/api/v1/dashboard`);
      expect(first.headers.get('cache-control')).toBe('public, max-age=30');
      const body = (await first.json()) as Dashboard;
      // Kept: the same answer (its generation time) within the period.
      const again = (await (await fetch(`${cached.url}/api/v1/dashboard`)).json()) as Dashboard;
      expect(again.generatedAt).toBe(body.generatedAt);
    } finally {
      await cached.process.stop('SIGTERM', 15_000);
    }
  });
});
