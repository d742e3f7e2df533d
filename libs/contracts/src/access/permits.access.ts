import type { RequestActor, Role } from '../roles.js';
import { DomainError } from '../errors/domain-error.js';
import type { PermitsApplicationErrorCode } from '../errors/permits-applications.errors.js';
import { decide, Policy, type PolicyCode, type PolicyRule } from './policy.js';

/*
 * Who may work a permit case, as pure rules of the actor and the case's facts: the ONE set
 * that both places apply. The permits service applies them to its table's row before it sends
 * an Update (`throwRefusal`); the workflow's Update validators apply the same functions to
 * their own state (`workflows/permits/refusals.ts`, which adds only the checks of the case's
 * state). This module imports only plain types, `DomainError` and the policy, so workflow code
 * may import it, and a refusal reads the same (code and message) wherever it was given.
 */

/** Staff who work the review queue (claim, decide, schedule inspections). */
export const PERMITS_CASE_WORKERS = ['clerk', 'supervisor'] as const satisfies readonly Role[];

/** What the rules know of a case. */
export interface PermitCaseFacts {
  applicantId: string;
  /** Who approved so far, in order. */
  approverIds: readonly string[];
  /** The approval rule asks a second, different approver (a supervisor). */
  secondApprovalRequired: boolean;
  /**
   * The clerk who filed it at the counter for its applicant (assisted channel), who never
   * works it. Given by the service from its table (workflow state does not hold it).
   */
  filedBy?: string | null;
}

export interface PermitDecisionInput {
  decision: 'confirm_complete' | 'approve' | 'reject' | 'request_changes';
  reasonCode?: string;
  revisionItemKeys?: readonly string[];
}

/** A refusal: the stable code and a message (or null when allowed). */
export interface PermitsRefusal {
  code: PolicyCode | PermitsApplicationErrorCode;
  message: string;
}

const firstPolicyRefusal = (
  actor: RequestActor,
  facts: Pick<PermitCaseFacts, 'applicantId'> & Partial<PermitCaseFacts>,
  rules: PolicyRule[],
): PermitsRefusal | null => {
  const decision = decide(
    actor,
    {
      ownerId: facts.applicantId,
      approverIds: facts.approverIds ?? [],
      ...(facts.filedBy ? { filerId: facts.filedBy } : {}),
    },
    ...rules,
  );
  return decision.allowed ? null : { code: decision.code, message: decision.message };
};

const OWN_CASE: PermitsRefusal = {
  code: 'POLICY.OWN_CASE',
  message: 'staff may not act on a case of their own',
};

export const PermitsAccess = {
  /**
   * Claiming a case, scheduling an inspection, deciding: a clerk or supervisor, never their own
   * case, nor one they filed for its applicant at the counter.
   */
  work: (): PolicyRule[] => [
    Policy.roles(...PERMITS_CASE_WORKERS),
    Policy.notOwnCase(),
    Policy.notFiler(),
  ],
  /** Giving a case to someone else: a supervisor, never their own case. */
  reassign: (): PolicyRule[] => [Policy.roles('supervisor'), Policy.notOwnCase()],
  /** Recording an inspection's result: an inspector, never on their own case. */
  inspect: (): PolicyRule[] => [Policy.roles('inspector'), Policy.notOwnCase()],
  /**
   * Resubmitting or withdrawing: the applicant only (the gateway lets only citizens call these
   * routes; the rule itself is ownership, as for a draft: `PermitsApplicationsAccess.change`).
   */
  applicant: (): PolicyRule[] => [Policy.ownerOr()],
  /** Attaching a condition of approval: a clerk or supervisor, never their own case. */
  attachCondition: (): PolicyRule[] => [Policy.roles(...PERMITS_CASE_WORKERS), Policy.notOwnCase()],
  /** Marking a condition met: staff on the case (an inspector too), never their own case. */
  meetCondition: (): PolicyRule[] => [
    Policy.roles('clerk', 'supervisor', 'inspector'),
    Policy.notOwnCase(),
  ],
  /** Putting a case on hold or releasing it: a supervisor, never their own case. */
  hold: (): PolicyRule[] => [Policy.roles('supervisor'), Policy.notOwnCase()],
  /** The work queue and an inspector's day. */
  readQueue: (): PolicyRule[] => [Policy.roles('clerk', 'supervisor', 'inspector')],
} as const;

/**
 * Whether `actor` may take `input` on the case: the role (clerk or supervisor), never on their
 * own application, a further approval from someone who has not approved yet and, where the
 * approval rule asks a second approval, a supervisor's; a rejection or change request names
 * its reason, and a change request what to revise.
 */
