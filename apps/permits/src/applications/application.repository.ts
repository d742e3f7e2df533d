import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApplicationStatus, CaseStep } from '#contracts';
import type { Application } from './application.js';

interface ApplicationRow {
  id: string;
  case_number: string | null;
  applicant_id: string;
  channel: Application['channel'];
  filed_by: string | null;
  permit_type: string;
  type_version: number;
  status: ApplicationStatus;
  step: CaseStep;
  title: string;
  site_address: string;
  site_lat: string | null;
  site_lon: string | null;
  details: Record<string, unknown>;
  quantities: Record<string, number>;
  assignee_id: string | null;
  escalated: boolean;
  second_approval_required: boolean;
  approver_ids: string[];
  fee_minor: string | null;
  currency: string | null;
  invoice_id: string | null;
  completeness_due_at: Date | null;
  payment_due_at: Date | null;
  review_due_at: Date | null;
  working_days_left: number | null;
  clock: Application['clock'];
  last_seq: number;
  submitted_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  renewal_of?: string | null;
}

const toApplication = (r: ApplicationRow): Application => ({
  id: r.id,
  caseNumber: r.case_number,
  applicantId: r.applicant_id,
  channel: r.channel,
  filedBy: r.filed_by,
  permitType: r.permit_type,
  typeVersion: r.type_version,
  status: r.status,
  step: r.step,
  title: r.title,
  site: {
    address: r.site_address,
    lat: r.site_lat === null ? null : Number(r.site_lat),
    lon: r.site_lon === null ? null : Number(r.site_lon),
  },
  details: r.details,
  quantities: r.quantities,
  assigneeId: r.assignee_id,
  escalated: r.escalated,
  secondApprovalRequired: r.second_approval_required,
  approverIds: r.approver_ids,
  feeMinor: r.fee_minor === null ? null : Number(r.fee_minor),
  currency: r.currency,
  invoiceId: r.invoice_id,
  completenessDueAt: r.completeness_due_at,
  paymentDueAt: r.payment_due_at,
  reviewDueAt: r.review_due_at,
  workingDaysLeft: r.working_days_left,
  clock: r.clock,
  lastSeq: r.last_seq,
  submittedAt: r.submitted_at,
  closedAt: r.closed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  renewalOf: r.renewal_of ?? null,
});

export interface TransitionRecord {
  id: string;
  applicationId: string;
  workflowSeq: number | null;
  transition: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  actorId: string | null;
  actorRole: string | null;
  reasonCode: string | null;
  noteId: string | null;
  revisionItemKeys: string[];
  facts: Record<string, unknown>;
  eventId: string | null;
  at: Date;
}

/** A transition with its note, as the timeline shows it. */
export interface TimelineEntry extends TransitionRecord {
  noteKind: string | null;
  noteBody: string | null;
}

export interface DocumentRecord {
  id: string;
  applicationId: string;
  kind: string;
  version: number;
  status: 'pending' | 'stored' | 'rejected';
  storageKey: string;
  fileName: string;
  contentType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  uploadedBy: string;
  createdAt: Date;
  storedAt: Date | null;
  locked: boolean;
}

export interface RevisionItemRecord {
  key: string;
  round: number;
  status: 'open' | 'answered';
  requestedAt: Date;
}

export interface InspectionRecord {
  id: string;
  round: number;
  inspectorId: string;
  scheduledFor: string;
  status: 'scheduled' | 'passed' | 'failed' | 'cancelled';
  resultAt: Date | null;
}

export interface PermitRecord {
  permitNumber: string;
  applicationId: string;
  permitType: string;
  typeVersion: number;
  holderDisplayName: string | null;
  status: 'valid' | 'revoked' | 'expired';
  validFrom: Date;
  validUntil: Date;
}

export interface ApplicationFilter {
  applicantId?: string;
  status?: ApplicationStatus;
  permitType?: string;
  assigneeId?: string;
  overdue?: boolean;
  after?: { at: Date; id: string };
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every statement on the applications tables (applications, transitions, notes, revision
 * items, documents, inspections, permits, number counters), on the manager it is given: the
 * use case's transaction, or the data source's manager for a single read.
 */
@Injectable()
export class ApplicationRepository {
  async insert(tx: EntityManager, a: Application): Promise<void> {
    await tx.query(
      `INSERT INTO applications (id, applicant_id, permit_type, type_version, status, step, title,
                                 site_address, site_lat, site_lon, details, quantities,
                                 created_at, updated_at, channel, filed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15)`,
      [
        a.id,
        a.applicantId,
        a.permitType,
        a.typeVersion,
        a.status,
        a.step,
        a.title,
        a.site.address,
        a.site.lat,
        a.site.lon,
        JSON.stringify(a.details),
        JSON.stringify(a.quantities),
        a.createdAt,
        a.channel,
        a.filedBy,
      ],
    );
  }

