import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { IdField } from './personal-data.js';

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const AUDIT_TRAIL_READ_V1 = 'gov.audit.trail.read.v1';
export const AUDIT_GAP_DETECTED_V1 = 'gov.audit.log.gap-detected.v1';

/** What auditors may read of the trail; every such read is itself written to the trail. */
export const TRAIL_READS = [
  'entries',
  'entry',
  'inclusion-proof',
  'consistency-proof',
  'case-state',
  'export',
] as const;

/** Someone read the audit trail (the audit service records it, so the trail sees its readers). */
export class AuditTrailReadV1 {
  @IsIn(TRAIL_READS)
  read: (typeof TRAIL_READS)[number];

  /** The case asked about (an aggregate id), if the read was about one. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IdField()
  subject?: string;

  /** The actor filter of the read (`system` or `user:<id>:<role>`), if any. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IdField()
  actorFilter?: string;

  @IsOptional()
  @Matches(/^gov\.[a-z0-9.-]+\.v\d+$/)
  type?: string;

  /** The entry asked about, if one. */
  @IsOptional()
  @IsInt()
  @Min(0)
  seq?: number;

  /** How many entries the answer held. */
  @IsInt()
  @Min(0)
  entries: number;
}

/**
 * The audit log found messages of a stream it never saw (a jump in the stream's sequence).
 * Those the stream still had were back-filled; the rest are gone and counted here.
 */
export class AuditGapDetectedV1 {
  @Matches(/^[A-Z][A-Z0-9_]*$/)
  stream: string;

  @IsInt()
  @Min(1)
  fromSeq: number;

  @IsInt()
  @Min(1)
  toSeq: number;

  /** How many of them the stream still had and the log appended. */
  @IsInt()
  @Min(0)
  backfilled: number;
}
