import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/activity';
import { addWorkingDays, workingDaysBetween, type BusinessCalendar } from '#calendar';
import {
  PAYMENTS_INTERNAL_INVOICE_CREATE,
  PERMITS_INTERNAL_APPLICATION_ASSESS,
  PERMITS_INTERNAL_APPLICATION_TRANSITION,
  PERMITS_INTERNAL_CALENDAR_GET,
} from '#contracts';
import { RemoteServiceError, ServiceTimeoutError, type ServiceClient } from '#platform';
import type { ActivityDeps } from './activity-deps.js';
import { createPermitsActivities } from './permits.activities.js';

// The permits activities over a stand-in for the worker's NATS client (the requests it would
// send and the answers it would get): the calendar cached by version, the wait-time math with
// and without PERMITS_WORKING_DAY_DURATION, and which refusals fail at once.

const NOW = new Date('2026-03-02T08:00:00Z'); // a Monday
const DAY_MS = 86_400_000;
const calendarV1: BusinessCalendar = {
  version: 1,
  timeZone: 'Europe/Berlin',
  weekendDays: [6, 7],
  holidays: [],
};
const calendarV2: BusinessCalendar = { ...calendarV1, version: 2, holidays: ['2026-03-03'] };

/** Answers by pattern; keeps every request. */
function services(answer: (pattern: string, body: unknown) => unknown) {
  const requests: { pattern: string; body: unknown }[] = [];
  const client = {
    request: (pattern: string, body: unknown) => {
      requests.push({ pattern, body });
      try {
        return Promise.resolve(answer(pattern, body));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  } as unknown as ServiceClient;
  return { client, requests };
}

const activitiesWith = (client: ServiceClient, permits: ActivityDeps['permits'] = {}) =>
  createPermitsActivities({ identity: '1@test', taskQueue: 'q', services: client, permits });

beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('the business calendar, cached by version', () => {
  it('asks once within the TTL, again after it, and keeps the cached one while its version stands', async () => {
    let served: BusinessCalendar = calendarV1;
    const { client, requests } = services(() => served);
    const acts = activitiesWith(client, { calendarTtlMs: 60_000 });
    const from = NOW.toISOString();
    const dueV1 = addWorkingDays(NOW, 2, calendarV1).toISOString();

    expect((await acts.permitsDeadline({ from, workingDays: 2 })).dueAt).toBe(dueV1);
    jest.setSystemTime(NOW.getTime() + 59_000);
    await acts.permitsDeadline({ from, workingDays: 2 });
    expect(requests.filter((r) => r.pattern === PERMITS_INTERNAL_CALENDAR_GET)).toHaveLength(1);

    // After the TTL: asked again; the same version keeps the calendar already compiled, even
    // if the answer is another object (a version never changes its content).
    served = { ...calendarV2, version: 1 };
    jest.setSystemTime(NOW.getTime() + 61_000);
    expect((await acts.permitsDeadline({ from, workingDays: 2 })).dueAt).toBe(dueV1);
    expect(requests).toHaveLength(2);
    // ... and its TTL starts again from that answer.
    jest.setSystemTime(NOW.getTime() + 120_000);
    await acts.permitsDeadline({ from, workingDays: 2 });
    expect(requests).toHaveLength(2);

    // A new version is taken as soon as it is fetched: the holiday moves the due time.
    served = calendarV2;
    jest.setSystemTime(NOW.getTime() + 122_000);
    const dueV2 = (await acts.permitsDeadline({ from, workingDays: 2 })).dueAt;
    expect(requests).toHaveLength(3);
    expect(dueV2).toBe(addWorkingDays(NOW, 2, calendarV2).toISOString());
    expect(dueV2).not.toBe(dueV1);
  });

  it('fails the activity at once when the calendar request is refused, and retries a timeout', async () => {
    const refused = activitiesWith(
      services(() => {
        throw new RemoteServiceError(PERMITS_INTERNAL_CALENDAR_GET, {
          code: 'VALIDATION.FAILED',
          message: 'no',
        });
      }).client,
    );
    await expect(
      refused.permitsDeadline({ from: NOW.toISOString(), workingDays: 1 }),
    ).rejects.toMatchObject({ type: 'VALIDATION.FAILED', nonRetryable: true });
    const slow = activitiesWith(
      services(() => {
        throw new ServiceTimeoutError(PERMITS_INTERNAL_CALENDAR_GET, 5_000);
      }).client,
    );
    await expect(
      slow.permitsDeadline({ from: NOW.toISOString(), workingDays: 1 }),
    ).rejects.toBeInstanceOf(ServiceTimeoutError);
  });
});

describe('wait times', () => {
  const calendarOnly = () => services(() => calendarV1).client;

  it('without PERMITS_WORKING_DAY_DURATION: the timer waits until the legal due time', async () => {
    const acts = activitiesWith(calendarOnly());
    const from = NOW.toISOString();
    const { dueAt, waitMs } = await acts.permitsDeadline({ from, workingDays: 5 });
    expect(dueAt).toBe(addWorkingDays(NOW, 5, calendarV1).toISOString());
    expect(waitMs).toBe(new Date(dueAt).getTime() - NOW.getTime());
    // Counted from a start in the past, what is left; never below zero.
    jest.setSystemTime(NOW.getTime() + 30 * DAY_MS);
    expect((await acts.permitsDeadline({ from, workingDays: 5 })).waitMs).toBe(0);
  });

  it('with PERMITS_WORKING_DAY_DURATION: each working day waits that long, the due time stays the calendar’s', async () => {
    const acts = activitiesWith(calendarOnly(), { workingDayMs: 2_000 });
    const from = NOW.toISOString();
    const deadline = await acts.permitsDeadline({ from, workingDays: 5 });
    expect(deadline).toEqual({
      dueAt: addWorkingDays(NOW, 5, calendarV1).toISOString(),
      waitMs: 10_000,
    });
    jest.setSystemTime(NOW.getTime() + 3_500);
    expect((await acts.permitsDeadline({ from, workingDays: 5 })).waitMs).toBe(6_500);
    jest.setSystemTime(NOW.getTime() + 60_000);
    expect((await acts.permitsDeadline({ from, workingDays: 5 })).waitMs).toBe(0);
  });

  it('working days left: whole configured days of the wait left, else the calendar’s count', async () => {
    const configured = activitiesWith(calendarOnly(), { workingDayMs: 2_000 });
    const args = { now: NOW.toISOString(), dueAt: '2026-03-20T08:00:00.000Z' };
    expect(await configured.permitsWorkingDaysLeft({ ...args, waitMsLeft: 6_000 })).toBe(3);
    expect(await configured.permitsWorkingDaysLeft({ ...args, waitMsLeft: 5_001 })).toBe(3);
    expect(await configured.permitsWorkingDaysLeft({ ...args, waitMsLeft: 0 })).toBe(0);
    const real = activitiesWith(calendarOnly());
    expect(await real.permitsWorkingDaysLeft({ ...args, waitMsLeft: 1 })).toBe(
      workingDaysBetween(NOW, new Date(args.dueAt), calendarV1),
    );
  });
});

describe('errors', () => {
  const transition = {
    applicationId: '00000000-0000-7000-8000-000000000001',
    seq: 1,
    transition: 'assigned' as const,
  };

  it.each(['PERMITS.INVALID_TRANSITION', 'PAYMENTS.INVOICE_NOT_OPEN', 'POLICY.OWN_CASE'])(
    'a refusal %s fails at once (non-retryable, the code as its type)',
    async (code) => {
      const acts = activitiesWith(
        services((pattern) => {
          throw new RemoteServiceError(pattern, { code, message: 'refused', details: { a: 1 } });
        }).client,
      );
      const failure = await acts.permitsRecordTransition(transition).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: code, nonRetryable: true, message: 'refused' });
      expect((failure as ApplicationFailure).details).toEqual([{ a: 1 }]);
    },
  );

  it('a platform fault is thrown as it is, for Temporal to retry', async () => {
    const fault = new RemoteServiceError(PERMITS_INTERNAL_APPLICATION_TRANSITION, {
      code: 'PLATFORM.INTERNAL',
      message: 'boom',
    });
    const acts = activitiesWith(
      services(() => {
        throw fault;
      }).client,
    );
    await expect(acts.permitsRecordTransition(transition)).rejects.toBe(fault);
  });

  it('a worker without NATS fails its activities', async () => {
    const acts = createPermitsActivities({ identity: '1@test', taskQueue: 'q' });
    await expect(acts.permitsAssess({ applicationId: transition.applicationId })).rejects.toThrow(
      'this worker has no NATS connection for activities',
    );
  });

  it('a refund without a known payment is refused without asking payments', async () => {
    const { client, requests } = services(() => ({}));
    const acts = activitiesWith(client);
    await expect(
      acts.paymentsRefund({
        applicationId: transition.applicationId,
        invoiceId: 'inv-1',
        amountMinor: 100,
        reasonCode: 'application_withdrawn',
        refundKey: 'k',
      }),
    ).rejects.toMatchObject({ type: 'PERMITS.INVALID_TRANSITION', nonRetryable: true });
    expect(requests).toEqual([]);
  });
});

