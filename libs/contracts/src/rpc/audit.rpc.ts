import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EmptyRequest, rpc } from './rpc.js';
import { TrailMoment } from './date-time.js';
import { NumberFromQuery } from './fields.js';
import { PERMIT_NUMBER_PATTERN } from '../events/permits.events.js';

/*
 * The audit log's request/reply patterns (the audit service answers them; the gateway serves
 * them to auditors). Each request class is also the gateway's query DTO for its route, so a
 * field is defined once: its rules, its OpenAPI description and its type on both sides.
 */

export const AUDIT_TREE_HEADS_LATEST = 'audit.tree-heads.latest';
export const AUDIT_TREE_HEADS_SIGN = 'audit.tree-heads.sign';
export const AUDIT_TREE_HEADS_OF_SIZE = 'audit.tree-heads.of-size';
export const AUDIT_PUBLIC_KEYS = 'audit.public-keys';
export const AUDIT_ENTRIES_GET = 'audit.entries.get';
export const AUDIT_ENTRIES_LIST = 'audit.entries.list';
export const AUDIT_CASES_STATE = 'audit.cases.state';
export const AUDIT_EXPORT_PAGE = 'audit.export.page';
export const AUDIT_PROOFS_INCLUSION = 'audit.proofs.inclusion';
export const AUDIT_PROOFS_CONSISTENCY = 'audit.proofs.consistency';
export const AUDIT_TREE_ROOT = 'audit.tree.root';
export const AUDIT_PERMITS_PROOF = 'audit.permits.proof';

/** Sequence numbers and sizes of the log: whole numbers JSON carries exactly (2^53 - 1). */
export const LARGEST = Number.MAX_SAFE_INTEGER;

// ---- requests ------------------------------------------------------------------------------

/** Which entries of the trail: by case, actor, event type or time (all optional). */
export class AuditEntryFilters {
  @ApiPropertyOptional({
    description: 'The case (aggregate id) the events are about.',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({
    example: 'user:<id>:clerk',
    description: '`system` or `user:<id>:<role>`',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({
    example: 'gov.permits.application.submitted.v1',
    pattern: '^gov\\.[a-z0-9.-]+\\.v\\d+$',
  })
  @IsOptional()
  @IsString()
  @Matches(/^gov\.[a-z0-9.-]+\.v\d+$/, { message: 'type must be an event subject' })
  type?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred at or after.' })
  @IsOptional()
  @TrailMoment()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred before.' })
  @IsOptional()
  @TrailMoment()
  to?: string;
}

/** `audit.entries.list`, and the query of `GET /api/v1/audit/entries`. */
export class ListAuditEntriesRequest extends AuditEntryFilters {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: LARGEST,
    description: 'The `nextCursor` of the previous page.',
  })
  @IsOptional()
  @NumberFromQuery()
  @IsInt()
  @Min(0)
  @Max(LARGEST)
  cursor?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** The query of `GET /api/v1/audit/export` (the gateway asks `audit.export.page` page by page). */
export class AuditExportQuery extends ListAuditEntriesRequest {
  @ApiPropertyOptional({ enum: ['jsonl', 'csv'], default: 'jsonl' })
  @IsOptional()
  @IsIn(['jsonl', 'csv'])
  format?: 'jsonl' | 'csv';
}

/** `audit.entries.get`: one entry by its sequence number. */
export class GetAuditEntryRequest {
  @IsInt()
  @Min(0)
  @Max(LARGEST)
  seq: number;
}

/** `audit.tree-heads.of-size`, and the query of `GET /api/v1/audit/tree-heads`. */
export class TreeHeadOfSizeRequest {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: LARGEST })
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(LARGEST)
  size: number;
}

/** `audit.proofs.inclusion`: entry `seq` in the tree of `treeSize` entries. */
export class InclusionProofRequest {
  @IsInt()
  @Min(0)
  @Max(LARGEST)
  seq: number;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: LARGEST,
    description: 'Size of the signed tree head to prove against.',
  })
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(LARGEST)
  treeSize: number;
}

/** The query of `GET /api/v1/audit/entries/{seq}/inclusion-proof` (`seq` is in the path). */
export class InclusionProofQuery extends PickType(InclusionProofRequest, ['treeSize'] as const) {}

/** `audit.proofs.consistency`, and the query of `GET /api/v1/audit/consistency-proof`. */
export class ConsistencyProofRequest {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: LARGEST })
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(LARGEST)
  first: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: LARGEST })
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(LARGEST)
  second: number;
}

/** `audit.cases.state`: a case as its events tell it up to a moment. */
export class CaseStateRequest {
  @IsString()
  @MaxLength(200)
  subject: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'The moment; default: now.' })
  @IsOptional()
  @TrailMoment()
  at?: string;
}

/** The query of `GET /api/v1/audit/cases/{subject}/state` (`subject` is in the path). */
export class CaseStateQuery extends PickType(CaseStateRequest, ['at'] as const) {}

/** `audit.export.page`: one page of an export, proven against the tree of `treeSize`. */
export class ExportPageRequest {
  @IsObject()
  @ValidateNested()
  @Type(() => AuditEntryFilters)
  query: AuditEntryFilters;

  /** The tree head of the first page (absent on the first page: the latest). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LARGEST)
  treeSize?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(LARGEST)
  cursor?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** `audit.tree.root`: the Merkle root of the first `size` entries. */
export class TreeRootRequest {
  @IsInt()
  @Min(1)
  @Max(LARGEST)
  size: number;
}

/** `audit.permits.proof`: the proof of a permit, for anyone (docs/audit.md, "Proving a permit"). */
export class PermitProofRequest {
  @Matches(PERMIT_NUMBER_PATTERN, { message: 'permitNumber must be a permit number' })
  permitNumber: string;
}

// ---- replies -------------------------------------------------------------------------------

export class TreeHead {
  @ApiProperty() treeSize: number;
  @ApiProperty({ description: 'SHA-256, lowercase hex' }) rootHash: string;
  @ApiProperty({ format: 'date-time' }) timestamp: string;
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'Ed25519, base64 (docs/audit.md)' }) signature: string;
}

