import type { RequestActor, Role } from '../roles.js';
import { DomainError } from '../errors/domain-error.js';
import type { PermitsApplicationErrorCode } from '../errors/permits-applications.errors.js';
import { decide, Policy, type PolicyCode, type PolicyRule } from './policy.js';

/*
 * Who may work a permit case, as pure rules of the actor and the case's facts. The permits
 * service applies them before it sends an Update; the workflow's Update validators apply the
 * same functions to their own state (this module imports only plain types, `DomainError` and
 * the policy), so a refusal reads the same wherever it was given.
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
  facts: PermitCaseFacts,
  rules: PolicyRule[],
): PermitsRefusal | null => {
  const decision = decide(
    actor,
    { ownerId: facts.applicantId, approverIds: facts.approverIds },
    ...rules,
  );
  return decision.allowed ? null : { code: decision.code, message: decision.message };
};

export const PermitsAccess = {
  /** Claiming a case, scheduling an inspection: a clerk or supervisor, never their own case. */
  work: (): PolicyRule[] => [Policy.roles(...PERMITS_CASE_WORKERS), Policy.notOwnCase()],
  /** Giving a case to someone else: a supervisor, never their own case. */
  reassign: (): PolicyRule[] => [Policy.roles('supervisor'), Policy.notOwnCase()],
  /** Recording an inspection's result: an inspector, never on their own case. */
  inspect: (): PolicyRule[] => [Policy.roles('inspector'), Policy.notOwnCase()],
  /** Resubmitting or withdrawing: the applicant only. */
  applicant: (): PolicyRule[] => [Policy.roles('citizen'), Policy.ownerOr()],
  /** The work queue and an inspector's day. */
  readQueue: (): PolicyRule[] => [Policy.roles('clerk', 'supervisor', 'inspector')],
} as const;

/**
 * Whether `actor` may take `input` on the case: the role (clerk or supervisor), never on their
 * own application, a second approval from someone other than the first approver and, where
 * the approval rule asks it, a supervisor; a rejection or change request names its reason,
 * and a change request what to revise.
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

/** Whether `actor` may record the result of an inspection assigned to `inspectorId`. */
export function inspectionResultRefusal(
  actor: RequestActor,
  facts: { applicantId: string; inspectorId: string },
): PermitsRefusal | null {
  const refused = firstPolicyRefusal(
    actor,
    { applicantId: facts.applicantId, approverIds: [], secondApprovalRequired: false },
    PermitsAccess.inspect(),
  );
  if (refused) return refused;
  return actor.userId === facts.inspectorId
    ? null
    : { code: 'PERMITS.NOT_ASSIGNED_INSPECTOR', message: 'only the assigned inspector records it' };
}

/** Applies rules to a case, throwing the first refusal as a DomainError (for a use case). */
export function enforceOnCase(
  actor: RequestActor,
  facts: PermitCaseFacts,
  rules: PolicyRule[],
): void {
  const refused = firstPolicyRefusal(actor, facts, rules);
  if (refused) throw new DomainError(refused.code, refused.message);
}

/** Throws a refusal as a DomainError (for a use case); nothing when null. */
export function throwRefusal(refusal: PermitsRefusal | null): void {
  if (refusal) throw new DomainError(refusal.code, refusal.message);
}
