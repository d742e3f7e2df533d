import type { Quantities } from '../permit-types/permit-type.js';
import type { ActualRules, CaseHistory, HistoryStep } from './case-history.js';

/*
 * A case's history from the permits tables: its `applications` row and its
 * `application_transitions`, oldest first (the workflow writes every transition there, with
 * its facts: fees, due times, clock). Pure.
 */

export interface ApplicationRow {
  id: string;
  permit_type: string;
  type_version: number;
  submitted_at: Date;
  quantities: Quantities;
}

export interface TransitionRow {
  transition: string;
  reason_code: string | null;
  facts: Record<string, unknown>;
  at: Date;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The steps one transition row stands for (none for those the replay does not need). */
export function stepsOfTransition(row: TransitionRow): HistoryStep[] {
  const { facts, at } = row;
  switch (row.transition) {
    case 'completeness-confirmed':
      return [
        {
          kind: 'completeness-confirmed',
          at,
          by: facts.completenessBy === 'deadline' ? 'deadline' : 'clerk',
        },
      ];
    case 'changes-requested':
      return [{ kind: 'changes-requested', at }];
    case 'resubmitted':
      return [
        {
          kind: 'resubmitted',
          at,
          ...(facts.quantities ? { quantities: facts.quantities as Quantities } : {}),
        },
      ];
    case 'payment-requested':
      return [
        {
          kind: 'payment-requested',
          at,
          feeMinor: num(facts.feeMinor) ?? 0,
          currency: typeof facts.currency === 'string' ? facts.currency : 'EUR',
          ...(facts.quantities ? { quantities: facts.quantities as Quantities } : {}),
        },
      ];
    case 'review-started': {
      const left = num(facts.workingDaysLeft);
      return [
        { kind: 'review-started', at, ...(left !== undefined ? { workingDaysLeft: left } : {}) },
      ];
    }
    case 'held': {
      const left = num(facts.workingDaysLeft);
      return [{ kind: 'held', at, ...(left !== undefined ? { workingDaysLeft: left } : {}) }];
    }
    case 'released':
      return [{ kind: 'released', at, restarted: typeof facts.reviewDueAt === 'string' }];
    case 'fee-refunded': {
      const refundedMinor = num(facts.feeMinor) ?? 0;
      return row.reason_code === 'fee_reassessed'
        ? [{ kind: 'fee-reassessed', at, refundedMinor }]
        : [{ kind: 'breach', at, remedy: 'fee_refund', refundedMinor }];
    }
    case 'escalated':
      return [{ kind: 'breach', at, remedy: 'escalate' }];
    case 'deemed-approved':
      return [
        { kind: 'breach', at, remedy: 'deemed_approved' },
        { kind: 'closed', at, outcome: 'approved', deemed: true },
      ];
    case 'deemed-refused':
      return [
        { kind: 'breach', at, remedy: 'deemed_refused' },
        { kind: 'closed', at, outcome: 'rejected', deemed: true },
      ];
    case 'approved':
      return [{ kind: 'closed', at, outcome: 'approved', deemed: false }];
    case 'rejected':
      return [{ kind: 'closed', at, outcome: 'rejected', deemed: false }];
    case 'withdrawn':
      return [
        {
          kind: 'closed',
          at,
          outcome: 'withdrawn',
          deemed: false,
          refunded: facts.compensation === 'refunded',
        },
      ];
    case 'lapsed':
      return [{ kind: 'closed', at, outcome: 'lapsed', deemed: false }];
    default:
      return [];
  }
}

/** One case's history from its row, its transitions (oldest first) and its version's rules. */
export function historyFromTransitions(
  application: ApplicationRow,
  transitions: TransitionRow[],
  rules: ActualRules,
): CaseHistory {
  return {
    applicationId: application.id,
    permitType: application.permit_type,
    typeVersion: application.type_version,
    submittedAt: application.submitted_at,
    quantities: application.quantities,
    rules,
    steps: transitions.flatMap(stepsOfTransition),
  };
}