export class InclusionProof {
  @ApiProperty() leafIndex: number;
  @ApiProperty() treeSize: number;
  @ApiProperty() leafHash: string;
  @ApiProperty({ type: [String] }) auditPath: string[];
}

export class ConsistencyProof {
  @ApiProperty() first: number;
  @ApiProperty() second: number;
  @ApiProperty({ type: [String] }) proof: string[];
}

export class PublicKey {
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'Raw 32-byte Ed25519 public key, base64' }) publicKey: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty({ format: 'date-time' }) firstUsed: string;
}

export class AuditEntry {
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() type: string;
  @ApiProperty() subject: string;
  @ApiProperty() actor: string;
  @ApiProperty() correlationId: string;
  @ApiProperty({ type: String, nullable: true }) causationId: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty() stream: string;
  @ApiProperty() streamSeq: number;
  @ApiProperty({ description: 'RFC 8785 canonical JSON of the event (the Merkle leaf data)' })
  data: string;
  @ApiProperty() leafHash: string;
  @ApiProperty() entryHash: string;
}

export class AuditEntriesPage {
  @ApiProperty({ type: [AuditEntry] }) entries: AuditEntry[];
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Pass as `cursor` for the next page; null: no more.',
  })
  nextCursor: number | null;
}

export class CaseHistoryItem {
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty() actor: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() entryHash: string;
}

export class CaseState {
  @ApiProperty() subject: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The events' facts applied in order",
  })
  state: Record<string, unknown>;
  @ApiProperty({ type: [CaseHistoryItem] }) history: CaseHistoryItem[];
}

/** An entry of a permit's life, with its audit path in the proof's tree head. */
export class PermitProofEntry {
  @ApiProperty() seq: number;
  @ApiProperty({ example: 'gov.permits.permit.issued.v1' }) type: string;
  @ApiProperty({ description: 'The permit number' }) subject: string;
  @ApiProperty() actor: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({
    description: 'RFC 8785 canonical JSON of the event as received (the Merkle leaf data)',
  })
  data: string;
  @ApiProperty({ description: 'SHA-256(0x00 || data), lowercase hex' }) leafHash: string;
  @ApiProperty({ type: [String], description: 'RFC 6962 audit path in the tree head, hex' })
  inclusionProof: string[];
}

/**
 * The proof of a permit: the audit-log entries of its issuance and of any later revocation or
 * expiry, each with its inclusion proof in one signed tree head. `npm run permit:verify` checks
 * it offline (docs/audit.md).
 */
export class PermitProof {
  @ApiProperty({ enum: ['civic-permit-proof-v1'] }) format: 'civic-permit-proof-v1';
  @ApiProperty() permitNumber: string;
  @ApiProperty({ type: TreeHead }) treeHead: TreeHead;
  @ApiProperty({ type: [PermitProofEntry] }) entries: PermitProofEntry[];
}

/** One page of an export: JSON lines (docs/audit.md, "Export format"). */
export interface ExportPage {
  treeSize: number;
  /** The header line, on the first page only. */
  header: string | null;
  lines: string[];
  nextCursor: number | null;
}

export interface TreeRoot {
  size: number;
  rootHash: string;
}

// ---- the map -------------------------------------------------------------------------------

/**
 * Auditors only: every read is asked for a named user (and recorded as read by them); the public
 * keys and permit proofs excepted.
 */
export const AUDIT_RPC = {
  [AUDIT_TREE_HEADS_LATEST]: rpc<EmptyRequest, TreeHead | null>(EmptyRequest),
  [AUDIT_TREE_HEADS_SIGN]: rpc<EmptyRequest, TreeHead | null>(EmptyRequest),
  [AUDIT_TREE_HEADS_OF_SIZE]: rpc<TreeHeadOfSizeRequest, TreeHead>(TreeHeadOfSizeRequest),
  [AUDIT_PUBLIC_KEYS]: rpc<EmptyRequest, PublicKey[]>(EmptyRequest, { actor: 'anyone' }),
  [AUDIT_ENTRIES_GET]: rpc<GetAuditEntryRequest, AuditEntry>(GetAuditEntryRequest),
  [AUDIT_ENTRIES_LIST]: rpc<ListAuditEntriesRequest, AuditEntriesPage>(ListAuditEntriesRequest),
  [AUDIT_CASES_STATE]: rpc<CaseStateRequest, CaseState>(CaseStateRequest),
  [AUDIT_EXPORT_PAGE]: rpc<ExportPageRequest, ExportPage>(ExportPageRequest),
  [AUDIT_PROOFS_INCLUSION]: rpc<InclusionProofRequest, InclusionProof>(InclusionProofRequest),
  [AUDIT_PROOFS_CONSISTENCY]: rpc<ConsistencyProofRequest, ConsistencyProof>(
    ConsistencyProofRequest,
  ),
  [AUDIT_TREE_ROOT]: rpc<TreeRootRequest, TreeRoot>(TreeRootRequest),
  // Public verification of a permit: anonymous callers too (not recorded in the trail).
  [AUDIT_PERMITS_PROOF]: rpc<PermitProofRequest, PermitProof>(PermitProofRequest, {
    actor: 'anyone',
  }),
} as const;