export function permitDecisionRefusal(
  actor: RequestActor,
  facts: PermitCaseFacts,
  input: PermitDecisionInput,
): PermitsRefusal | null {
  const rules = [...PermitsAccess.work()];
  if (input.decision === 'approve') rules.push(Policy.newApprover());
  const refused = firstPolicyRefusal(actor, facts, rules);
  if (refused) return refused;
  if (
    input.decision === 'approve' &&
    facts.secondApprovalRequired &&
    facts.approverIds.length > 0 &&
    actor.role !== 'supervisor'
  )
    return {
      code: 'PERMITS.SECOND_APPROVAL_ROLE',
      message: 'the second approval of this application is a supervisor’s',
    };
  if ((input.decision === 'reject' || input.decision === 'request_changes') && !input.reasonCode)
    return { code: 'PERMITS.REASON_REQUIRED', message: `${input.decision} needs a reasonCode` };
  if (input.decision === 'request_changes' && (input.revisionItemKeys ?? []).length === 0)
    return {
      code: 'PERMITS.REVISION_ITEMS_REQUIRED',
      message: 'request_changes needs at least one revision item',
    };
  return null;
}

/** Whether `actor` may claim the case (take it as its assignee). */
export function claimRefusal(actor: RequestActor, facts: PermitCaseFacts): PermitsRefusal | null {
  return firstPolicyRefusal(actor, facts, PermitsAccess.work());
}

/** Whether `actor` may give the case to `assigneeId` (never to its applicant). */
export function reassignRefusal(
  actor: RequestActor,
  facts: PermitCaseFacts,
  assigneeId: string,
): PermitsRefusal | null {
  return (
    firstPolicyRefusal(actor, facts, PermitsAccess.reassign()) ??
    (assigneeId === facts.applicantId ? OWN_CASE : null)
  );
}

/** Whether `actor` may schedule an inspection by `inspectorId` (never its applicant). */
export function scheduleInspectionRefusal(
  actor: RequestActor,
  facts: PermitCaseFacts,
  inspectorId: string,
): PermitsRefusal | null {
  return (
    firstPolicyRefusal(actor, facts, PermitsAccess.work()) ??
    (inspectorId === facts.applicantId
      ? { code: 'POLICY.OWN_CASE', message: 'nobody inspects their own application' }
      : null)
  );
}

/** Whether `actor` may resubmit or withdraw the case: its applicant only. */
export function applicantRefusal(
  actor: RequestActor,
  facts: PermitCaseFacts,
): PermitsRefusal | null {
  return firstPolicyRefusal(actor, facts, PermitsAccess.applicant());
}

/** Whether `actor` may record the result of an inspection assigned to `inspectorId`. */
export function inspectionResultRefusal(
  actor: RequestActor,
  facts: { applicantId: string; inspectorId: string },
): PermitsRefusal | null {
  const refused = firstPolicyRefusal(actor, facts, PermitsAccess.inspect());
  if (refused) return refused;
  return actor.userId === facts.inspectorId
    ? null
    : {
        code: 'PERMITS.NOT_ASSIGNED_INSPECTOR',
        message: 'only the assigned inspector records the result',
      };
}

/** Whether `actor` may attach a condition of approval to the case. */
export function addConditionRefusal(
  actor: RequestActor,
  facts: PermitCaseFacts,
): PermitsRefusal | null {
  return firstPolicyRefusal(actor, facts, PermitsAccess.attachCondition());
}

/** Whether `actor` may mark a condition of the case met. */
export function conditionMetRefusal(
  actor: RequestActor,
  facts: PermitCaseFacts,
): PermitsRefusal | null {
  return firstPolicyRefusal(actor, facts, PermitsAccess.meetCondition());
}

/** Whether `actor` may put the case on hold or release it. */
export function holdRefusal(actor: RequestActor, facts: PermitCaseFacts): PermitsRefusal | null {
  return firstPolicyRefusal(actor, facts, PermitsAccess.hold());
}

/** Throws a refusal as a DomainError (for a use case); nothing when null. */
export function throwRefusal(refusal: PermitsRefusal | null): void {
  if (refusal) throw new DomainError(refusal.code, refusal.message);
}

/**
 * Revoking an issued permit: a supervisor, never a permit of their own (the holder's id is the
 * "applicant" of the rule).
 */
export function revocationRefusal(
  actor: RequestActor,
  facts: { holderId: string },
): PermitsRefusal | null {
  return firstPolicyRefusal(actor, { applicantId: facts.holderId }, PermitsAccess.reassign());
}

/** Asking for a permit's renewal: its holder only. */
export function renewalRefusal(
  actor: RequestActor,
  facts: { holderId: string },
): PermitsRefusal | null {
  return firstPolicyRefusal(actor, { applicantId: facts.holderId }, PermitsAccess.applicant());
}
