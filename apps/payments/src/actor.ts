import { formatActor, type Actor, type RequestActor } from '#contracts';

/** Who a use case acts for: a user (from the gateway), or the platform itself (an activity). */
export type Caller = Actor;

/** The caller of a request: its user, or the `system` actor when nobody is named. */
export const callerOf = (actor: RequestActor | undefined): Caller =>
  actor ? { kind: 'user', userId: actor.userId, role: actor.role } : { kind: 'system' };

/** The user behind a caller, for the policy rules (undefined for the system). */
export const userOf = (caller: Caller): RequestActor | undefined =>
  caller.kind === 'user'
    ? { userId: caller.userId, role: caller.role as RequestActor['role'] }
    : undefined;

/** As the ledger and the records write it (`system`, `user:<id>:<role>`). */
export const actorText = (caller: Caller): string => formatActor(caller);
