import type { Quantities, ReviewRemedy } from '../permit-types/permit-type.js';

/*
 * A case's history as the what-if replay reads it (docs/permits.md, "What-if replay"): the
 * steps that move its fee and its clocks, with their times, from the permits transition table
 * (`history-from-transitions.ts`) or from an audit export (`history-from-export.ts`). Never
 * from the event streams, which keep only 30 days. Pure data.
 */

/** A step of a case that the recomputation needs (assignments, reminders, inspections: not). */
export type HistoryStep =
  /** The completeness check ended: a clerk's finding, or its deadline counted it complete. */
  | { kind: 'completeness-confirmed'; at: Date; by: 'clerk' | 'deadline' }
  /** Changes asked: at the completeness check (no clock yet) or in review (the clock stops). */
  | { kind: 'changes-requested'; at: Date }
  /** The applicant answered; new quantities where the history has them. */
  | { kind: 'resubmitted'; at: Date; quantities?: Quantities }
  /** An invoice asked for (the application fee, or an adjustment after changed quantities). */
  | {
      kind: 'payment-requested';
      at: Date;
      feeMinor: number;
      currency: string;
      quantities?: Quantities;
    }
  /**
   * A supervisor held the case: a running review clock stops, keeping its whole working days
   * left (`workingDaysLeft` recorded when it did), as on a change request.
   */
  | { kind: 'held'; at: Date; workingDaysLeft?: number }
  /**
   * The hold ended. `restarted`: the workflow restarted the review clock here (one the hold
   * stopped, or one a resubmission would have restarted while the case was held).
   */
  | { kind: 'released'; at: Date; restarted: boolean }
  /** The review clock (re)started: paid and complete (a restart of a running clock is a recomputation). */
  | { kind: 'review-started'; at: Date; workingDaysLeft?: number }
  /** Part of the fee refunded because changed quantities lowered it. */
  | { kind: 'fee-reassessed'; at: Date; refundedMinor: number }
  /** The review clock ran out and the remedy was applied (a refund with its amount). */
  | { kind: 'breach'; at: Date; remedy: ReviewRemedy; refundedMinor?: number }
  /** The case ended: a decision (a person's, or deemed by the clock), a withdrawal, a lapse. */
  | {
      kind: 'closed';
      at: Date;
      outcome: 'approved' | 'rejected' | 'withdrawn' | 'lapsed';
      deemed: boolean;
      /** A withdrawal after payment refunds everything paid. */
      refunded?: boolean;
    };

/** The rules of the case's pinned type version, as far as the history knows them. */
export interface ActualRules {
  reviewDays?: number;
  completenessCheckDays?: number;
  paymentDays?: number;
  remedy?: ReviewRemedy;
}

export interface CaseHistory {
  applicationId: string;
  permitType: string;
  typeVersion: number;
  submittedAt: Date;
  /** Quantities as declared at submission (or, from the table, as they stand). */
  quantities: Quantities;
  rules: ActualRules;
  /** In time order. */
  steps: HistoryStep[];
}
