import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IdField } from './personal-data.js';

// Subject constants: changing one is a new version (`.v2`), never an edit.
export const AUDIT_TRAIL_READ_V1 = 'gov.audit.trail.read.v1';
export const AUDIT_GAP_DETECTED_V1 = 'gov.audit.log.gap-detected.v1';
export const AUDIT_ANOMALY_DETECTED_V1 = 'gov.audit.log.anomaly-detected.v1';

/** At most this many reads in one `gov.audit.trail.read.v1` event (the rest go in the next). */
export const TRAIL_READS_PER_EVENT = 1_000;

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

  /** How many entries the answer held (all the answers, when the event stands for several). */
  @IsInt()
  @Min(0)
  entries: number;

  /**
   * Proofs are recorded as they are given and enter the trail together: one event per reader
   * and kind of proof for what was asked since the last one. How many reads the event stands
   * for (1 when absent).
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  count?: number;

  /** The entries whose inclusion was proved, in the order asked (inclusion proofs). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TRAIL_READS_PER_EVENT)
  @IsInt({ each: true })
  @Min(0, { each: true })
  seqs?: number[];

  /** When the first and the last of the reads the event stands for were made. */
  @IsOptional()
  @IsDateString({ strict: true })
  firstReadAt?: string;

  @IsOptional()
  @IsDateString({ strict: true })
  lastReadAt?: string;
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

/**
 * A message on a context stream was not an event the log can take (not UTF-8 JSON, not an
 * object, or a CloudEvent without its id, type, subject, time, actor or correlation id). It
 * went to the dead-letter stream with the reason; the log records that it was seen, so the
 * trail shows that something was published that was not an event. Its bytes are not kept
 * here (they may hold personal data): only their SHA-256 and length, which identify them
 * against the dead-letter stream's copy.
 */
export class AuditAnomalyDetectedV1 {
  @Matches(/^[A-Z][A-Z0-9_]*$/)
  stream: string;

  /** Its sequence in that stream. */
  @IsInt()
  @Min(1)
  streamSeq: number;

  /** The NATS subject it was published on. */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  natsSubject: string;

  /** Why it is not an event (a fixed phrase that quotes nothing of the message). */
  @IsString()
  @MaxLength(200)
  reason: string;

  /** SHA-256 of the message's bytes, lowercase hex. */
  @Matches(/^[0-9a-f]{64}$/)
  sha256: string;

  /** Its length in bytes. */
  @IsInt()
  @Min(0)
  size: number;
}
