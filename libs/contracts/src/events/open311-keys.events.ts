import { IsUUID, Matches } from 'class-validator';
import { IdField } from './personal-data.js';

// Subject constants: changing one is a new version (`.v2`), never an edit.
/** An admin issued an Open311 API key to a client app (the key itself never leaves the answer). */
export const API_KEY_ISSUED_V1 = 'gov.identity.api-key.issued.v1';
/** An admin revoked an Open311 API key: it is refused from now on. */
export const API_KEY_REVOKED_V1 = 'gov.identity.api-key.revoked.v1';

export class ApiKeyIssuedV1 {
  @IsUUID()
  @IdField()
  keyId: string;

  /** The key's public prefix (`o311_<8 hex>`), how admins and logs tell keys apart. */
  @Matches(/^o311_[0-9a-f]{8}$/)
  keyPrefix: string;

  @IsUUID()
  @IdField()
  issuedBy: string;
}

export class ApiKeyRevokedV1 {
  @IsUUID()
  @IdField()
  keyId: string;

  @Matches(/^o311_[0-9a-f]{8}$/)
  keyPrefix: string;

  @IsUUID()
  @IdField()
  revokedBy: string;
}
