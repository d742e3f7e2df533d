import { DomainError, type CaseActor, type RequestActor } from '#contracts';
import { currentActor } from '#platform';

/** The user a case-work request names (the request gate has checked that one is named). */
export function caseUser(): RequestActor {
  const actor = currentActor();
  if (!actor) throw new DomainError('PLATFORM.ACTOR_REQUIRED', 'this request needs an actor');
  return actor;
}

/** The actor an Update carries. */
export const caseActorOf = (user: RequestActor): CaseActor => ({
  userId: user.userId,
  role: user.role,
});
