import type { RequestActor, Role } from '../roles.js';
import { DomainError } from '../errors/domain-error.js';
import type { PolicyErrorCode } from '../errors/policy.errors.js';

/*
 * The shared access rules (ownership, separation of duties), pure functions of the actor and
 * the facts of a case. Services apply them in their use cases (`enforce`), and workflow code
 * may import them too (`#contracts/access`, allowed in the workflow sandbox), so a workflow's
 * Update validator applies the same rule: this module imports nothing but plain types and
 * `DomainError`.
 */

/** Stable codes of the refusals the policy gives (declared in `errors/policy.errors.ts`). */
export type PolicyCode = PolicyErrorCode;

export type PolicyDecision =
  { allowed: true } | { allowed: false; code: PolicyCode; message: string };

/** What a rule knows of the case it guards. */
export interface CaseFacts {
  /** The citizen whose case it is. */
  ownerId?: string;
  /** Staff who already approved a step of it, in order. */
  approverIds?: readonly string[];
  /** Who proposed the change being decided (a waiver, an adjustment). */
  proposerId?: string;
  /** The clerk who filed the case for its owner at the counter (assisted channel). */
  filerId?: string;
}

export type PolicyRule = (actor: RequestActor, facts: CaseFacts) => PolicyDecision;

const allow: PolicyDecision = { allowed: true };
const deny = (code: PolicyCode, message: string): PolicyDecision => ({
  allowed: false,
  code,
  message,
});

/**
 * The rules services apply to their own data, after the gateway's coarse role check. Each is
 * a pure function of the actor and the facts of the case; `decide` applies several in order
 * and gives the first refusal.
 */
export const Policy = {
  /** Only these roles. */
  roles:
    (...roles: Role[]): PolicyRule =>
    (actor) =>
      roles.includes(actor.role)
        ? allow
        : deny('POLICY.ROLE_NOT_ALLOWED', `the ${actor.role} role may not do this`),

  /** A citizen sees and changes only their own cases; staff roles listed may act on any. */
  ownerOr:
    (...staff: Role[]): PolicyRule =>
    (actor, facts) =>
      staff.includes(actor.role) || (facts.ownerId !== undefined && facts.ownerId === actor.userId)
        ? allow
        : deny('POLICY.NOT_OWNER', 'this case belongs to someone else'),

  /** Separation of duties: nobody works on a case of their own. */
  notOwnCase: (): PolicyRule => (actor, facts) =>
    facts.ownerId !== undefined && facts.ownerId === actor.userId
      ? deny('POLICY.OWN_CASE', 'staff may not act on a case of their own')
      : allow,

  /** Assisted channel: only the clerk who filed the case acts on it for its owner. */
  filer: (): PolicyRule => (actor, facts) =>
    facts.filerId !== undefined && facts.filerId === actor.userId
      ? allow
      : deny(
          'POLICY.NOT_OWNER',
          'only the clerk who filed this application acts on it for its applicant',
        ),

  /** Separation of duties: the clerk who filed a case for its owner does not work it. */
  notFiler: (): PolicyRule => (actor, facts) =>
    facts.filerId !== undefined && facts.filerId === actor.userId
      ? deny('POLICY.OWN_CASE', 'staff may not work a case they filed for its applicant')
      : allow,

  /** Separation of duties: a second approver differs from every earlier one. */
  newApprover: (): PolicyRule => (actor, facts) =>
    (facts.approverIds ?? []).includes(actor.userId)
      ? deny('POLICY.SAME_APPROVER', 'a further approval must come from someone else')
      : allow,

  /** Separation of duties (four eyes): whoever proposed a change does not decide it. */
  notProposer: (): PolicyRule => (actor, facts) =>
    facts.proposerId !== undefined && facts.proposerId === actor.userId
      ? deny('POLICY.OWN_PROPOSAL', 'a proposal is decided by someone other than its proposer')
      : allow,
} as const;

/** The first refusal of `rules`, or allowed. */
export function decide(
  actor: RequestActor,
  facts: CaseFacts,
  ...rules: PolicyRule[]
): PolicyDecision {
  for (const rule of rules) {
    const decision = rule(actor, facts);
    if (!decision.allowed) return decision;
  }
  return allow;
}

/**
 * Like `decide`, but throws the refusal as a `DomainError` with its POLICY code (for a
 * service's use case; the gateway's error table answers it 403 and records the refusal).
 */
export function enforce(actor: RequestActor, facts: CaseFacts, ...rules: PolicyRule[]): void {
  const decision = decide(actor, facts, ...rules);
  if (!decision.allowed) throw new DomainError<PolicyCode>(decision.code, decision.message);
}
