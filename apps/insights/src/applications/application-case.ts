/**
 * A permit application as the dashboard counts it: its type, its public status, when it was
 * submitted and decided, and whether its review deadline was met. `applyApplicationFact` is
 * the projection, a pure function of the case so far and one fact of the permits stream (the
 * stream keeps one application's events in order).
 */
export const APPLICATION_STATUSES = [
  'submitted',
  'awaiting_payment',
  'in_review',
  'changes_requested',
  'on_hold',
  'approved',
  'rejected',
  'withdrawn',
  'lapsed',
  'issued',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Statuses a case does not leave (an issued permit's later life is not the application's). */
const FINAL: ReadonlySet<ApplicationStatus> = new Set([
  'rejected',
  'withdrawn',
  'lapsed',
  'issued',
]);

export type DeadlineOutcome = 'met' | 'breached';

export interface ApplicationCase {
  applicationId: string;
  permitType: string;
  status: ApplicationStatus;
  submittedAt: string | null;
  decidedAt: string | null;
  reviewDueAt: string | null;
  deadline: DeadlineOutcome | null;
}

/** What the projection reads from a permits event (`at`: the event's time). */
export type ApplicationFact = { applicationId: string; permitType: string; at: string } & (
  | { kind: 'submitted'; submittedAt: string }
  | { kind: 'payment-requested' }
  | { kind: 'review-started'; reviewDueAt: string }
  | { kind: 'changes-requested' }
  | { kind: 'resubmitted' }
  | { kind: 'held' }
  | { kind: 'released'; reviewDueAt?: string }
  | { kind: 'approved'; deemed: boolean }
  | { kind: 'rejected'; deemed: boolean }
  | { kind: 'withdrawn' }
  | { kind: 'lapsed' }
  | { kind: 'deadline-breached' }
  | { kind: 'issued' }
);

const moveTo = (current: ApplicationCase, status: ApplicationStatus): ApplicationStatus =>
  FINAL.has(current.status) ? current.status : status;

/** A decision's deadline outcome: a breach stays a breach; else on time against the due time. */
const decided = (current: ApplicationCase, at: string, deemed: boolean): DeadlineOutcome | null => {
  if (deemed || current.deadline === 'breached') return 'breached';
  if (!current.reviewDueAt) return current.deadline;
  return Date.parse(at) <= Date.parse(current.reviewDueAt) ? 'met' : 'breached';
};

export function applyApplicationFact(
  current: ApplicationCase | undefined,
  fact: ApplicationFact,
): ApplicationCase {
  const base: ApplicationCase = current ?? {
    applicationId: fact.applicationId,
    permitType: fact.permitType,
    status: 'submitted',
    submittedAt: null,
    decidedAt: null,
    reviewDueAt: null,
    deadline: null,
  };
  const next: ApplicationCase = { ...base, permitType: fact.permitType };
  switch (fact.kind) {
    case 'submitted':
      return { ...next, submittedAt: fact.submittedAt };
    case 'payment-requested':
      return { ...next, status: moveTo(base, 'awaiting_payment') };
    case 'review-started':
      return { ...next, status: moveTo(base, 'in_review'), reviewDueAt: fact.reviewDueAt };
    case 'changes-requested':
      return { ...next, status: moveTo(base, 'changes_requested') };
    case 'resubmitted':
      return { ...next, status: moveTo(base, 'submitted') };
    case 'held':
      return { ...next, status: moveTo(base, 'on_hold') };
    case 'released':
      return {
        ...next,
        status: moveTo(base, 'in_review'),
        reviewDueAt: fact.reviewDueAt ?? base.reviewDueAt,
      };
    case 'approved':
      return {
        ...next,
        status: moveTo(base, 'approved'),
        decidedAt: base.decidedAt ?? fact.at,
        deadline: decided(base, fact.at, fact.deemed),
      };
    case 'rejected':
      return {
        ...next,
        status: moveTo(base, 'rejected'),
        decidedAt: base.decidedAt ?? fact.at,
        deadline: decided(base, fact.at, fact.deemed),
      };
    case 'withdrawn':
      return { ...next, status: moveTo(base, 'withdrawn') };
    case 'lapsed':
      return { ...next, status: moveTo(base, 'lapsed') };
    case 'deadline-breached':
      return { ...next, deadline: 'breached' };
    case 'issued':
      return { ...next, status: 'issued' };
  }
}
