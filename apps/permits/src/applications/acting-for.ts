import { enforce, PermitsApplicationsAccess, type OnBehalfOf, type RequestActor } from '#contracts';
import type { Application } from './application.js';

/**
 * Whether `user` may change `application` (its details, documents, submission): its applicant;
 * or, on the assisted channel (`onBehalfOf`, set by the gateway after it checked the clerk's
 * delegation), the clerk who filed it, and only for the applicant it belongs to. Throws the
 * policy's refusal (`POLICY.NOT_OWNER`, `POLICY.ROLE_NOT_ALLOWED`).
 */
export function enforceChange(
  user: RequestActor,
  application: Pick<Application, 'applicantId' | 'filedBy'>,
  onBehalfOf: OnBehalfOf | undefined,
): void {
  if (!onBehalfOf) {
    enforce(user, { ownerId: application.applicantId }, ...PermitsApplicationsAccess.change());
    return;
  }
  const filerId =
    onBehalfOf.applicantId === application.applicantId && application.filedBy
      ? application.filedBy
      : undefined;
  enforce(user, filerId ? { filerId } : {}, ...PermitsApplicationsAccess.changeOnBehalf());
}

/** Who owns a new draft and who filed it: the applicant themself, or a clerk at the counter. */
export function filingOf(
  user: RequestActor,
  onBehalfOf: OnBehalfOf | undefined,
): Pick<Application, 'applicantId' | 'channel' | 'filedBy'> {
  if (!onBehalfOf) return { applicantId: user.userId, channel: 'online', filedBy: null };
  enforce(user, {}, ...PermitsApplicationsAccess.changeOnBehalf().slice(0, 1));
  return { applicantId: onBehalfOf.applicantId, channel: 'assisted', filedBy: user.userId };
}
