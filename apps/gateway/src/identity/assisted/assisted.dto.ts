import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IDENTITY_DOCUMENT_KINDS, type IdentityDocumentKind } from './assisted.repository.js';
import { CODE_PATTERN } from './one-time-codes.js';

export class IdentityDocumentSeenDto {
  @ApiProperty({ enum: IDENTITY_DOCUMENT_KINDS, description: 'The document the clerk saw.' })
  @IsIn(IDENTITY_DOCUMENT_KINDS)
  kind: IdentityDocumentKind;

  @ApiProperty({
    example: '4821',
    pattern: '^[A-Za-z0-9]{3,6}$',
    description: 'The last 3–6 letters or digits of its number (never the whole number).',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9]{3,6}$/, { message: 'numberEnd must be the last 3 to 6 letters or digits' })
  numberEnd: string;
}

export class CreateAssistedAccountDto {
  @ApiProperty({ example: 'Ana Citizen', minLength: 1, maxLength: 200, pattern: '\\S' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(/\S/, { message: 'fullName must not be blank' })
  fullName: string;

  @ApiProperty({
    example: 'ana@example.org',
    format: 'email',
    maxLength: 254,
    description: 'The address the person will log in with once they claimed the account.',
  })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ type: IdentityDocumentSeenDto })
  @IsObject({ message: 'identityDocument must be an object' })
  @ValidateNested()
  @Type(() => IdentityDocumentSeenDto)
  identityDocument: IdentityDocumentSeenDto;
}

export class DelegationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The account the clerk may file for.' })
  applicantId: string;
  @ApiProperty({ enum: ['new_account', 'assist_code'] }) via: 'new_account' | 'assist_code';
  @ApiProperty({ format: 'date-time' }) grantedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class DelegationsDto {
  @ApiProperty({ type: [DelegationDto], description: 'Live delegations, the newest first.' })
  items: DelegationDto[];
}

export class AssistedAccountDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ type: DelegationDto }) delegation: DelegationDto;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'K7QM-4XPD-9RTW',
    description:
      'The one-time claim code to print for the person: shown once, stored only as a hash. Null in a replay of the same Idempotency-Key (never kept).',
  })
  claimCode: string | null;
  @ApiProperty({ format: 'date-time' }) claimCodeExpiresAt: string;
}

export class ReissueClaimCodeDto {
  @ApiProperty({
    type: IdentityDocumentSeenDto,
    description:
      'The document the person shows now: the one recorded when the account was made (its kind and number end), else 403 `IDENTITY.IDENTITY_DOCUMENT_MISMATCH`.',
  })
  @IsObject({ message: 'identityDocument must be an object' })
  @ValidateNested()
  @Type(() => IdentityDocumentSeenDto)
  identityDocument: IdentityDocumentSeenDto;
}

export class ClaimCodeDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'K7QM-4XPD-9RTW',
    description:
      'The new one-time claim code to print for the person: shown once, stored only as a hash; the earlier code no longer works. Null in a replay of the same Idempotency-Key (never kept).',
  })
  claimCode: string | null;
  @ApiProperty({ format: 'date-time' }) claimCodeExpiresAt: string;
}

export class ClaimAccountDto {
  @ApiProperty({ example: 'ana@example.org', minLength: 1, maxLength: 254 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  @ApiProperty({
    example: 'K7QM-4XPD-9RTW',
    pattern: CODE_PATTERN.source,
    description: 'The printed claim code (any case, hyphens optional).',
  })
  @IsString()
  @Matches(CODE_PATTERN, { message: 'code must be a claim code' })
  code: string;

  @ApiProperty({ minLength: 12, maxLength: 128, description: 'At least 12 characters.' })
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  password: string;
}

export class AssistCodeDto {
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'Q4ZT-8MKW',
    description:
      'Show it to the clerk; works once, for minutes. Null in a replay of the same Idempotency-Key (never kept).',
  })
  code: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class EnterAssistCodeDto {
  @ApiProperty({
    example: 'Q4ZT-8MKW',
    pattern: CODE_PATTERN.source,
    description: 'The code the applicant shows from their account.',
  })
  @IsString()
  @Matches(CODE_PATTERN, { message: 'code must be an assist code' })
  code: string;
}