  async findById(
    db: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<Application | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await db.query<ApplicationRow[]>(
      `SELECT * FROM applications WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] && toApplication(rows[0]);
  }

  /** Writes every field the service or the workflow may change. */
  async save(tx: EntityManager, a: Application): Promise<void> {
    await tx.query(
      `UPDATE applications SET
         case_number = $2, type_version = $3, status = $4, step = $5, title = $6,
         site_address = $7, site_lat = $8, site_lon = $9, details = $10, quantities = $11,
         assignee_id = $12, escalated = $13, second_approval_required = $14, approver_ids = $15,
         fee_minor = $16, currency = $17, invoice_id = $18, completeness_due_at = $19,
         payment_due_at = $20, review_due_at = $21, working_days_left = $22, clock = $23,
         last_seq = $24, submitted_at = $25, closed_at = $26, updated_at = $27
       WHERE id = $1`,
      [
        a.id,
        a.caseNumber,
        a.typeVersion,
        a.status,
        a.step,
        a.title,
        a.site.address,
        a.site.lat,
        a.site.lon,
        JSON.stringify(a.details),
        JSON.stringify(a.quantities),
        a.assigneeId,
        a.escalated,
        a.secondApprovalRequired,
        a.approverIds,
        a.feeMinor,
        a.currency,
        a.invoiceId,
        a.completenessDueAt,
        a.paymentDueAt,
        a.reviewDueAt,
        a.workingDaysLeft,
        a.clock,
        a.lastSeq,
        a.submittedAt,
        a.closedAt,
        a.updatedAt,
      ],
    );
  }

  /** A page of applications, newest first, after a position. */
  async list(db: EntityManager, filter: ApplicationFilter): Promise<Application[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.applicantId !== undefined) add('applicant_id = ?', filter.applicantId);
    if (filter.status !== undefined) add('status = ?', filter.status);
    if (filter.permitType !== undefined) add('permit_type = ?', filter.permitType);
    if (filter.assigneeId !== undefined) add('assignee_id = ?', filter.assigneeId);
    if (filter.overdue === true) where.push('review_due_at < now()');
    if (filter.overdue === false) where.push('(review_due_at IS NULL OR review_due_at >= now())');
    if (filter.after) {
      params.push(filter.after.at, filter.after.id);
      where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit + 1);
    const rows = await db.query<ApplicationRow[]>(
      `SELECT * FROM applications ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toApplication);
  }

  /**
   * The next number of a counter (`case` or `permit`, per prefix and year), gapless: the
   * counter's row stays locked until the transaction ends, and a rollback gives the number back.
   */
  async nextNumber(
    tx: EntityManager,
    kind: 'case' | 'permit',
    prefix: string,
    year: number,
  ): Promise<number> {
    const rows = await tx.query<{ last: number }[]>(
      `INSERT INTO number_counters (kind, prefix, year, last) VALUES ($1, $2, $3, 1)
       ON CONFLICT (kind, prefix, year) DO UPDATE SET last = number_counters.last + 1
       RETURNING last`,
      [kind, prefix, year],
    );
    return (rows[0] as { last: number }).last;
  }

  // ---- transitions and notes ------------------------------------------------------------

