import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  APPLICATION_READERS,
  type ApplicationSummary,
  type ApplicationView,
  type DocumentKindView,
  type DocumentView,
  type RequestActor,
  type TransitionView,
} from '#contracts';
import type { PermitsConfig } from '../config.js';
import { ConditionRepository } from '../conditions/condition.repository.js';
import { PERMITS_CONFIG } from '../permits.tokens.js';
import type { Application } from './application.js';
import {
  ApplicationRepository,
  type DocumentRecord,
  type TimelineEntry,
} from './application.repository.js';
import { dueTime } from './city-time.js';
import { CLOSED_STATUSES } from './transitions.js';

export const summaryOf = (a: Application): ApplicationSummary => ({
  id: a.id,
  caseNumber: a.caseNumber,
  applicantId: a.applicantId,
  channel: a.channel,
  filedBy: a.filedBy,
  permitType: a.permitType,
  typeVersion: a.typeVersion,
  status: a.status,
  step: a.step,
  title: a.title,
  assigneeId: a.assigneeId,
  reviewDueAt: a.reviewDueAt?.toISOString() ?? null,
  escalated: a.escalated,
  submittedAt: a.submittedAt?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});

export const documentView = (d: DocumentRecord): DocumentView => ({
  id: d.id,
  kind: d.kind,
  version: d.version,
  fileName: d.fileName,
  contentType: d.contentType ?? 'application/octet-stream',
  sizeBytes: d.sizeBytes ?? 0,
  sha256: d.sha256 ?? '',
  locked: d.locked,
  uploadedAt: (d.storedAt ?? d.createdAt).toISOString(),
});

/** Staff see every note; the applicant only a decision's note, which is addressed to them. */
const isStaff = (viewer: RequestActor): boolean =>
  (APPLICATION_READERS as readonly string[]).includes(viewer.role);

const transitionView = (t: TimelineEntry, viewer: RequestActor): TransitionView => ({
  transition: t.transition,
  fromStatus: t.fromStatus,
  toStatus: t.toStatus,
  actorId: t.actorId,
  actorRole: t.actorRole,
  reasonCode: t.reasonCode,
  revisionItemKeys: t.revisionItemKeys,
  note: t.noteBody !== null && (isStaff(viewer) || t.noteKind === 'decision') ? t.noteBody : null,
  at: t.at.toISOString(),
});

/** Documents by kind: the latest stored version and every version, newest first. */
export function documentsByKind(documents: readonly DocumentRecord[]): DocumentKindView[] {
  const kinds = new Map<string, DocumentView[]>();
  for (const d of documents) {
    if (d.status !== 'stored') continue;
    const list = kinds.get(d.kind) ?? [];
    list.push(documentView(d));
    kinds.set(d.kind, list);
  }
  return [...kinds.entries()].map(([kind, history]) => {
    history.sort((a, b) => b.version - a.version);
    return { kind, latest: history[0] ?? null, history };
  });
}

/** The whole view of one application, as its applicant or staff read it. */
@Injectable()
export class ApplicationViews {
  constructor(
    private readonly applications: ApplicationRepository,
    @Inject(PERMITS_CONFIG) private readonly config: Pick<PermitsConfig, 'CITY_TIME_ZONE'>,
    private readonly conditions: ConditionRepository = new ConditionRepository(),
  ) {}

  async view(db: EntityManager, a: Application, viewer: RequestActor): Promise<ApplicationView> {
    const [documents, revisions, inspections, timeline, permit, timeZone, conditions, hold] =
      await Promise.all([
        this.applications.documentsOf(db, a.id),
        this.applications.openRevisions(db, a.id),
        this.applications.inspectionsOf(db, a.id),
        this.applications.timeline(db, a.id),
        this.applications.permitOf(db, a.id),
        this.applications.cityTimeZone(db),
        this.conditions.conditionsOf(db, a.id),
        this.conditions.openHold(db, a.id),
      ]);
    const staff = isStaff(viewer);
    return {
      ...summaryOf(a),
      site: a.site,
      details: a.details,
      quantities: a.quantities,
      fee:
        a.feeMinor !== null && a.currency
          ? { amountMinor: a.feeMinor, currency: a.currency }
          : null,
      invoiceId: a.invoiceId,
      reviewDue: a.reviewDueAt
        ? dueTime(a.reviewDueAt, timeZone ?? this.config.CITY_TIME_ZONE)
        : null,
      workingDaysLeft: a.workingDaysLeft,
      clock: a.clock,
      secondApprovalRequired: a.secondApprovalRequired,
      approverIds: a.approverIds,
      documents: documentsByKind(documents),
      revisionItems: revisions.map((r) => ({
        key: r.key,
        round: r.round,
        status: r.status,
        requestedAt: r.requestedAt.toISOString(),
      })),
      inspections: inspections.map((i) => ({
        id: i.id,
        round: i.round,
        inspectorId: i.inspectorId,
        scheduledFor: i.scheduledFor,
        status: i.status,
        resultAt: i.resultAt?.toISOString() ?? null,
      })),
      timeline: timeline.map((t) => transitionView(t, viewer)),
      permit: permit
        ? {
            permitNumber: permit.permitNumber,
            status: permit.status,
            validFrom: permit.validFrom.toISOString(),
            validUntil: permit.validUntil.toISOString(),
          }
        : null,
      renewalOf: a.renewalOf ?? null,
      conditions: conditions.map((c) => ({
        id: c.id,
        code: c.code,
        text: c.text,
        status: c.metAt ? 'met' : 'unmet',
        addedBy: c.addedBy,
        addedAt: c.addedAt.toISOString(),
        metBy: c.metBy,
        metByRole: c.metRole,
        metAt: c.metAt?.toISOString() ?? null,
        metNote: staff ? c.metNote : null,
      })),
      // A hold ends with the case (a withdrawal may close a held case).
      hold:
        hold && !CLOSED_STATUSES.includes(a.status)
          ? {
              reasonCode: hold.reasonCode,
              since: hold.heldAt.toISOString(),
              heldBy: hold.heldBy,
              note: staff ? hold.note : null,
            }
          : null,
    };
  }
}
