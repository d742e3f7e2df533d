import { randomUUID } from 'node:crypto';
import { PERMIT_APPLICATION_SUBMITTED_V1, SYSTEM_ACTOR } from '#contracts';
import type { NewEvent } from '#platform';

/** A permit application submitted by the system, about `aggregateId` (the application). */
export const submittedEvent = (
  aggregateId: string,
  permitType = 'building.small-extension',
): NewEvent<typeof PERMIT_APPLICATION_SUBMITTED_V1> => ({
  subject: PERMIT_APPLICATION_SUBMITTED_V1,
  aggregateId,
  actor: SYSTEM_ACTOR,
  data: {
    applicationId: aggregateId,
    applicantId: randomUUID(),
    permitType,
    submittedAt: new Date().toISOString(),
  },
});