  async insertTransition(tx: EntityManager, t: TransitionRecord): Promise<void> {
    await tx.query(
      `INSERT INTO application_transitions (id, application_id, workflow_seq, transition,
         from_status, to_status, actor_id, actor_role, reason_code, note_id, revision_item_keys,
         facts, event_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        t.id,
        t.applicationId,
        t.workflowSeq,
        t.transition,
        t.fromStatus,
        t.toStatus,
        t.actorId,
        t.actorRole,
        t.reasonCode,
        t.noteId,
        t.revisionItemKeys,
        JSON.stringify(t.facts),
        t.eventId,
        t.at,
      ],
    );
  }

  /** The transition recorded for a workflow's seq, if any. */
  async transitionBySeq(
    db: EntityManager,
    applicationId: string,
    seq: number,
  ): Promise<TransitionRecord | undefined> {
    const rows = await db.query<TransitionRow[]>(
      `SELECT t.*, NULL AS note_kind, NULL AS note_body FROM application_transitions t
       WHERE application_id = $1 AND workflow_seq = $2`,
      [applicationId, seq],
    );
    return rows[0] && toTransition(rows[0]);
  }

  /** Every transition of an application, oldest first, with its note. */
  async timeline(db: EntityManager, applicationId: string): Promise<TimelineEntry[]> {
    const rows = await db.query<TransitionRow[]>(
      `SELECT t.*, n.kind AS note_kind, n.body AS note_body
       FROM application_transitions t LEFT JOIN application_notes n ON n.id = t.note_id
       WHERE t.application_id = $1 ORDER BY t.at, t.id`,
      [applicationId],
    );
    return rows.map((r) => ({ ...toTransition(r), noteKind: r.note_kind, noteBody: r.note_body }));
  }

  /** Whether a note exists and belongs to the application. */
  async noteBelongs(db: EntityManager, noteId: string, applicationId: string): Promise<boolean> {
    const rows = await db.query<unknown[]>(
      'SELECT 1 FROM application_notes WHERE id = $1 AND application_id = $2',
      [noteId, applicationId],
    );
    return rows.length > 0;
  }

  // ---- revision items -------------------------------------------------------------------

  /** A new round of revision items. */
  async requestRevisions(
    tx: EntityManager,
    applicationId: string,
    keys: readonly string[],
    ids: readonly string[],
    at: Date,
  ): Promise<void> {
    if (keys.length === 0) return;
    await tx.query(
      `INSERT INTO revision_items (id, application_id, round, item_key, requested_at)
       SELECT id, $1, (SELECT coalesce(max(round), 0) + 1 FROM revision_items WHERE application_id = $1),
              key, $4
       FROM unnest($2::uuid[], $3::text[]) AS k(id, key)`,
      [applicationId, ids, keys, at],
    );
  }

  /** Marks open revision items answered: those named, or all when none are named. */
  async answerRevisions(
    tx: EntityManager,
    applicationId: string,
    keys: readonly string[],
    at: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE revision_items SET status = 'answered', answered_at = $3
       WHERE application_id = $1 AND status = 'open'
         AND (cardinality($2::text[]) = 0 OR item_key = ANY($2::text[]))`,
      [applicationId, keys, at],
    );
  }

  async openRevisions(db: EntityManager, applicationId: string): Promise<RevisionItemRecord[]> {
    const rows = await db.query<
      { item_key: string; round: number; status: 'open'; requested_at: Date }[]
    >(
      `SELECT item_key, round, status, requested_at FROM revision_items
       WHERE application_id = $1 AND status = 'open' ORDER BY round, item_key`,
      [applicationId],
    );
    return rows.map((r) => ({
      key: r.item_key,
      round: r.round,
      status: r.status,
      requestedAt: r.requested_at,
    }));
  }

  // ---- documents ------------------------------------------------------------------------

  /** Records a stored document as the next version of its kind (once per id). */
  async insertStoredDocument(
    tx: EntityManager,
    d: Omit<DocumentRecord, 'version' | 'locked' | 'status' | 'createdAt'>,
  ): Promise<DocumentRecord> {
    const rows = await tx.query<DocumentRow[]>(
      `INSERT INTO application_documents (id, application_id, kind, version, status, storage_key,
         file_name, content_type, size_bytes, sha256, uploaded_by, created_at, stored_at)
       VALUES ($1, $2, $3,
         (SELECT coalesce(max(version), 0) + 1 FROM application_documents
          WHERE application_id = $2 AND kind = $3),
         'stored', $4, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT (id) DO NOTHING RETURNING *`,
      [
        d.id,
        d.applicationId,
        d.kind,
        d.storageKey,
        d.fileName,
        d.contentType,
        d.sizeBytes,
        d.sha256,
        d.uploadedBy,
        d.storedAt,
      ],
    );
    if (rows[0]) return toDocument(rows[0]);
    const existing = await this.findDocument(tx, d.applicationId, d.id);
    if (!existing) throw new Error(`document ${d.id} belongs to another application`);
    return existing;
  }

  async findDocument(
    db: EntityManager,
    applicationId: string,
    documentId: string,
  ): Promise<DocumentRecord | undefined> {
    if (!UUID.test(documentId)) return undefined;
    const rows = await db.query<DocumentRow[]>(
      'SELECT * FROM application_documents WHERE id = $1 AND application_id = $2',
      [documentId, applicationId],
    );
    return rows[0] && toDocument(rows[0]);
  }

  /** Every document of an application, by kind, newest version first. */
  async documentsOf(db: EntityManager, applicationId: string): Promise<DocumentRecord[]> {
    const rows = await db.query<DocumentRow[]>(
      `SELECT * FROM application_documents WHERE application_id = $1
       ORDER BY kind, version DESC`,
      [applicationId],
    );
    return rows.map(toDocument);
  }

  /** Locks the stored documents of an application (submitted with it: immutable from now). */
  async lockDocuments(tx: EntityManager, applicationId: string): Promise<void> {
    await tx.query(
      `UPDATE application_documents SET locked = true
       WHERE application_id = $1 AND status = 'stored' AND NOT locked`,
      [applicationId],
    );
  }

  // ---- inspections ----------------------------------------------------------------------

