import {
  DomainError,
  enforce,
  formatActor,
  type Actor,
  type PolicyRule,
  type RequestActor,
} from '#contracts';
import { currentActor } from '#platform';

/** Who a use case acts for: a user (from the gateway), or the platform itself (`system`). */
export type Caller = Actor;

/** The caller of a request: its user, or the `system` actor when nobody is named. */
export const callerOf = (actor: RequestActor | undefined): Caller =>
  actor ? { kind: 'user', userId: actor.userId, role: actor.role } : { kind: 'system' };

/** As the permits tables write it (`system`, `user:<id>:<role>`). */
export const actorText = (caller: Caller): string => formatActor(caller);

/** Who a request is asked for: its user, or the platform (`system`) on internal patterns. */
export const requestCaller = (): Caller => callerOf(currentActor());

/** The user a request names (the request gate has checked that a `user` pattern names one). */
export function requestUser(): RequestActor {
  const actor = currentActor();
  if (!actor) throw new DomainError('PLATFORM.ACTOR_REQUIRED', 'this request needs an actor');
  return actor;
}

/**
 * Applies policy rules to a user caller; the platform itself (`system`: the seed step, an
 * activity) passes, since only internal patterns and local tools act for nobody.
 */
export function enforceCaller(caller: Caller, ...rules: PolicyRule[]): void {
  if (caller.kind === 'user')
    enforce({ userId: caller.userId, role: caller.role as RequestActor['role'] }, {}, ...rules);
}
