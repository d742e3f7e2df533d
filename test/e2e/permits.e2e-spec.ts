/**
 * Issue 13 end to end: permit applications through the real gateway, permits, payments, the
 * worker (running the application workflow) and the sandbox payment provider, acted by real
 * accounts of each role. One stack for the whole file; the working day of the case clocks is one
 * second (`PERMITS_WORKING_DAY_DURATION`), and each scenario uses a permit type of its own made
 * through the admin API with the durations and rules it needs, so the independent scenarios run
 * side by side. Due times are asserted through the workflow's `permitCaseState` Query and the
 * application view rather than by waiting on many timers.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { addWorkingDays, workingDaysBetween, type BusinessCalendar } from '#calendar';
import {
  permitApplicationWorkflowId,
  permitCaseState,
  type ApplicationView,
  type PaymentView,
  type PermitCaseState,
  type Role,
} from '#contracts';
import {
  appEntry,
  appNodeFlags,
  appProcessEnvironment,
  ManagedProcess,
  randomPorts,
  repoRoot,
  run,
  startApps,
  type AppPorts,
  type RunningApps,
} from '#devstack';
import { eventually, testAppEnvironment, testEnv } from '#testing';
import { anAccount, type Account } from '../factories/accounts.js';
import { keyPem } from '../factories/apps.js';
import { call, expectProblem, type Gateway, type Reply } from '../factories/gateway.js';
import { jpegWithExif } from '../factories/images.js';
import { card, fillInHostedPage } from '../factories/payment-sandbox.js';
import { BUILDING_PERMIT } from '../../apps/permits/src/permit-types/seed-catalogue/catalogue-seed.js';

const WORKING_DAY = '1s';
/**
 * A calendar day of an issued permit's validity (`PERMITS_VALIDITY_DAY_DURATION`): a month's
 * permit expires about 15 s after its issuance; a year's after about 3 minutes.
 */
const VALIDITY_DAY = '500ms';
/** The renewal window (`PERMITS_RENEWAL_WINDOW_DAYS`): a month's permit opens it at once. */
const RENEWAL_WINDOW_DAYS = '25';
const PAYS = '4242424242424242';
/** Long enough for any scenario's people to act: 300 working days are 5 minutes here. */
const LONG = 300;
/** Waits on the stack are generous: two shared cores run every scenario at once. */
const WAIT = 90_000;

type Remedy = 'escalate' | 'deemed_approved' | 'deemed_refused' | 'fee_refund';

interface TypeOptions {
  fee?: number;
  paymentDays?: number;
  completenessCheckDays?: number;
  reviewDays?: number;
  remedy?: Remedy;
  inspection?: { required: boolean; maxReinspections: number };
  secondApprovalAbove?: number;
  validityMonths?: number;
  renewalReviewDays?: number;
}

const letters = (n: number): string =>
  Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join(
    '',
  );

