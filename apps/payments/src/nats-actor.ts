import { DomainError, type RequestActor } from '#contracts';
import { currentActor } from '#platform';
import { callerOf, type Caller } from './actor.js';

/** The user a request names (the request gate has checked that a `user` pattern names one). */
export function requestUser(): RequestActor {
  const actor = currentActor();
  if (!actor) throw new DomainError('PLATFORM.ACTOR_REQUIRED', 'this request needs an actor');
  return actor;
}

/** Who a request is asked for: its user, or the platform (`system`) on internal patterns. */
export const requestCaller = (): Caller => callerOf(currentActor());
