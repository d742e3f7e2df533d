import { ComplaintsErrors, type RequestActor } from '#contracts';
import { currentActor } from '#platform';
import { assertStaff } from './staff/staff.js';

/** The signed-in caller of the current request; anonymous callers are refused. */
export const signedIn = (): RequestActor => {
  const actor = currentActor();
  if (!actor) throw ComplaintsErrors.reporterRequired();
  return actor;
};

/** A clerk, supervisor or admin; anyone else is refused (and the refusal recorded). */
export const staffMember = (): RequestActor => {
  const actor = signedIn();
  assertStaff(actor);
  return actor;
};
