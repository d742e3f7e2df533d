import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { rpc } from './rpc.js';

/*
 * The payments service's request/reply patterns (the payments service answers them; the gateway
 * and the worker ask). Each block below is one area of the service; add yours as a block of its
 * own and spread it into PAYMENTS_RPC.
 */

// ---- reconciliation: importing a provider's settlement report ----------------------------
//
// The report is a file: it never travels over NATS. The gateway streams the upload into file
// storage (#storage, content-addressed) and asks payments to import what is stored under
// `fileKey`; payments reads it from the same storage and keeps the key and SHA-256.

export const PAYMENTS_RECONCILIATION_IMPORT = 'payments.reconciliation.import';

/** A payment provider's name as the platform knows it (`sandbox`, ...). */
export const PAYMENT_PROVIDER_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** A key of the file storage: `<prefix>/<sha256>` (see libs/storage, `assertKey`). */
export const FILE_KEY_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,127})*$/;

/** SHA-256, lowercase hex. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/**
 * `payments.reconciliation.import`: import the settlement report stored under `fileKey`. The
 * same file (same `sha256`) asked again is one import: payments answers the first one.
 */
export class ImportSettlementReportRequest {
  /** Where the report is in file storage. */
  @IsString()
  @MaxLength(512)
  @Matches(FILE_KEY_PATTERN, { message: 'fileKey must be a file storage key' })
  fileKey: string;

  @IsString()
  @Matches(SHA256_HEX_PATTERN, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256: string;

  /** Bytes. */
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  size: number;

  /** The name the cashier's file had (for people; never a path). */
  @IsString()
  @MaxLength(255)
  fileName: string;

  /** Whose report it is. */
  @IsString()
  @Matches(PAYMENT_PROVIDER_PATTERN, {
    message: 'provider must be a provider name such as sandbox',
  })
  provider: string;
}

/** What payments answers an import with (and the gateway its client). */
export class SettlementReportImport {
  @ApiProperty({ format: 'uuid', description: "The report's id at payments." })
  reportId: string;

  @ApiProperty({ example: 'sandbox' })
  provider: string;

  @ApiProperty({ description: 'Where the report file is kept (file storage key).' })
  fileKey: string;

  @ApiProperty({ description: 'SHA-256 of the file, lowercase hex.', pattern: '^[0-9a-f]{64}$' })
  sha256: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Bytes.' })
  size: number;

  @ApiProperty({ maxLength: 255 })
  fileName: string;

  @ApiProperty({ format: 'date-time' })
  importedAt: string;
}

export const PAYMENTS_RECONCILIATION_RPC = {
  [PAYMENTS_RECONCILIATION_IMPORT]: rpc<ImportSettlementReportRequest, SettlementReportImport>(
    ImportSettlementReportRequest,
  ),
} as const;

// ---- end of reconciliation ---------------------------------------------------------------

/** Every payments pattern (each area's block spread in). */
export const PAYMENTS_RPC = {
  ...PAYMENTS_RECONCILIATION_RPC,
} as const;
