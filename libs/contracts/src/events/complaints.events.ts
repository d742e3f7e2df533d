import { IsOptional, IsUUID, Matches } from 'class-validator';
import { HashedField, IdField } from './personal-data.js';

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const SERVICE_REQUEST_CREATED_V1 = 'gov.complaints.request.created.v1';

export class ServiceRequestCreatedV1 {
  @IsUUID()
  @IdField()
  requestId: string;

  /** Open311 service code. */
  @Matches(/^[A-Za-z0-9._-]{1,64}$/)
  serviceCode: string;

  /** Salted SHA-256 of the reporter's contact, to link repeat reports without storing it. */
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  @HashedField()
  reporterContactHash?: string;
}
