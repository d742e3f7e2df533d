import { IsISO8601, IsUUID, Matches } from 'class-validator';
import { IdField } from './personal-data.js';

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const PERMIT_APPLICATION_SUBMITTED_V1 = 'gov.permits.application.submitted.v1';

export class PermitApplicationSubmittedV1 {
  @IsUUID()
  @IdField()
  applicationId: string;

  @IsUUID()
  @IdField()
  applicantId: string;

  /** Code of the permit type, e.g. `building.small-extension`. */
  @Matches(/^[a-z][a-z0-9.-]{0,63}$/)
  permitType: string;

  @IsISO8601({ strict: true })
  submittedAt: string;
}