  async insertInspection(
    tx: EntityManager,
    i: {
      id: string;
      applicationId: string;
      round: number;
      inspectorId: string;
      scheduledFor: string;
      scheduledBy: string;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO inspections (id, application_id, round, inspector_id, scheduled_for,
                                scheduled_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [i.id, i.applicationId, i.round, i.inspectorId, i.scheduledFor, i.scheduledBy, i.at],
    );
  }

  async recordInspectionResult(
    tx: EntityManager,
    inspectionId: string,
    applicationId: string,
    result: { status: 'passed' | 'failed'; findingsId: string | null; at: Date },
  ): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `UPDATE inspections SET status = $3, findings_id = coalesce($4, findings_id), result_at = $5
       WHERE id = $1 AND application_id = $2 RETURNING 1`,
      [inspectionId, applicationId, result.status, result.findingsId, result.at],
    );
    return returned(rows) > 0;
  }

  async inspectionsOf(db: EntityManager, applicationId: string): Promise<InspectionRecord[]> {
    const rows = await db.query<
      {
        id: string;
        round: number;
        inspector_id: string;
        scheduled_for: string;
        status: InspectionRecord['status'];
        result_at: Date | null;
      }[]
    >(
      `SELECT id, round, inspector_id, to_char(scheduled_for, 'YYYY-MM-DD') AS scheduled_for,
              status, result_at
       FROM inspections WHERE application_id = $1 ORDER BY round`,
      [applicationId],
    );
    return rows.map((r) => ({
      id: r.id,
      round: r.round,
      inspectorId: r.inspector_id,
      scheduledFor: r.scheduled_for,
      status: r.status,
      resultAt: r.result_at,
    }));
  }

  /** The city's time zone as the business calendar has it (null: never set). */
  async cityTimeZone(db: EntityManager): Promise<string | null> {
    const rows = await db.query<{ time_zone: string }[]>('SELECT time_zone FROM calendar_settings');
    return rows[0]?.time_zone ?? null;
  }

  // ---- permits --------------------------------------------------------------------------

  async permitOf(db: EntityManager, applicationId: string): Promise<PermitRecord | undefined> {
    const rows = await db.query<PermitRow[]>('SELECT * FROM permits WHERE application_id = $1', [
      applicationId,
    ]);
    return rows[0] && toPermit(rows[0]);
  }

  async findPermit(db: EntityManager, permitNumber: string): Promise<PermitRecord | undefined> {
    const rows = await db.query<PermitRow[]>('SELECT * FROM permits WHERE permit_number = $1', [
      permitNumber,
    ]);
    return rows[0] && toPermit(rows[0]);
  }
}

/** TypeORM answers a raw UPDATE … RETURNING as `[rows, count]`. */
function returned(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number')
    return result[1];
  return Array.isArray(result) ? result.length : 0;
}

interface TransitionRow {
  id: string;
  application_id: string;
  workflow_seq: number | null;
  transition: string;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  actor_id: string | null;
  actor_role: string | null;
  reason_code: string | null;
  note_id: string | null;
  revision_item_keys: string[];
  facts: Record<string, unknown>;
  event_id: string | null;
  at: Date;
  note_kind: string | null;
  note_body: string | null;
}

const toTransition = (r: TransitionRow): TransitionRecord => ({
  id: r.id,
  applicationId: r.application_id,
  workflowSeq: r.workflow_seq,
  transition: r.transition,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  reasonCode: r.reason_code,
  noteId: r.note_id,
  revisionItemKeys: r.revision_item_keys,
  facts: r.facts,
  eventId: r.event_id,
  at: r.at,
});

interface DocumentRow {
  id: string;
  application_id: string;
  kind: string;
  version: number;
  status: DocumentRecord['status'];
  storage_key: string;
  file_name: string;
  content_type: string | null;
  size_bytes: string | null;
  sha256: string | null;
  uploaded_by: string;
  created_at: Date;
  stored_at: Date | null;
  locked: boolean;
}

const toDocument = (r: DocumentRow): DocumentRecord => ({
  id: r.id,
  applicationId: r.application_id,
  kind: r.kind,
  version: r.version,
  status: r.status,
  storageKey: r.storage_key,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
  storedAt: r.stored_at,
  locked: r.locked,
});

interface PermitRow {
  permit_number: string;
  application_id: string;
  permit_type: string;
  type_version: number;
  holder_display_name: string | null;
  status: PermitRecord['status'];
  valid_from: Date;
  valid_until: Date;
}

const toPermit = (r: PermitRow): PermitRecord => ({
  permitNumber: r.permit_number,
  applicationId: r.application_id,
  permitType: r.permit_type,
  typeVersion: r.type_version,
  holderDisplayName: r.holder_display_name,
  status: r.status,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
});
