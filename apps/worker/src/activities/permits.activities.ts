import { ApplicationFailure } from '@temporalio/activity';
import { workingDayDeadline, workingDaysBetween } from '#calendar';
import {
  PAYMENTS_INTERNAL_INVOICE_CANCEL,
  PAYMENTS_INTERNAL_INVOICE_CREATE,
  PAYMENTS_INTERNAL_REFUND_CREATE,
  PERMITS_INTERNAL_APPLICATION_ASSESS,
  PERMITS_INTERNAL_APPLICATION_TRANSITION,
  PERMITS_INTERNAL_PERMIT_ISSUE,
  type Deadline,
  type PermitsActivities,
  type RecordTransitionRequest,
} from '#contracts';
import type { ActivityDeps } from './activity-deps.js';
import { cachedCalendar, refusalsAreFinal, servicesOf } from './service-requests.js';

const CASE_CONTEXT = 'permits';

/** Refusals a retry cannot change: the activity fails at once, the workflow sees the code. */
const asking = refusalsAreFinal(['PERMITS.', 'PAYMENTS.', 'POLICY.', 'VALIDATION.']);

/**
 * The permits workflows' activities: each is one request to a service's `<context>.internal.>`
 * pattern as the `system` actor (the worker's NATS user is the only one allowed to send them).
 * Due times come from the business calendar (`permits.internal.calendar.get`, cached by
 * version, fetched again at most every `calendarTtlMs`) and `#calendar`; with a configured
 * `workingDayMs` (PERMITS_WORKING_DAY_DURATION) the timers wait that long per working day while
 * the legal due time stays the calendar's.
 */
export function createPermitsActivities(deps: ActivityDeps): PermitsActivities {
  const services = servicesOf(deps);
  const workingDayMs = deps.permits?.workingDayMs;
  const calendarTtlMs = deps.permits?.calendarTtlMs ?? 60_000;
  const calendar = cachedCalendar(services, asking, calendarTtlMs);

  /**
   * With the scaled test clock, the invoice is due when the workflow's payment timer ends (the
   * working days to `dueAt` times `workingDayMs` from now), so payments' sweeper expires it and
   * the case lapses in test time; the case's own payment due time stays the calendar's.
   */
  async function scaledDueAt(dueAt: string, dayMs: number): Promise<string> {
    const now = new Date();
    const days = workingDaysBetween(now, new Date(dueAt), await calendar());
    return new Date(now.getTime() + days * dayMs).toISOString();
  }

  async function deadline(from: string, workingDays: number): Promise<Deadline> {
    const { dueAt, timerEndsAt } = workingDayDeadline(
      new Date(from),
      workingDays,
      await calendar(),
      workingDayMs,
    );
    return { dueAt: dueAt.toISOString(), waitMs: Math.max(0, timerEndsAt.getTime() - Date.now()) };
  }

  const recordTransition = (request: RecordTransitionRequest) =>
    asking(() => services().request(PERMITS_INTERNAL_APPLICATION_TRANSITION, request));

  /** A review clock's start: its due time, recorded with `review-started`. */
  async function startReview({
    from,
    workingDays,
    transition,
  }: {
    from: string;
    workingDays: number;
    transition: RecordTransitionRequest;
  }): Promise<Deadline> {
    const due = await deadline(from, workingDays);
    await recordTransition({
      ...transition,
      facts: { ...transition.facts, reviewDueAt: due.dueAt },
    });
    return due;
  }

  const assess = (applicationId: string) =>
    asking(() => services().request(PERMITS_INTERNAL_APPLICATION_ASSESS, { applicationId }));

  return {
    permitsDeadline: ({ from, workingDays }) => deadline(from, workingDays),

    async permitsWorkingDaysLeft({ now, dueAt, waitMsLeft }) {
      if (workingDayMs !== undefined) return Math.ceil(waitMsLeft / workingDayMs);
      return workingDaysBetween(new Date(now), new Date(dueAt), await calendar());
    },

    permitsAssess: ({ applicationId }) => assess(applicationId),

    permitsRecordTransition: recordTransition,

    async permitsConfirmCompleteness({ thenStartReview, ...request }) {
      await recordTransition(request);
      const assessment = await assess(request.applicationId);
      if (!thenStartReview || assessment.totalMinor > 0) return assessment;
      return { ...assessment, reviewStarted: await startReview(thenStartReview) };
    },

    permitsStartReview: startReview,

    permitsIssuePermit: (request) =>
      asking(() => services().request(PERMITS_INTERNAL_PERMIT_ISSUE, request)),

    async paymentsCreateInvoice({ applicationId, applicantId, purpose, lines, dueAt }) {
      const invoiceDueAt =
        workingDayMs === undefined ? dueAt : await scaledDueAt(dueAt, workingDayMs);
      const invoice = await asking(() =>
        services().request(PAYMENTS_INTERNAL_INVOICE_CREATE, {
          payerAccountId: applicantId,
          caseRef: { context: CASE_CONTEXT, id: applicationId },
          purpose,
          lines,
          dueAt: invoiceDueAt,
        }),
      );
      return {
        invoiceId: invoice.id,
        status: invoice.status,
        amountMinor: invoice.amount.amountMinor,
        currency: invoice.amount.currency,
      };
    },

    async paymentsCancelInvoice({ applicationId, invoiceId, reasonCode }) {
      const invoice = await asking(() =>
        services().request(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
          invoiceId,
          reasonCode,
          caseRef: { context: CASE_CONTEXT, id: applicationId },
        }),
      );
      return { status: invoice.status };
    },

    async paymentsRefund(request) {
      if (!request.paymentId)
        throw ApplicationFailure.nonRetryable(
          `no payment is known for invoice ${request.invoiceId}`,
          'PERMITS.INVALID_TRANSITION',
        );
      const paymentId = request.paymentId;
      const refund = await asking(() =>
        services().request(PAYMENTS_INTERNAL_REFUND_CREATE, {
          paymentId,
          caseRef: { context: CASE_CONTEXT, id: request.applicationId },
          amountMinor: request.amountMinor,
          refundAmountAvailable: request.refundAmountAvailable ?? request.amountMinor,
          reasonCode: request.reasonCode,
        }),
      );
      return { refundId: refund.id, status: refund.status };
    },
  };
}
