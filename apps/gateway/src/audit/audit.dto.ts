import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';

export class EntriesQueryDto {
  @ApiPropertyOptional({ description: 'The case (aggregate id) the events are about.' })
  @IsOptional()
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({
    example: 'user:<id>:clerk',
    description: '`system` or `user:<id>:<role>`',
  })
  @IsOptional()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ example: 'gov.permits.application.submitted.v1' })
  @IsOptional()
  @Matches(/^gov\.[a-z0-9.-]+\.v\d+$/, { message: 'type must be an event subject' })
  type?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  cursor?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class TreeSizeQueryDto {
  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  size: number;
}

export class InclusionQueryDto {
  @ApiProperty({ minimum: 1, description: 'Size of the signed tree head to prove against.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  treeSize: number;
}

export class ConsistencyQueryDto {
  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  first: number;

  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  second: number;
}

export class TreeHeadDto {
  @ApiProperty() treeSize: number;
  @ApiProperty({ description: 'SHA-256, lowercase hex' }) rootHash: string;
  @ApiProperty({ format: 'date-time' }) timestamp: string;
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'Ed25519, base64 (docs/audit.md)' }) signature: string;
}

export class InclusionProofDto {
  @ApiProperty() leafIndex: number;
  @ApiProperty() treeSize: number;
  @ApiProperty() leafHash: string;
  @ApiProperty({ type: [String] }) auditPath: string[];
}

export class ConsistencyProofDto {
  @ApiProperty() first: number;
  @ApiProperty() second: number;
  @ApiProperty({ type: [String] }) proof: string[];
}

export class PublicKeyDto {
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'Raw 32-byte Ed25519 public key, base64' }) publicKey: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty({ format: 'date-time' }) firstUsed: string;
}

export class AuditEntryDto {
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() type: string;
  @ApiProperty() subject: string;
  @ApiProperty() actor: string;
  @ApiProperty() correlationId: string;
  @ApiProperty({ nullable: true }) causationId: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty() stream: string;
  @ApiProperty() streamSeq: number;
  @ApiProperty({ description: 'RFC 8785 canonical JSON of the event (the Merkle leaf data)' })
  data: string;
  @ApiProperty() leafHash: string;
  @ApiProperty() entryHash: string;
}

export class AuditEntriesPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) entries: AuditEntryDto[];
  @ApiProperty({
    nullable: true,
    description: 'Pass as `cursor` for the next page; null: no more.',
  })
  nextCursor: number | null;
}

export class CaseStateQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The moment; default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class CaseHistoryItemDto {
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty() actor: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() entryHash: string;
}

export class CaseStateDto {
  @ApiProperty() subject: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The events' facts applied in order",
  })
  state: Record<string, unknown>;
  @ApiProperty({ type: [CaseHistoryItemDto] }) history: CaseHistoryItemDto[];
}

export class ExportQueryDto extends EntriesQueryDto {
  @ApiPropertyOptional({ enum: ['jsonl', 'csv'], default: 'jsonl' })
  @IsOptional()
  @IsIn(['jsonl', 'csv'])
  format?: 'jsonl' | 'csv';
}
