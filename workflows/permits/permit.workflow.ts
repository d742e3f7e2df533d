import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { renewalRefusal, revocationRefusal, type PermitsRefusal } from '#contracts/access';
import {
  PERMIT_REVOCATION_REASONS,
  permitLifeState,
  requestRenewal,
  revokePermit,
  type CaseActor,
  type PermitLifeActivities,
  type PermitLifeInput,
  type PermitLifeReply,
  type PermitLifeState,
  type PermitTransition,
  type RecordPermitTransitionRequest,
  type RevokePermitArgs,
} from '#contracts/temporal';
import type { PermitsApplicationErrorCode } from '../../libs/contracts/src/errors/permits-applications.errors.js';

/*
 * An issued permit's life (docs/permits.md, "A permit's life"), id `permit-<permitNumber>`:
 * valid until its validity ends (the expiry timer), unless a supervisor revokes it first (the
 * `revokePermit` Update); within the renewal window before expiry its holder may ask once for
 * a renewal (the `requestRenewal` Update: the service creates the renewal application). Every
 * transition is written by the permits service (`permitLifeRecordTransition`, with the
 * workflow's own seq); the Updates return after it is recorded. Returns the final state.
 */

const acts = proxyActivities<PermitLifeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const refuse = (code: PermitsApplicationErrorCode, message: string): never => {
  throw ApplicationFailure.nonRetryable(message, code);
};
const check = (refusal: PermitsRefusal | null): void => {
  if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
};

export async function permitWorkflow(input: PermitLifeInput): Promise<PermitLifeState> {
  const s: PermitLifeState = {
    permitNumber: input.permitNumber,
    status: 'valid',
    renewalWindow: 'not_open',
    renewalOpensAt: null,
    renewalApplicationId: null,
    pendingChange: false,
    transitions: 0,
  };
  let seq = 0;
  /** The expiry timer fired: no Update is taken any more. */
  let expiring = false;

  const reply = (): PermitLifeReply => ({
    permitNumber: input.permitNumber,
    status: s.status,
    renewalApplicationId: s.renewalApplicationId,
  });

  async function record(
    transition: PermitTransition,
    detail: Omit<RecordPermitTransitionRequest, 'permitNumber' | 'seq' | 'transition'> = {},
  ): Promise<PermitLifeReply> {
    const answer = await acts.permitLifeRecordTransition({
      permitNumber: input.permitNumber,
      seq: ++seq,
      transition,
      ...detail,
    });
    s.transitions += 1;
    return answer;
  }

  /** An Update's body: one change at a time, marked before its first await. */
  async function change(fn: () => Promise<void>): Promise<PermitLifeReply> {
    s.pendingChange = true;
    try {
      await fn();
      return reply();
    } finally {
      s.pendingChange = false;
    }
  }

  /** What every Update needs: an active permit, nothing else being recorded. */
  function active(): void {
    if (s.status !== 'valid' || expiring)
      refuse('PERMITS.PERMIT_NOT_ACTIVE', `permit ${input.permitNumber} is ${s.status}`);
    if (s.pendingChange)
      refuse(
        'PERMITS.PERMIT_CHANGE_IN_PROGRESS',
        'another change of this permit is being recorded',
      );
  }

  setHandler(permitLifeState, () => ({ ...s }));

  setHandler(
    revokePermit,
    (args: RevokePermitArgs) =>
      change(async () => {
        await record('revoked', {
          actor: args.actor,
          reasonCode: args.reasonCode,
          ...(args.noteId ? { noteId: args.noteId } : {}),
        });
        s.status = 'revoked';
        s.renewalWindow = 'closed';
      }),
    {
      validator: (args: RevokePermitArgs) => {
        check(revocationRefusal(args.actor, { holderId: input.holderId }));
        if (!(PERMIT_REVOCATION_REASONS as readonly string[]).includes(args.reasonCode))
          refuse('PERMITS.REASON_REQUIRED', 'a revocation needs a reason code from the list');
        active();
      },
    },
  );

  setHandler(
    requestRenewal,
    ({ actor }: { actor: CaseActor }) =>
      change(async () => {
        const answer = await record('renewal-requested', { actor });
        s.renewalApplicationId = answer.renewalApplicationId;
      }),
    {
      validator: ({ actor }: { actor: CaseActor }) => {
        check(renewalRefusal(actor, { holderId: input.holderId }));
        active();
        if (s.renewalWindow !== 'open')
          refuse(
            'PERMITS.RENEWAL_WINDOW_CLOSED',
            s.renewalOpensAt
              ? `renewal opens at ${s.renewalOpensAt}`
              : 'the renewal window is not open',
          );
        if (s.renewalApplicationId)
          refuse('PERMITS.RENEWAL_ALREADY_REQUESTED', 'a renewal was asked for already');
      },
    },
  );

  const timers = await acts.permitLifeTimers({
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    renewalWindowDays: input.renewalWindowDays,
  });
  const started = Date.now();
  s.renewalOpensAt = timers.renewalOpensAt;
  const ended = (): boolean => s.status !== 'valid';

  // The renewal window opens (unless the permit was revoked first, or expires before).
  const opensInMs = Math.min(timers.renewalOpensInMs, timers.expiresInMs);
  if (opensInMs > 0) await condition(ended, opensInMs);
  if (!ended() && timers.renewalOpensInMs < timers.expiresInMs) s.renewalWindow = 'open';

  // The expiry timer races a revocation.
  const left = started + timers.expiresInMs - Date.now();
  if (left > 0) await condition(ended, left);
  expiring = true;
  await condition(() => !s.pendingChange);
  if (!ended()) {
    await record('expired');
    s.status = 'expired';
    s.renewalWindow = 'closed';
  }
  await condition(allHandlersFinished);
  return { ...s };
}