/** A permit type of one scenario's own (a building permit's shape with its durations and rules). */
const definitionOf = (code: string, o: TypeOptions) => ({
  ...BUILDING_PERMIT,
  code,
  prefix: letters(4),
  documentKinds: [BUILDING_PERMIT.documentKinds[0]],
  formSchema: {
    type: 'object',
    properties: {
      description: { type: 'string', minLength: 1, maxLength: 2000 },
      business_name: { type: 'string', minLength: 1, maxLength: 200 },
    },
    required: ['description'],
    additionalProperties: false,
  },
  fee: {
    currency: 'EUR',
    base: { amountMinor: o.fee ?? 0, revenueCode: 'permits.e2e', descriptionKey: 'fees.e2e' },
    perUnit: [],
  },
  paymentDays: o.paymentDays ?? LONG,
  completenessCheckDays: o.completenessCheckDays ?? 1,
  reviewDays: o.reviewDays ?? LONG,
  remedy: o.remedy ?? 'escalate',
  inspection: o.inspection ?? { required: false, maxReinspections: 0 },
  approval:
    o.secondApprovalAbove === undefined
      ? {}
      : {
          secondApprover: {
            role: 'supervisor',
            quantity: 'floor_area_m2',
            above: o.secondApprovalAbove,
          },
        },
  renewalReviewDays: o.renewalReviewDays ?? BUILDING_PERMIT.renewalReviewDays,
  validity: { months: o.validityMonths ?? 12 },
  publicHolderField: 'business_name',
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

describe('permits end to end: applications, payments, reviews, inspections and the legal clock', () => {
  let ports: AppPorts;
  let apps: RunningApps;
  let stackEnv: NodeJS.ProcessEnv;
  let filesDir: string;
  let gateway: Gateway;
  let temporal: Connection;
  let client: Client;
  let replacementWorker: ManagedProcess | undefined;
  const people = {} as Record<
    'citizen' | 'neighbour' | 'clerk' | 'clerk2' | 'supervisor' | 'supervisor2' | 'inspector',
    Account
  >;
  let admin: Account;
  /** Each scenario's promise, started together once the stack is up. */
  const running = new Map<string, Promise<void>>();

  // ---- the stack's helpers ---------------------------------------------------------------

  const api = (
    method: string,
    path: string,
    options: { who?: Account; body?: unknown; key?: string } = {},
  ): Promise<Reply> =>
    call(gateway, method, path, {
      ...(options.who ? { token: options.who.token } : {}),
      ...(options.body === undefined ? {} : { body: options.body }),
      headers: options.key ? { 'idempotency-key': options.key } : {},
    });

  const expectOk = (reply: Reply, status = 200): Record<string, unknown> => {
    if (reply.status !== status)
      throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };

  /** Publishes a permit type of the scenario's own; its code. */
  async function aType(options: TypeOptions): Promise<string> {
    const code = `e2e-${randomUUID().slice(0, 8)}`;
    expectOk(
      await api('POST', '/api/v1/permit-types', {
        who: admin,
        body: definitionOf(code, options),
        key: randomUUID(),
      }),
      201,
    );
    return code;
  }

  const viewOf = async (who: Account, id: string): Promise<ApplicationView> =>
    expectOk(await api('GET', `/api/v1/applications/${id}`, { who })) as unknown as ApplicationView;

  /** Waits until the application (as `who` reads it) matches `predicate`. */
  const until = (
    who: Account,
    id: string,
    predicate: (view: ApplicationView) => boolean,
    what: string,
  ): Promise<ApplicationView> =>
    eventually(
      async () => {
        const view = await viewOf(who, id);
        return predicate(view) ? view : undefined;
      },
      WAIT,
      `${id}: ${what}`,
    );

  const caseState = (id: string): Promise<PermitCaseState> =>
    client.workflow.getHandle(permitApplicationWorkflowId(id)).query(permitCaseState);

  /**
   * Waits until the application matches `predicate` in the table and its workflow has seen it
   * too (same status and step): a step taken at once is then judged on what the caller read.
   * (The permits service also waits a moment for a workflow behind its table; on two shared
   * cores under load that moment can be longer than a request may take.)
   */
  const actionable = (
    who: Account,
    id: string,
    predicate: (view: ApplicationView) => boolean,
    what: string,
  ): Promise<ApplicationView> =>
    eventually(
      async () => {
        const view = await viewOf(who, id);
        if (!predicate(view)) return undefined;
        const state = await caseState(id);
        return state.status === view.status && state.step === view.step ? view : undefined;
      },
      WAIT,
      `${id}: ${what} (and its workflow too)`,
    );

  async function upload(who: Account, id: string, kind: string): Promise<{ id: string }> {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'plan.pdf');
    const response = await fetch(`${gateway.url}/api/v1/applications/${id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.token}` },
      body: form,
    });
    const text = await response.text();
    if (response.status !== 201)
      throw new Error(`upload: expected 201, got ${response.status}: ${text}`);
    return JSON.parse(text) as { id: string };
  }

  /** A citizen's application of `type`: drafted, its site plan added, submitted. */
  async function submitted(
    type: string,
    options: { who?: Account; area?: number } = {},
  ): Promise<{ id: string; documentId: string; caseNumber: string }> {
    const who = options.who ?? people.citizen;
    const draft = expectOk(
      await api('POST', '/api/v1/applications', {
        who,
        key: randomUUID(),
        body: {
          permitType: type,
          title: 'A garden workshop',
          site: { address: '1 Test Street', lat: 52.52, lon: 13.4 },
          details: { description: 'A small workshop', business_name: 'Workshop & Sons' },
          quantities: { floor_area_m2: options.area ?? 40 },
        },
      }),
      201,
    ) as unknown as ApplicationView;
    const document = await upload(who, draft.id, 'site_plan');
    const sent = expectOk(
      await api('POST', `/api/v1/applications/${draft.id}/submit`, { who, key: randomUUID() }),
    ) as unknown as ApplicationView;
    expect(sent).toMatchObject({ status: 'submitted' });
    return { id: draft.id, documentId: document.id, caseNumber: sent.caseNumber as string };
  }

  /** Pays the application's open invoice on the sandbox's hosted page; the payment. */
  async function pay(who: Account, invoiceId: string): Promise<PaymentView> {
    const started = expectOk(
      await api('POST', `/api/v1/invoices/${invoiceId}/payments`, { who, key: randomUUID() }),
      201,
    ) as unknown as PaymentView;
    const page = await fillInHostedPage(started.nextUrl ?? '', card(PAYS));
    expect(page.status).toBe(303);
    return started;
  }

  /** A decision through the gateway (Idempotency-Key required). */
  const decide = (
    who: Account,
    id: string,
    body: Record<string, unknown>,
    key = randomUUID(),
  ): Promise<Reply> => api('POST', `/api/v1/applications/${id}/decisions`, { who, body, key });

  const underReview = (id: string) =>
    actionable(
      people.citizen,
      id,
      (v) => v.status === 'under_review' && v.clock === 'running',
      'under review',
    );

  const transitionsOf = (view: ApplicationView): string[] => view.timeline.map((t) => t.transition);

  /** Schedules the next inspection with the inspector; the inspection's id. */
  async function schedule(id: string): Promise<string> {
    const scheduled = expectOk(
      await api('POST', `/api/v1/applications/${id}/inspections`, {
        who: people.clerk,
        key: randomUUID(),
        body: { inspectorId: people.inspector.id, date: '2026-06-01' },
      }),
      201,
    );
    expect(scheduled).toMatchObject({ status: 'scheduled', inspectorId: people.inspector.id });
    return scheduled.inspectionId as string;
  }

  const inspect = async (inspectionId: string, outcome: 'pass' | 'fail') =>
    expectOk(
      await api('POST', `/api/v1/inspections/${inspectionId}/result`, {
        who: people.inspector,
        key: randomUUID(),
        body: { outcome, findings: outcome === 'fail' ? 'The fire exit is blocked.' : 'Fine.' },
      }),
    );

  /** A result with photos, as the inspector's device sends it (multipart/form-data). */
  const inspectWithPhotos = (
    who: Account,
    inspectionId: string,
    outcome: 'pass' | 'fail',
    photos: Buffer[],
  ): Promise<Response> => {
    const form = new FormData();
    form.append('outcome', outcome);
    form.append('findings', 'Cracks in the east wall, see the photos.');
    photos.forEach((photo, n) =>
      form.append('photos', new Blob([photo], { type: 'image/jpeg' }), `IMG_${n}.jpg`),
    );
    return fetch(`${gateway.url}/api/v1/inspections/${inspectionId}/result`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.token}`, 'idempotency-key': randomUUID() },
      body: form,
    });
  };

  /** The files stored under an inspection's photo prefix. */
  const storedPhotos = async (inspectionId: string): Promise<string[]> =>
    (
      await readdir(join(filesDir, 'permits/inspections', inspectionId, 'photos')).catch(
        () => [] as string[],
      )
    ).sort();

  // ---- the scenarios -----------------------------------------------------------------------

  /** Submitted, paid on the hosted page, inspected, approved, issued and verified in public. */
  async function happyPath(): Promise<void> {
    const type = await aType({
      fee: 12_500,
      inspection: { required: true, maxReinspections: 1 },
      secondApprovalAbove: 500,
    });
    const { id } = await submitted(type);
    const awaiting = await until(
      people.citizen,
      id,
      (v) => v.status === 'awaiting_payment',
      'awaiting payment',
    );
    expect(awaiting).toMatchObject({
      fee: { amountMinor: 12_500, currency: 'EUR' },
      invoiceId: expect.any(String),
    });
    await pay(people.citizen, awaiting.invoiceId as string);
    await underReview(id);
    expect((await caseState(id)).feePaidMinor).toBe(12_500);

    const claimed = expectOk(
      await api('POST', `/api/v1/tasks/${id}/claim`, { who: people.clerk, key: randomUUID() }),
    );
    expect(claimed).toMatchObject({ assigneeId: people.clerk.id });
    // An inspection first: approving before it is refused with a stable code.
    expectProblem(
      await decide(people.clerk, id, { decision: 'approve' }),
      409,
      'PERMITS.INSPECTION_REQUIRED',
    );
    const inspectionId = await schedule(id);
    expect(await inspect(inspectionId, 'pass')).toMatchObject({ status: 'passed' });
    await actionable(people.clerk, id, (v) => v.status === 'under_review', 'back in review');

    const approved = expectOk(
      await decide(people.clerk, id, { decision: 'approve', note: 'All in order.' }),
    ) as unknown as ApplicationView;
    // The decision answers the whole application as the table holds it once recorded.
    expect(approved).toMatchObject({ id, documents: expect.any(Array) });
    // Approved, or issued already: the workflow issues right after.
    expect(['approved', 'issued']).toContain(approved.status);
    expect(transitionsOf(approved)).toContain('approved');

    const issued = await until(people.citizen, id, (v) => v.status === 'issued', 'issued');
    const permit = issued.permit as NonNullable<ApplicationView['permit']>;
    expect(permit.permitNumber).toMatch(/^[A-Z]{4}-P-\d{4}-\d{6}$/);
    expect(transitionsOf(issued)).toEqual(
      expect.arrayContaining([
        'payment-requested',
        'review-started',
        'inspection-scheduled',
        'inspection-passed',
        'approved',
        'issued',
      ]),
    );
    expect((await caseState(id).catch(() => undefined))?.permitNumber ?? permit.permitNumber).toBe(
      permit.permitNumber,
    );

    const verified = await api('GET', `/api/v1/permits/${permit.permitNumber}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      permitNumber: permit.permitNumber,
      valid: true,
      reason: null,
      permitType: type,
      holderName: 'Workshop & Sons',
    });
    expect(JSON.stringify(verified.body)).not.toContain(people.citizen.id);
    expectProblem(
      await api('GET', `/api/v1/permits/${permit.permitNumber.replace(/\d{6}$/, '999999')}`),
      404,
      'PERMITS.PERMIT_NOT_FOUND',
    );
  }

  /** Changes asked in review stop the clock; the resubmission restarts it with the days left. */
  async function changesRequested(): Promise<void> {
    const type = await aType({});
    const { id } = await submitted(type);
    const reviewing = await underReview(id);
    const running = await caseState(id);
    expect(running).toMatchObject({ clock: 'running', workingDaysLeft: LONG });
    expect(reviewing.reviewDue?.utc).toBe(running.reviewDueAt);

    const asked = expectOk(
      await decide(people.clerk, id, {
        decision: 'request_changes',
        reasonCode: 'site_plan_unreadable',
        note: 'Please send a legible site plan.',
        revisionItems: [{ key: 'document:site_plan', note: 'Scale 1:500' }],
      }),
    ) as unknown as ApplicationView;
    expect(asked).toMatchObject({ status: 'changes_requested', clock: 'stopped', reviewDue: null });
    const stopped = await caseState(id);
    expect(stopped).toMatchObject({ clock: 'stopped', reviewDueAt: null });
    const left = stopped.workingDaysLeft as number;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(LONG);
    const waiting = await viewOf(people.citizen, id);
    expect(waiting).toMatchObject({
      status: 'changes_requested',
      reviewDue: null,
      workingDaysLeft: left,
      revisionItems: [{ key: 'document:site_plan', status: 'open' }],
    });
    // The applicant reads the decision's note addressed to them.
    expect(waiting.timeline.find((t) => t.transition === 'changes-requested')).toMatchObject({
      reasonCode: 'site_plan_unreadable',
      revisionItemKeys: ['document:site_plan'],
      note: expect.stringContaining('legible site plan'),
    });

    // A stopped clock keeps its days however long the applicant takes.
    await upload(people.citizen, id, 'site_plan');
    expect((await caseState(id)).workingDaysLeft).toBe(left);
    expectOk(
      await api('POST', `/api/v1/applications/${id}/resubmit`, {
        who: people.citizen,
        key: randomUUID(),
      }),
    );
    const restarted = await until(
      people.citizen,
      id,
      (v) => v.clock === 'running' && v.reviewDue !== null,
      'clock restarted',
    );
    const state = await caseState(id);
    expect(state).toMatchObject({ clock: 'running', workingDaysLeft: left });
    expect(restarted.reviewDue?.utc).toBe(state.reviewDueAt);
    expect(restarted.workingDaysLeft).toBe(left);
    // The due time is the end of the `left`th working day after the restart, in the city's zone.
    const published = expectOk(await api('GET', '/api/v1/calendar')) as unknown as Omit<
      BusinessCalendar,
      'holidays'
    > & { holidays: { date: string }[] };
    const calendar: BusinessCalendar = {
      ...published,
      holidays: published.holidays.map((h) => h.date),
    };
    const restartedAt = new Date(
      [...restarted.timeline].reverse().find((t) => t.transition === 'review-started')?.at ?? '',
    );
    expect(state.reviewDueAt).toBe(addWorkingDays(restartedAt, left, calendar).toISOString());
    expect(workingDaysBetween(restartedAt, new Date(state.reviewDueAt as string), calendar)).toBe(
      left,
    );
    // Due at the end of that day: the next local midnight.
    expect(restarted.reviewDue?.local).toMatch(/T00:00:00[+-]\d{2}:\d{2}$/);

    expectOk(await decide(people.clerk, id, { decision: 'approve' }));
    const issued = await until(people.citizen, id, (v) => v.status === 'issued', 'issued');
    expect(transitionsOf(issued)).toEqual(
      expect.arrayContaining(['changes-requested', 'resubmitted', 'approved', 'issued']),
    );
  }

  /** A rejection closes the case; a decision afterwards is refused, nothing changes. */
  async function rejection(): Promise<void> {
    const type = await aType({});
    const { id } = await submitted(type);
    await underReview(id);
    expectProblem(
      await decide(people.clerk, id, { decision: 'reject' }),
      422,
      'PERMITS.REASON_REQUIRED',
    );
    const rejected = expectOk(
      await decide(people.clerk, id, { decision: 'reject', reasonCode: 'zoning_conflict' }),
    ) as unknown as ApplicationView;
    expect(rejected).toMatchObject({ status: 'rejected', step: 'closed' });
    await eventually(
      async () =>
        (await client.workflow.getHandle(permitApplicationWorkflowId(id)).describe()).status
          .name === 'COMPLETED'
          ? true
          : undefined,
      WAIT,
      'workflow completed',
    );
    expectProblem(
      await decide(people.clerk, id, { decision: 'approve' }),
      409,
      'PERMITS.INVALID_TRANSITION',
    );
    expect((await viewOf(people.citizen, id)).status).toBe('rejected');
  }

  /** A failed inspection, a second one passed, then approved and issued. */
  async function failedThenPassed(): Promise<void> {
    const type = await aType({ inspection: { required: true, maxReinspections: 1 } });
    const { id } = await submitted(type);
    await underReview(id);
    const first = await schedule(id);
    const photos = [
      jpegWithExif('GPS 52.5200N 13.4050E INSPECTOR-PHONE'),
      jpegWithExif('INSPECTOR-PHONE', Buffer.from([0x21, 0x43, 0x65, 0x87])),
    ];
    // Refused before anything is stored: an inspector not assigned, an inspection that is not.
    const stranger = await anAccount(gateway, 'inspector');
    const notAssigned = await inspectWithPhotos(stranger, first, 'fail', photos);
    expect([notAssigned.status, await notAssigned.json()]).toMatchObject([
      403,
      { code: 'PERMITS.NOT_ASSIGNED_INSPECTOR' },
    ]);
    const unknown = randomUUID();
    const missing = await inspectWithPhotos(people.inspector, unknown, 'fail', photos);
    expect([missing.status, await missing.json()]).toMatchObject([
      404,
      { code: 'PERMITS.INSPECTION_NOT_FOUND' },
    ]);
    expect(await storedPhotos(first)).toEqual([]);
    expect(await storedPhotos(unknown)).toEqual([]);
    // The assigned inspector's failed result with two photos, their metadata stripped.
    const failed = await inspectWithPhotos(people.inspector, first, 'fail', photos);
    expect([failed.status, await failed.json()]).toMatchObject([
      200,
      { status: 'failed', photos: 2 },
    ]);
    const kept = await storedPhotos(first);
    expect(kept).toHaveLength(2);
    for (const name of kept) {
      const bytes = await readFile(join(filesDir, 'permits/inspections', first, 'photos', name));
      expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(bytes.toString('latin1')).not.toContain('INSPECTOR-PHONE');
    }
    await actionable(people.clerk, id, (v) => v.step === 'inspection_failed', 'inspection failed');
    const second = await schedule(id);
    expect(second).not.toBe(first);
    expect(await inspect(second, 'pass')).toMatchObject({ status: 'passed' });
    await actionable(people.clerk, id, (v) => v.status === 'under_review', 'back in review');
    expectOk(await decide(people.clerk, id, { decision: 'approve' }));
    const issued = await until(people.citizen, id, (v) => v.status === 'issued', 'issued');
    expect(issued.inspections.map((i) => [i.round, i.status])).toEqual(
      expect.arrayContaining([
        [1, 'failed'],
        [2, 'passed'],
      ]),
    );
  }

  /** A failure past the type's re-inspection limit refuses the application. */
  async function reinspectionLimit(): Promise<void> {
    const type = await aType({ inspection: { required: true, maxReinspections: 1 } });
    const { id } = await submitted(type);
    await underReview(id);
    await inspect(await schedule(id), 'fail');
    await actionable(people.clerk, id, (v) => v.step === 'inspection_failed', 'inspection failed');
    await inspect(await schedule(id), 'fail');
    const refused = await until(people.citizen, id, (v) => v.status === 'rejected', 'rejected');
    expect(refused.timeline.at(-1)).toMatchObject({
      transition: 'rejected',
      reasonCode: 'reinspection_limit_reached',
    });
  }

  /** Above the threshold a second, different supervisor approves. */
  async function fourEyes(): Promise<void> {
    const type = await aType({ secondApprovalAbove: 500 });
    const { id } = await submitted(type, { area: 600 });
    await underReview(id);
    expect((await caseState(id)).secondApprovalRequired).toBe(true);
    const first = expectOk(
      await decide(people.supervisor, id, { decision: 'approve' }),
    ) as unknown as ApplicationView;
    expect(first).toMatchObject({
      status: 'under_review',
      step: 'second_approval',
      approverIds: [people.supervisor.id],
    });
    expectProblem(
      await decide(people.supervisor, id, { decision: 'approve' }),
      403,
      'POLICY.SAME_APPROVER',
    );
    expectProblem(
      await decide(people.clerk, id, { decision: 'approve' }),
      403,
      'PERMITS.SECOND_APPROVAL_ROLE',
    );
    const second = expectOk(
      await decide(people.supervisor2, id, { decision: 'approve' }),
    ) as unknown as ApplicationView;
    expect(second).toMatchObject({ approverIds: [people.supervisor.id, people.supervisor2.id] });
    expect(['approved', 'issued']).toContain(second.status);
    await until(people.citizen, id, (v) => v.status === 'issued', 'issued');
  }

  /** Withdrawn after paying: the fee is refunded (the sandbox's refund.succeeded) first. */
  async function withdrawalAfterPayment(): Promise<void> {
    const type = await aType({ fee: 7_000 });
    const { id } = await submitted(type);
    const awaiting = await until(
      people.citizen,
      id,
      (v) => v.status === 'awaiting_payment',
      'awaiting payment',
    );
    const payment = await pay(people.citizen, awaiting.invoiceId as string);
    await underReview(id);
    const withdrawing = expectOk(
      await api('POST', `/api/v1/applications/${id}/withdraw`, {
        who: people.citizen,
        key: randomUUID(),
      }),
    );
    expect(['withdrawn', 'under_review']).toContain(withdrawing.status);
    const withdrawn = await until(people.citizen, id, (v) => v.status === 'withdrawn', 'withdrawn');
    expect(withdrawn.timeline.at(-1)).toMatchObject({
      transition: 'withdrawn',
      actorId: people.citizen.id,
    });
    const refunded = expectOk(
      await api('GET', `/api/v1/payments/${payment.id}`, { who: people.citizen }),
    ) as unknown as PaymentView;
    expect(refunded.refundSummary).toMatchObject({ status: 'full', amountSubmitted: 7_000 });
  }

  /** An unpaid fee: the invoice expires (payments' sweeper) and the application lapses. */
  async function feeLapse(): Promise<void> {
    const type = await aType({ fee: 3_000, paymentDays: 8 });
    const { id } = await submitted(type);
    const lapsed = await until(people.citizen, id, (v) => v.status === 'lapsed', 'lapsed');
    expect(transitionsOf(lapsed)).toEqual(
      expect.arrayContaining(['payment-requested', 'payment-reminded', 'lapsed']),
    );
    const invoice = expectOk(
      await api('GET', `/api/v1/invoices/${lapsed.invoiceId ?? ''}`, { who: people.citizen }),
    );
    expect(invoice.status).toBe('expired');
  }

  /** The review clock runs out: the type's remedy. */
  async function missedDeadline(remedy: Remedy): Promise<void> {
    const fee = remedy === 'fee_refund' ? 4_000 : 0;
    const type = await aType({ fee, reviewDays: 3, remedy });
    const { id } = await submitted(type);
    let payment: PaymentView | undefined;
    if (fee > 0) {
      const awaiting = await until(
        people.citizen,
        id,
        (v) => v.status === 'awaiting_payment',
        'awaiting payment',
      );
      payment = await pay(people.citizen, awaiting.invoiceId as string);
    }
    const reviewing = await until(
      people.citizen,
      id,
      (v) => v.reviewDue !== null,
      'the review clock started',
    );
    const started = await caseState(id).catch(() => undefined);
    if (started?.clock === 'running') {
      expect(started.workingDaysLeft).toBe(3);
      expect(reviewing.reviewDue?.utc).toBe(started.reviewDueAt);
    }
    switch (remedy) {
      case 'escalate': {
        const escalated = await until(people.supervisor, id, (v) => v.escalated, 'escalated');
        expect(escalated).toMatchObject({ status: 'under_review' });
        expect(transitionsOf(escalated)).toContain('escalated');
        expect((await caseState(id)).escalated).toBe(true);
        const tasks = expectOk(await api('GET', '/api/v1/tasks', { who: people.supervisor }));
        expect(tasks.items).toEqual(
          expect.arrayContaining([expect.objectContaining({ id, kind: 'escalation' })]),
        );
        // Still decidable: the clerk rejects, and the case closes.
        expectOk(await decide(people.clerk, id, { decision: 'reject', reasonCode: 'late' }));
        return;
      }
      case 'deemed_approved': {
        const issued = await until(people.citizen, id, (v) => v.status === 'issued', 'issued');
        expect(transitionsOf(issued)).toEqual(
          expect.arrayContaining(['deemed-approved', 'issued']),
        );
        return;
      }
      case 'deemed_refused': {
        const refused = await until(people.citizen, id, (v) => v.status === 'rejected', 'refused');
        expect(transitionsOf(refused)).toContain('deemed-refused');
        return;
      }
      case 'fee_refund': {
        const refunded = await until(
          people.citizen,
          id,
          (v) => transitionsOf(v).includes('fee-refunded'),
          'fee refunded',
        );
        expect(refunded.status).toBe('under_review');
        const summary = await eventually(
          async () => {
            const p = (
              await api('GET', `/api/v1/payments/${payment?.id ?? ''}`, {
                who: people.citizen,
              })
            ).body as unknown as PaymentView;
            return p.refundSummary.status === 'full' ? p.refundSummary : undefined;
          },
          WAIT,
          'refund succeeded',
        );
        expect(summary.amountSubmitted).toBe(4_000);
        // The city still decides.
        expectOk(await decide(people.clerk, id, { decision: 'approve' }));
        await until(people.citizen, id, (v) => v.status === 'issued', 'issued');
        return;
      }
    }
  }

  /**
   * Conditions of approval (issue 15): approved with a condition unmet, the application waits in
   * `approved / awaiting_conditions` without a permit; bad marks are refused with nothing
   * changed; the last condition met (by whom and when) issues the permit.
   */
  async function conditionsBlockIssuance(): Promise<void> {
    const type = await aType({ reviewDays: LONG });
    const { id } = await submitted(type);
    await underReview(id);
    const attach = (code: string, text: string) =>
      api('POST', `/api/v1/applications/${id}/conditions`, {
        who: people.clerk,
        key: randomUUID(),
        body: { code, text },
      });
    expectOk(await attach('final_inspection', 'Final inspection before occupancy.'), 201);
    const both = expectOk(
      await attach('fire_safety_certificate', 'Fire safety certificate on file.'),
      201,
    ) as unknown as ApplicationView;
    expect(both.conditions.map((c) => [c.code, c.text, c.status])).toEqual([
      ['final_inspection', 'Final inspection before occupancy.', 'unmet'],
      ['fire_safety_certificate', 'Fire safety certificate on file.', 'unmet'],
    ]);
    const [first, second] = both.conditions as [
      ApplicationView['conditions'][number],
      ApplicationView['conditions'][number],
    ];
    // Bad input: refused, nothing changed.
    expectProblem(
      await api('POST', `/api/v1/applications/${id}/conditions`, {
        who: people.citizen,
        key: randomUUID(),
        body: { code: 'x', text: 'y' },
      }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    expectProblem(await attach('Not A Code', ''), 422, 'VALIDATION_FAILED');
    const met = (conditionId: string, who: Account, note?: string) =>
      api('POST', `/api/v1/applications/${id}/conditions/${conditionId}/met`, {
        who,
        key: randomUUID(),
        body: note ? { note } : {},
      });
    expectProblem(await met(randomUUID(), people.clerk), 404, 'PERMITS.CONDITION_NOT_FOUND');
    const firstMet = expectOk(
      await met(first.id, people.inspector, 'Inspected on site.'),
    ) as unknown as ApplicationView;
    expect(firstMet.conditions[0]).toMatchObject({
      status: 'met',
      metBy: people.inspector.id,
      metByRole: 'inspector',
      metNote: 'Inspected on site.',
    });
    expectProblem(await met(first.id, people.clerk), 409, 'PERMITS.CONDITION_ALREADY_MET');

    const approved = expectOk(
      await decide(people.clerk, id, { decision: 'approve' }),
    ) as unknown as ApplicationView;
    expect(approved).toMatchObject({
      status: 'approved',
      step: 'awaiting_conditions',
      permit: null,
    });
    const waiting = await caseState(id);
    expect(waiting).toMatchObject({ step: 'awaiting_conditions', unmetConditions: 1 });
    // Still no permit: the application waits for its last condition.
    expect(await viewOf(people.citizen, id)).toMatchObject({ status: 'approved', permit: null });

    expectOk(await met(second.id, people.supervisor));
    const issued = await until(people.citizen, id, (v) => v.status === 'issued', 'issued');
    expect(issued.permit?.permitNumber).toMatch(/-P-\d{4}-\d{6}$/);
    expect(transitionsOf(issued)).toEqual(
      expect.arrayContaining(['condition-added', 'condition-met', 'approved', 'issued']),
    );
    const t = transitionsOf(issued);
    expect(t.lastIndexOf('condition-met')).toBeGreaterThan(t.indexOf('approved'));
    expect(t.indexOf('issued')).toBeGreaterThan(t.lastIndexOf('condition-met'));
    // The applicant sees the conditions and who met them, not the staff's notes.
    expect(issued.conditions.map((c) => [c.status, c.metBy, c.metNote])).toEqual([
      ['met', people.inspector.id, null],
      ['met', people.supervisor.id, null],
    ]);
    expect(issued.conditions.every((c) => c.metAt !== null)).toBe(true);
  }

  /**
   * A supervisor's hold (issue 15): the review clock stops (its deadline passes unseen), moves
   * are refused 409 with nothing changed, and the release restarts the clock with the days it
   * kept; the type's remedy then comes on the new schedule.
   */
  async function holdAndRelease(): Promise<void> {
    const reviewDays = 6;
    const type = await aType({ reviewDays, remedy: 'deemed_refused' });
    const { id } = await submitted(type);
    await underReview(id);
    const held = expectOk(
      await api('POST', `/api/v1/applications/${id}/hold`, {
        who: people.supervisor,
        key: randomUUID(),
        body: { reasonCode: 'legal_review', note: 'Awaiting a court ruling on the boundary.' },
      }),
    ) as unknown as ApplicationView;
    expect(held).toMatchObject({
      status: 'under_review',
      clock: 'stopped',
      reviewDue: null,
      hold: { reasonCode: 'legal_review', note: 'Awaiting a court ruling on the boundary.' },
    });
    const kept = held.workingDaysLeft as number;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThanOrEqual(reviewDays);
    expect((await viewOf(people.citizen, id)).hold).toMatchObject({
      reasonCode: 'legal_review',
      note: null,
    });
    // Moves while held: refused, nothing changed.
    expectProblem(
      await decide(people.clerk, id, { decision: 'approve' }),
      409,
      'PERMITS.APPLICATION_ON_HOLD',
    );
    expectProblem(
      await api('POST', `/api/v1/tasks/${id}/claim`, { who: people.clerk, key: randomUUID() }),
      409,
      'PERMITS.APPLICATION_ON_HOLD',
    );
    expectProblem(
      await api('POST', `/api/v1/applications/${id}/hold`, {
        who: people.supervisor2,
        key: randomUUID(),
        body: { reasonCode: 'again' },
      }),
      409,
      'PERMITS.APPLICATION_ON_HOLD',
    );
    expectProblem(
      await api('POST', `/api/v1/applications/${id}/hold`, {
        who: people.clerk,
        key: randomUUID(),
        body: { reasonCode: 'legal_review' },
      }),
      403,
      'IDENTITY.FORBIDDEN',
    );
    // Longer than the whole review clock: its remedy must not come while held.
    await new Promise((resolve) => setTimeout(resolve, (reviewDays + 2) * 1_000));
    const still = await viewOf(people.supervisor, id);
    expect(still).toMatchObject({ status: 'under_review', clock: 'stopped', assigneeId: null });
    expect(transitionsOf(still).at(-1)).toBe('held');

    const released = expectOk(
      await api('POST', `/api/v1/applications/${id}/release`, {
        who: people.supervisor,
        key: randomUUID(),
        body: {},
      }),
    ) as unknown as ApplicationView;
    expect(released).toMatchObject({ clock: 'running', hold: null, workingDaysLeft: kept });
    expect(Date.parse(released.reviewDue?.utc ?? '')).toBeGreaterThan(Date.now());
    expectProblem(
      await api('POST', `/api/v1/applications/${id}/release`, {
        who: people.supervisor,
        key: randomUUID(),
        body: {},
      }),
      409,
      'PERMITS.APPLICATION_NOT_ON_HOLD',
    );
    const refused = await until(people.citizen, id, (v) => v.status === 'rejected', 'refused');
    const t = transitionsOf(refused);
    expect(t.slice(t.indexOf('held'))).toEqual(['held', 'released', 'deemed-refused']);
    const at = (name: string) =>
      Date.parse(refused.timeline.find((e) => e.transition === name)?.at ?? '');
    expect(at('released') - at('held')).toBeGreaterThanOrEqual((reviewDays + 2) * 1_000);
  }

  /** Two clerks deciding at once: exactly one wins, the other is told 409. */
  async function twoClerksAtOnce(): Promise<void> {
    const type = await aType({});
    const { id } = await submitted(type);
    await underReview(id);
    const replies = await Promise.all([
      decide(people.clerk, id, { decision: 'approve' }),
      decide(people.clerk2, id, { decision: 'reject', reasonCode: 'zoning_conflict' }),
    ]);
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const loser = replies.find((r) => r.status === 409) as Reply;
    expect(['PERMITS.DECISION_IN_PROGRESS', 'PERMITS.INVALID_TRANSITION']).toContain(
      loser.body.code,
    );
    const winner = replies.find((r) => r.status === 200) as Reply;
    const final = await until(
      people.citizen,
      id,
      (v) => v.status === 'issued' || v.status === 'rejected',
      'decided',
    );
    expect(final.timeline.filter((t) => ['approved', 'rejected'].includes(t.transition))).toEqual([
      expect.objectContaining({
        actorId: winner === replies[0] ? people.clerk.id : people.clerk2.id,
      }),
    ]);
  }

  /** One applicant never reads another's application or document. */
  async function othersApplication(): Promise<void> {
    const type = await aType({});
    const { id, documentId } = await submitted(type);
    const download = (who: Account) =>
      fetch(`${gateway.url}/api/v1/applications/${id}/documents/${documentId}`, {
        headers: { authorization: `Bearer ${who.token}` },
      });
    const own = await download(people.citizen);
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(PDF)).toBe(true);
    const refused = await api('GET', `/api/v1/applications/${id}`, { who: people.neighbour });
    expect([403, 404]).toContain(refused.status);
    expect(JSON.stringify(refused.body)).not.toContain('Workshop');
    const document = await download(people.neighbour);
    expect([403, 404]).toContain(document.status);
    expect(await document.text()).not.toContain('%PDF');
    const list = expectOk(await api('GET', '/api/v1/applications', { who: people.neighbour }));
    expect(JSON.stringify(list)).not.toContain(id);
    const changed = await api('PATCH', `/api/v1/applications/${id}`, {
      who: people.neighbour,
      body: { title: 'Mine now' },
    });
    expect([403, 404]).toContain(changed.status);
    expectProblem(
      await api('POST', `/api/v1/applications/${id}/withdraw`, {
        who: people.neighbour,
        key: randomUUID(),
      }),
      refused.status,
      refused.body.code as string,
    );
  }

  // ---- an issued permit's life -------------------------------------------------------------

  /** A permit of a type of the scenario's own, issued (no fee, approved at once); its number. */
  async function anIssuedPermit(type: string): Promise<{ id: string; permitNumber: string }> {
    const { id } = await submitted(type);
    await underReview(id);
    expectOk(await decide(people.clerk, id, { decision: 'approve' }));
    const issued = await until(people.citizen, id, (v) => v.status === 'issued', 'issued');
    return {
      id,
      permitNumber: (issued.permit as NonNullable<ApplicationView['permit']>).permitNumber,
    };
  }

  /** Sends `send` again while the permit's workflow is not started yet (409 CASE_NOT_STARTED). */
  const once = (send: () => Promise<Reply>): Promise<Reply> =>
    eventually(
      async () => {
        const reply = await send();
        return reply.body.code === 'PERMITS.CASE_NOT_STARTED' ? undefined : reply;
      },
      WAIT,
      'the permit workflow started',
    );

  /** Revocation: refusals first, then a supervisor's; verification and the proof say revoked. */
  async function permitRevoked(): Promise<void> {
    const type = await aType({});
    const { id, permitNumber } = await anIssuedPermit(type);
    const revoke = (who: Account, key = randomUUID(), number = permitNumber) =>
      api('POST', `/api/v1/permits/${number}/revoke`, {
        who,
        key,
        body: { reasonCode: 'conditions_breached', note: 'The site is used as a warehouse.' },
      });
    expectProblem(
      await revoke(people.supervisor, randomUUID(), permitNumber.replace(/\d{6}$/, '999999')),
      404,
      'PERMITS.PERMIT_NOT_FOUND',
    );
    // The gateway refuses the role before permits sees it.
    expectProblem(await revoke(people.clerk), 403, 'IDENTITY.FORBIDDEN');
    expectProblem(
      await api('POST', `/api/v1/permits/${permitNumber}/revoke`, {
        who: people.supervisor,
        key: randomUUID(),
        body: { reasonCode: 'did_not_like_it' },
      }),
      422,
      'VALIDATION_FAILED',
    );
    // A year's permit: its renewal window is months away.
    expectProblem(
      await once(() =>
        api('POST', `/api/v1/permits/${permitNumber}/renew`, {
          who: people.citizen,
          key: randomUUID(),
        }),
      ),
      409,
      'PERMITS.RENEWAL_WINDOW_CLOSED',
    );
    const key = randomUUID();
    const revoked = expectOk(await once(() => revoke(people.supervisor, key)));
    expect(revoked).toMatchObject({ permitNumber, valid: false, status: 'revoked' });
    // The same request again is the same answer; another revocation is refused.
    expect(expectOk(await revoke(people.supervisor, key))).toEqual(revoked);
    expectProblem(await revoke(people.supervisor2), 409, 'PERMITS.PERMIT_NOT_ACTIVE');

    const verified = expectOk(await api('GET', `/api/v1/permits/${permitNumber}`));
    expect(verified).toMatchObject({ valid: false, status: 'revoked', reason: 'revoked' });
    expect((await viewOf(people.citizen, id)).permit).toMatchObject({ status: 'revoked' });
    const document = await proofWith(permitNumber, 'gov.permits.permit.revoked.v1');
    const proof = document.entries as { type: string; data: string }[];
    expect(proof.map((e) => e.type)).toEqual([
      'gov.permits.permit.issued.v1',
      'gov.permits.permit.revoked.v1',
    ]);
    // The revocation's free text stays in the permits tables.
    expect(proof[1]?.data).not.toContain('warehouse');
    expect(JSON.parse(proof[1]?.data as string)).toMatchObject({
      data: { permitNumber, reasonCode: 'conditions_breached' },
    });
    // The offline verifier, as `npm run permit:verify` runs it, on that proof: revoked.
    const verdict = await verifyOffline(permitNumber, document);
    expect(verdict.code).toBe(0);
    expect(verdict.output).toMatch(
      new RegExp(
        `^OK: permit ${permitNumber}: issued, proven; status as of tree head \\d+: revoked;`,
      ),
    );
    expect(verdict.output).toContain('  revoked, proven: entry ');
  }

  /**
   * A month's permit: its holder asks for a renewal within the window (a neighbour cannot), under
   * the type's version in force with its shorter review clock; then the permit expires.
   */
  async function permitRenewedThenExpired(): Promise<void> {
    const type = `e2e-${randomUUID().slice(0, 8)}`;
    const definition = definitionOf(type, { validityMonths: 1, renewalReviewDays: 7 });
    expectOk(
      await api('POST', '/api/v1/permit-types', {
        who: admin,
        body: definition,
        key: randomUUID(),
      }),
      201,
    );
    const { id, permitNumber } = await anIssuedPermit(type);
    // A new version of the type: the renewal is pinned to it, not to the permit's.
    expectOk(
      await api('PUT', `/api/v1/permit-types/${type}`, {
        who: admin,
        key: randomUUID(),
        body: { ...definition, paymentDays: definition.paymentDays - 1 },
      }),
    );
    const renew = (who: Account) =>
      api('POST', `/api/v1/permits/${permitNumber}/renew`, { who, key: randomUUID() });
    expectProblem(await renew(people.neighbour), 404, 'PERMITS.PERMIT_NOT_FOUND');
    const renewal = expectOk(
      await eventually(
        async () => {
          const reply = await renew(people.citizen);
          return reply.status === 409 &&
            ['PERMITS.CASE_NOT_STARTED', 'PERMITS.RENEWAL_WINDOW_CLOSED'].includes(
              reply.body.code as string,
            )
            ? undefined
            : reply;
        },
        WAIT,
        'the renewal window open',
      ),
      201,
    ) as unknown as ApplicationView;
    expect(renewal).toMatchObject({ status: 'submitted', renewalOf: permitNumber, typeVersion: 2 });
    expect(renewal.id).not.toBe(id);
    expectProblem(await renew(people.citizen), 409, 'PERMITS.RENEWAL_ALREADY_REQUESTED');
    // Its own workflow, from its submitted event, with the renewal's review clock.
    await underReview(renewal.id);
    expect((await caseState(renewal.id)).workingDaysLeft).toBe(7);

    const expired = await eventually(
      async () => {
        const reply = await api('GET', `/api/v1/permits/${permitNumber}`);
        return reply.body.status === 'expired' ? reply.body : undefined;
      },
      WAIT,
      'the permit expired',
    );
    expect(expired).toMatchObject({ valid: false, reason: 'expired' });
    expect((await viewOf(people.citizen, id)).permit).toMatchObject({ status: 'expired' });
    // The offline verifier on the proof fetched after the expiry: expired.
    const verdict = await verifyOffline(
      permitNumber,
      await proofWith(permitNumber, 'gov.permits.permit.expired.v1'),
    );
    expect(verdict.code).toBe(0);
    expect(verdict.output).toMatch(
      new RegExp(
        `^OK: permit ${permitNumber}: issued, proven; status as of tree head \\d+: expired;`,
      ),
    );
    expect(verdict.output).toContain('  expired, proven: entry ');
  }

  /** The permit's public proof once it carries an event of `type` (in a signed tree head). */
  const proofWith = (permitNumber: string, type: string): Promise<Record<string, unknown>> =>
    eventually(
      async () => {
        const reply = await api('GET', `/api/v1/permits/${permitNumber}/proof`);
        const entries = (reply.body.entries ?? []) as { type: string }[];
        return entries.some((e) => e.type === type) ? reply.body : undefined;
      },
      WAIT,
      `the proof carries ${type}`,
    );

  /**
   * `npm run permit:verify -- <proof.json> --trusted-keys <keys.json>` as the CLI runs (the built
   * script in its own process), on a proof as fetched, trusting the audit service's public keys.
   */
  const verifyOffline = async (permitNumber: string, proof: Record<string, unknown>) => {
    const dir = join(testEnv().dataDir, 'permit-verify-e2e');
    await mkdir(dir, { recursive: true });
    const keys = expectOk(await api('GET', '/api/v1/audit/public-keys')) as unknown;
    const proofFile = join(dir, `${permitNumber}.json`);
    const keysFile = join(dir, `${permitNumber}.keys.json`);
    await writeFile(proofFile, JSON.stringify(proof));
    await writeFile(keysFile, JSON.stringify(keys));
    return run(
      process.execPath,
      [
        join(repoRoot, 'dist/apps/audit/src/cli/permit-verify.js'),
        proofFile,
        '--trusted-keys',
        keysFile,
      ],
      { cwd: repoRoot, env: { PATH: process.env.PATH } },
    );
  };

  // ---- the stack ---------------------------------------------------------------------------

  const startWorker = async (): Promise<ManagedProcess> => {
    const worker = new ManagedProcess({
      name: 'worker',
      command: process.execPath,
      args: [...appNodeFlags('worker'), appEntry('worker')],
      cwd: repoRoot,
      env: {
        ...appProcessEnvironment('worker', stackEnv),
        CIVIC_SUPERVISOR_PID: String(process.pid),
      },
    });
    await eventually(
      async () => {
        if (worker.hasExited) throw new Error(`worker exited: ${worker.tail.join('\n')}`);
        return (await fetch(`http://127.0.0.1:${ports.ops.worker}/health/ready`)).ok
          ? true
          : undefined;
      },
      WAIT,
      'the new worker ready',
    );
    return worker;
  };

  beforeAll(async () => {
    ports = await randomPorts();
    const env = testEnv();
    filesDir = join(env.dataDir, 'files-permits-e2e');
    stackEnv = {
      ...testAppEnvironment(ports, { logLevel: 'warn', fileStorageDir: filesDir }),
      PERMITS_WORKING_DAY_DURATION: WORKING_DAY,
      PERMITS_VALIDITY_DAY_DURATION: VALIDITY_DAY,
      PERMITS_RENEWAL_WINDOW_DAYS: RENEWAL_WINDOW_DAYS,
      // The audit log answers a permit's proof; its tree heads are signed every second.
      AUDIT_TREE_HEAD_INTERVAL_SECONDS: '1',
      AUDIT_SIGNING_KEY: keyPem(),
      // Every scenario at once on two shared cores: a decision's Update (an activity, a child
      // start) may take longer than the default 5 s of a request.
      NATS_REQUEST_TIMEOUT_MS: '20000',
      PAYMENTS_SWEEP_INTERVAL_SECONDS: '1',
      PAYMENTS_RECHECK_AFTER_SECONDS: '2',
      GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      GATEWAY_ACCOUNT_RATE_LIMIT_PER_MINUTE: '10000',
      SANDBOX_WEBHOOK_RETRY_BASE_MS: '100',
      SANDBOX_WEBHOOK_RETRY_MAX_MS: '1000',
      SANDBOX_REFUND_DELAY_MS: '100',
      SANDBOX_POLL_MS: '200',
    };
    apps = await startApps({
      env: stackEnv,
      ports,
      apps: ['gateway', 'permits', 'payments', 'worker', 'audit'],
    });
    gateway = {
      url: `http://127.0.0.1:${ports.gateway}`,
      process: apps.processes.get('gateway') as ManagedProcess,
    };
    temporal = await Connection.connect({ address: env.temporalAddress });
    client = new Client({ connection: temporal, namespace: 'civic' });
    const roles: [keyof typeof people, Role][] = [
      ['citizen', 'citizen'],
      ['neighbour', 'citizen'],
      ['clerk', 'clerk'],
      ['clerk2', 'clerk'],
      ['supervisor', 'supervisor'],
      ['supervisor2', 'supervisor'],
      ['inspector', 'inspector'],
    ];
    admin = await anAccount(gateway, 'admin');
    for (const [name, account] of await Promise.all(
      roles.map(async ([name, role]) => [name, await anAccount(gateway, role)] as const),
    ))
      people[name] = account;

    const scenarios: Record<string, () => Promise<void>> = {
      happyPath,
      changesRequested,
      rejection,
      failedThenPassed,
      reinspectionLimit,
      fourEyes,
      withdrawalAfterPayment,
      feeLapse,
      escalate: () => missedDeadline('escalate'),
      deemedApproved: () => missedDeadline('deemed_approved'),
      deemedRefused: () => missedDeadline('deemed_refused'),
      feeRefund: () => missedDeadline('fee_refund'),
      twoClerksAtOnce,
      othersApplication,
      permitRevoked,
      permitRenewedThenExpired,
      conditionsBlockIssuance,
      holdAndRelease,
    };
    for (const [name, scenario] of Object.entries(scenarios)) {
      const promise = scenario();
      promise.catch(() => undefined); // reported by its own test below
      running.set(name, promise);
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled(running.values());
    await temporal?.close();
    await replacementWorker?.stop('SIGTERM', 20_000);
    await apps?.stop(20_000);
  }, 120_000);

  const scenario = (name: string) => () => running.get(name) as Promise<void>;
  const LONG_TEST = 300_000;

  it(
    'takes an application to an issued permit with a sandbox payment, verified in public',
    scenario('happyPath'),
    LONG_TEST,
  );
  it(
    'stops the review clock while changes are asked and restarts it with the days left',
    scenario('changesRequested'),
    LONG_TEST,
  );
  it('rejects an application; a decision afterwards is refused', scenario('rejection'), LONG_TEST);
  it(
    'takes a failed then a passed inspection to an issued permit',
    scenario('failedThenPassed'),
    LONG_TEST,
  );
  it(
    'refuses the application when the re-inspection limit is reached',
    scenario('reinspectionLimit'),
    LONG_TEST,
  );
  it(
    'asks a second, different supervisor above the threshold (four eyes)',
    scenario('fourEyes'),
    LONG_TEST,
  );
  it(
    'refunds the fee when the applicant withdraws after paying',
    scenario('withdrawalAfterPayment'),
    LONG_TEST,
  );
  it('lapses an application whose fee was not paid in time', scenario('feeLapse'), LONG_TEST);
  it('escalates a missed review deadline to supervisors', scenario('escalate'), LONG_TEST);
  it('deems an application approved when its type says so', scenario('deemedApproved'), LONG_TEST);
  it('deems an application refused when its type says so', scenario('deemedRefused'), LONG_TEST);
  it(
    'refunds the fee when the deadline is missed and the type says so',
    scenario('feeRefund'),
    LONG_TEST,
  );
  it(
    'lets exactly one of two clerks deciding at once win; the other gets 409',
    scenario('twoClerksAtOnce'),
    LONG_TEST,
  );
  it(
    "refuses one applicant another's application and document",
    scenario('othersApplication'),
    LONG_TEST,
  );

  it(
    'revokes a permit (unknown permits and early renewals refused): verification and the proof say revoked',
    scenario('permitRevoked'),
    LONG_TEST,
  );
  it(
    'renews a permit within its window (a linked application with the shorter clock), then it expires',
    scenario('permitRenewedThenExpired'),
    LONG_TEST,
  );
  it(
    'blocks issuance until every condition of approval is met (who and when recorded)',
    scenario('conditionsBlockIssuance'),
    LONG_TEST,
  );
  it(
    'holds an application: the clock stops, moves are refused, the release restarts the clock',
    scenario('holdAndRelease'),
    LONG_TEST,
  );

  it(
    "shows a new case's completeness deadline in the clerks' queue from the start",
    async () => {
      // Sixty working days: the timer runs a minute here, the legal due time is months away.
      const type = await aType({ completenessCheckDays: 60 });
      const { id } = await submitted(type);
      const deadline = Date.now() + 30 * 86_400_000;
      let task: { kind: string; dueAt: string | null; overdue: boolean } | undefined;
      for (const began = Date.now(); Date.now() - began < 30_000;) {
        const queue = expectOk(await api('GET', '/api/v1/tasks', { who: people.clerk }));
        task = (
          queue.items as { id: string; kind: string; dueAt: string | null; overdue: boolean }[]
        ).find((item) => item.id === id);
        if (task?.dueAt) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(task).toMatchObject({ kind: 'completeness_check', overdue: false });
      expect(Date.parse(task?.dueAt ?? '')).toBeGreaterThan(deadline);
    },
    LONG_TEST,
  );

  it(
    'continues a case after its worker was killed mid-workflow',
    async () => {
      const type = await aType({ fee: 2_500 });
      const { id } = await submitted(type);
      const awaiting = await until(
        people.citizen,
        id,
        (v) => v.status === 'awaiting_payment',
        'awaiting payment',
      );
      const worker = apps.processes.get('worker') as ManagedProcess;
      await worker.stop('SIGKILL', 10_000);
      expect(worker.exitDescription).toBe('killed by SIGKILL');
      // Paid while no worker runs: the signal waits in the workflow's history.
      await pay(people.citizen, awaiting.invoiceId as string);
      replacementWorker = await startWorker();
      await underReview(id);
      expectOk(await decide(people.clerk, id, { decision: 'approve' }));
      const issued = await until(people.citizen, id, (v) => v.status === 'issued', 'issued');
      expect(issued.permit?.permitNumber).toMatch(/-P-\d{4}-\d{6}$/);
    },
    LONG_TEST,
  );
});
