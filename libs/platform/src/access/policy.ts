import type { RequestActor, Role } from '#contracts';

/** Stable codes of the refusals the policy helper gives. */
export type PolicyCode =
  'POLICY.ROLE_NOT_ALLOWED' | 'POLICY.NOT_OWNER' | 'POLICY.OWN_CASE' | 'POLICY.SAME_APPROVER';

export type PolicyDecision =
  { allowed: true } | { allowed: false; code: PolicyCode; message: string };

/** A refusal as it crosses NATS: the gateway maps it to a 403 and records the refusal. */
export class PolicyDeniedError extends Error {
  readonly status = 403;
  constructor(
    readonly code: PolicyCode,
    message: string,
  ) {
    super(message);
    this.name = 'PolicyDeniedError';
  }

  /** The `{code, message, details}` body of an RPC error. */
  toRpcError() {
    return { code: this.code, message: this.message, details: { status: this.status } };
  }
}

/** What a rule knows of the case it guards. */
export interface CaseFacts {
  /** The citizen whose case it is. */
  ownerId?: string;
  /** Staff who already approved a step of it, in order. */
  approverIds?: readonly string[];
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

  /** Separation of duties: a second approver differs from every earlier one. */
  newApprover: (): PolicyRule => (actor, facts) =>
    (facts.approverIds ?? []).includes(actor.userId)
      ? deny('POLICY.SAME_APPROVER', 'a further approval must come from someone else')
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

/** Like `decide`, but throws the refusal (for use inside a service's use case). */
export function enforce(actor: RequestActor, facts: CaseFacts, ...rules: PolicyRule[]): void {
  const decision = decide(actor, facts, ...rules);
  if (!decision.allowed) throw new PolicyDeniedError(decision.code, decision.message);
}