describe('requests to payments', () => {
  it('asks an invoice for the applicant, with the case as its reference', async () => {
    const { client, requests } = services(() => ({
      id: 'inv-1',
      status: 'open',
      amount: { amountMinor: 12_500, currency: 'EUR' },
    }));
    const acts = activitiesWith(client);
    const lines = [{ revenueCode: 'permits.fees', descriptionKey: 'fee', amountMinor: 12_500 }];
    await expect(
      acts.paymentsCreateInvoice({
        applicationId: 'app-1',
        applicantId: 'user-1',
        purpose: 'application-fee',
        lines,
        dueAt: '2026-04-01T00:00:00.000Z',
      }),
    ).resolves.toEqual({
      invoiceId: 'inv-1',
      status: 'open',
      amountMinor: 12_500,
      currency: 'EUR',
    });
    expect(requests).toEqual([
      {
        pattern: PAYMENTS_INTERNAL_INVOICE_CREATE,
        body: {
          payerAccountId: 'user-1',
          caseRef: { context: 'permits', id: 'app-1' },
          purpose: 'application-fee',
          lines,
          dueAt: '2026-04-01T00:00:00.000Z',
        },
      },
    ]);
  });
});

describe('the one-round-trip activities', () => {
  const assessment = {
    quantities: {},
    currency: 'EUR',
    lines: [],
    totalMinor: 0,
    secondApprovalRequired: false,
  };
  const transition = {
    applicationId: 'a-1',
    seq: 3,
    transition: 'review-started' as const,
    facts: { status: 'under_review' as const, workingDaysLeft: 2, clockStage: 'review' as const },
  };

  it('starts a review: the due time from the calendar, recorded with the transition, and answered', async () => {
    const { client, requests } = services((pattern) =>
      pattern === PERMITS_INTERNAL_CALENDAR_GET ? calendarV2 : { applicationId: 'a-1' },
    );
    const acts = activitiesWith(client, { workingDayMs: 1_000 });
    const deadline = await acts.permitsStartReview({
      from: NOW.toISOString(),
      workingDays: 2,
      transition,
    });
    const dueAt = addWorkingDays(NOW, 2, calendarV2).toISOString();
    expect(deadline).toEqual({ dueAt, waitMs: 2_000 });
    expect(requests.filter((r) => r.pattern === PERMITS_INTERNAL_APPLICATION_TRANSITION)).toEqual([
      {
        pattern: PERMITS_INTERNAL_APPLICATION_TRANSITION,
        body: { ...transition, facts: { ...transition.facts, reviewDueAt: dueAt } },
      },
    ]);
  });

  it('confirms completeness: the transition recorded first, then the assessment answered', async () => {
    const { client, requests } = services((pattern) =>
      pattern === PERMITS_INTERNAL_APPLICATION_ASSESS ? assessment : { applicationId: 'a-1' },
    );
    const acts = activitiesWith(client);
    const confirmed = { ...transition, transition: 'completeness-confirmed' as const, facts: {} };
    expect(await acts.permitsConfirmCompleteness(confirmed)).toEqual(assessment);
    expect(requests.map((r) => r.pattern)).toEqual([
      PERMITS_INTERNAL_APPLICATION_TRANSITION,
      PERMITS_INTERNAL_APPLICATION_ASSESS,
    ]);
  });

  it('confirms completeness and starts the review of a case with no fee, in one call; not of one with a fee', async () => {
    for (const totalMinor of [0, 12_500]) {
      const { client, requests } = services((pattern) =>
        pattern === PERMITS_INTERNAL_APPLICATION_ASSESS
          ? { ...assessment, totalMinor }
          : pattern === PERMITS_INTERNAL_CALENDAR_GET
            ? calendarV1
            : { applicationId: 'a-1' },
      );
      const acts = activitiesWith(client, { workingDayMs: 1_000 });
      const confirmed = {
        ...transition,
        seq: 2,
        transition: 'completeness-confirmed' as const,
        facts: {},
      };
      const answer = await acts.permitsConfirmCompleteness({
        ...confirmed,
        thenStartReview: { from: NOW.toISOString(), workingDays: 2, transition },
      });
      const recorded = requests
        .filter((r) => r.pattern === PERMITS_INTERNAL_APPLICATION_TRANSITION)
        .map((r) => r.body);
      if (totalMinor > 0) {
        expect(answer).toEqual({ ...assessment, totalMinor });
        expect(recorded).toEqual([confirmed]);
      } else {
        const dueAt = addWorkingDays(NOW, 2, calendarV1).toISOString();
        expect(answer).toEqual({ ...assessment, reviewStarted: { dueAt, waitMs: 2_000 } });
        expect(recorded).toEqual([
          confirmed,
          { ...transition, facts: { ...transition.facts, reviewDueAt: dueAt } },
        ]);
      }
    }
  });

  it('does not assess when the transition is refused', async () => {
    const { client, requests } = services((pattern) => {
      throw new RemoteServiceError(pattern, {
        code: 'PERMITS.INVALID_TRANSITION',
        message: 'the case is closed',
      });
    });
    const acts = activitiesWith(client);
    await expect(
      acts.permitsConfirmCompleteness({ ...transition, transition: 'completeness-confirmed' }),
    ).rejects.toBeInstanceOf(ApplicationFailure);
    expect(requests).toHaveLength(1);
  });
});
