import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type {
  CaseAssessment,
  PermitApplicationInput,
  PermitsActivities,
} from '#contracts/temporal';

/**
 * The permits activities as plain functions that record their calls, for the workflow tier
 * (the end-to-end tests run the real services). Each case's scenario is kept by application
 * id: how long a working day lasts for its timers, what the assessments answer, and a gate
 * that holds one transition back (two decisions at once).
 */
export interface Scenario {
  /** Timer length of one working day (ms). */
  dayMs: number;
  /** Answers of `permitsAssess`, in turn; the last one repeats. */
  assessments: CaseAssessment[];
  /** Holds `permitsRecordTransition` of this transition until `release()`. */
  gate?: { transition: string; reached: boolean; release: () => void; opened: Promise<void> };
}

export interface Call {
  name: keyof PermitsActivities;
  request: Record<string, unknown>;
}

const scenarios = new Map<string, Scenario>();
const calls = new Map<string, Call[]>();

export const HOUR_MS = 3_600_000;
const DAY = 86_400_000;

export function assessment(totalMinor: number, secondApprovalRequired = false): CaseAssessment {
  return {
    quantities: { floorArea: totalMinor / 100 },
    currency: 'EUR',
    lines:
      totalMinor > 0
        ? [
            {
              revenueCode: 'permits.building',
              descriptionKey: 'fees.building',
              amountMinor: totalMinor,
            },
          ]
        : [],
    totalMinor,
    secondApprovalRequired,
  };
}

/**
 * The first completeness deadline as the permits service puts it in the workflow's input (the
 * fakes' calendar: every day a working day; the timer ends after `dayMs` per working day).
 */
export function completenessDueOf(
  submittedAt: string,
  workingDays: number,
  dayMs: number,
): NonNullable<PermitApplicationInput['completenessDue']> {
  const from = new Date(submittedAt).getTime();
  return {
    dueAt: new Date(from + workingDays * DAY).toISOString(),
    timerEndsAt: new Date(from + workingDays * dayMs).toISOString(),
  };
}

export function setScenario(applicationId: string, scenario: Scenario): Scenario {
  scenarios.set(applicationId, scenario);
  calls.set(applicationId, []);
  return scenario;
}

export function gateOn(scenario: Scenario, transition: string): NonNullable<Scenario['gate']> {
  let release: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (release = resolve));
  scenario.gate = { transition, reached: false, release, opened };
  return scenario.gate;
}

export const callsOf = (applicationId: string): Call[] => calls.get(applicationId) ?? [];

/** The transitions recorded for the case (the child's too), in seq order. */
export const transitionsOf = (applicationId: string): string[] =>
  callsOf(applicationId)
    .filter((c) => c.name === 'permitsRecordTransition' || c.name === 'permitsIssuePermit')
    .sort((a, b) => Number(a.request.seq) - Number(b.request.seq))
    .map((c) => (c.name === 'permitsIssuePermit' ? 'issued' : String(c.request.transition)));

const caseOfWorkflow = (): string =>
  (Context.current().info.workflowExecution?.workflowId ?? '').replace(/^permit-application-/, '');

function scenarioOf(applicationId: string): Scenario {
  const scenario = scenarios.get(applicationId);
  if (!scenario) throw new Error(`no scenario for ${applicationId}`);
  return scenario;
}

function log(applicationId: string, name: keyof PermitsActivities, request: object): void {
  const list = calls.get(applicationId) ?? [];
  list.push({ name, request: { ...request } });
  calls.set(applicationId, list);
}

export const fakePermitsActivities: PermitsActivities = {
  async permitsDeadline(request) {
    const applicationId = caseOfWorkflow();
    log(applicationId, 'permitsDeadline', request);
    const { dayMs } = scenarioOf(applicationId);
    const from = new Date(request.from).getTime();
    return {
      dueAt: new Date(from + request.workingDays * DAY).toISOString(),
      waitMs: Math.max(0, from + request.workingDays * dayMs - Date.now()),
    };
  },
  async permitsWorkingDaysLeft(request) {
    const applicationId = caseOfWorkflow();
    log(applicationId, 'permitsWorkingDaysLeft', request);
    return Math.ceil(request.waitMsLeft / scenarioOf(applicationId).dayMs);
  },
  async permitsAssess(request) {
    log(request.applicationId, 'permitsAssess', request);
    const scenario = scenarioOf(request.applicationId);
    const next =
      scenario.assessments.length > 1 ? scenario.assessments.shift() : scenario.assessments[0];
    if (!next) throw new Error('no assessment');
    return next;
  },
  async permitsRecordTransition(request) {
    const scenario = scenarioOf(request.applicationId);
    if (scenario.gate && scenario.gate.transition === request.transition) {
      scenario.gate.reached = true;
      await scenario.gate.opened;
    }
    log(request.applicationId, 'permitsRecordTransition', request);
    return {
      applicationId: request.applicationId,
      status: request.facts?.status ?? 'under_review',
      step: request.facts?.step ?? 'review',
    };
  },
  // The one-round-trip activities do what the two they stand for do (and are logged as them,
  // so a path's transitions and assessments read the same whichever ran).
  async permitsConfirmCompleteness({ thenStartReview, ...request }) {
    await fakePermitsActivities.permitsRecordTransition(request);
    const assessment = await fakePermitsActivities.permitsAssess({
      applicationId: request.applicationId,
    });
    if (!thenStartReview || assessment.totalMinor > 0) return assessment;
    return {
      ...assessment,
      reviewStarted: await fakePermitsActivities.permitsStartReview(thenStartReview),
    };
  },
  async permitsStartReview({ from, workingDays, transition }) {
    const deadline = await fakePermitsActivities.permitsDeadline({ from, workingDays });
    await fakePermitsActivities.permitsRecordTransition({
      ...transition,
      facts: { ...transition.facts, reviewDueAt: deadline.dueAt },
    });
    return deadline;
  },
  async permitsIssuePermit(request) {
    log(request.applicationId, 'permitsIssuePermit', request);
    return {
      permitNumber: 'BP-2026-000123',
      validFrom: '2026-03-02T00:00:00.000Z',
      validUntil: '2029-03-02T00:00:00.000Z',
    };
  },
  async paymentsCreateInvoice(request) {
    log(request.applicationId, 'paymentsCreateInvoice', request);
    const amountMinor = request.lines.reduce((sum, line) => sum + line.amountMinor, 0);
    return { invoiceId: randomUUID(), status: 'open', amountMinor, currency: 'EUR' };
  },
  async paymentsCancelInvoice(request) {
    log(request.applicationId, 'paymentsCancelInvoice', request);
    return { status: 'cancelled' };
  },
  async paymentsRefund(request) {
    log(request.applicationId, 'paymentsRefund', request);
    return { refundId: randomUUID(), status: 'submitted' };
  },
};
