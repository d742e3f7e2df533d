import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ComplaintsErrors,
  type ComplaintCaseView,
  type InternalNoteView,
  type RequestActor,
  type TriageQueueRequest,
} from '#contracts';
import { DuplicateRepository } from '../../duplicates/duplicate.repository.js';
import { ReadRequestsUseCase } from '../../requests/read-requests/read-requests.use-case.js';
import { updateView, type RequestRecord } from '../../requests/request.js';
import { RequestRepository } from '../../requests/request.repository.js';

/**
 * A case as staff see it (the reporter's contact, the exact point, internal notes, duplicate
 * suggestions, every public update), one by id or the triage queue. Every staff step answers
 * with the case as it now is.
 */
@Injectable()
export class ReadCasesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestRepository,
    private readonly duplicates: DuplicateRepository,
    private readonly reads: ReadRequestsUseCase,
  ) {}

  async queue(user: RequestActor, q: TriageQueueRequest): Promise<{ items: ComplaintCaseView[] }> {
    const rows = await this.requests.queue(this.dataSource.manager, {
      ...(q.status ? { status: q.status } : {}),
      ...(q.departmentCode ? { departmentCode: q.departmentCode } : {}),
      ...(q.officer ? { officerId: q.officer === 'me' ? user.userId : q.officer } : {}),
      limit: q.limit ?? 50,
    });
    return { items: await Promise.all(rows.map((r) => this.caseView(this.dataSource.manager, r))) };
  }

  async get(requestId: string): Promise<ComplaintCaseView> {
    const r = await this.requests.find(this.dataSource.manager, requestId);
    if (!r) throw ComplaintsErrors.requestNotFound(requestId);
    return this.caseView(this.dataSource.manager, r);
  }

  private async caseView(tx: EntityManager, r: RequestRecord): Promise<ComplaintCaseView> {
    const [view] = await this.reads.views(tx, [r]);
    const media = await this.requests.media(tx, [r.id]);
    const links = await this.duplicates.of(tx, r.id);
    const notes = await tx.query<InternalNoteView[]>(
      `SELECT id, author_id AS "authorId", text, created_at AS "createdAt" FROM request_notes
       WHERE request_id = $1 ORDER BY created_at`,
      [r.id],
    );
    const updates = await this.requests.updates(tx, { requestIds: [r.id], limit: 1000 });
    const suggestions = [];
    for (const l of links.filter((l) => l.requestId === r.id && l.state === 'suggested')) {
      const o = await this.requests.find(tx, l.originalId);
      if (o)
        suggestions.push({
          requestId: o.id,
          distanceMetres: l.distanceMetres,
          requestedAt: o.requestedAt.toISOString(),
          status: o.status,
          lat: o.lat,
          long: o.long,
        });
    }
    return {
      ...view!,
      priority: r.priority,
      departmentCode: r.departmentCode,
      officerId: r.officerId,
      channel: r.channel,
      submittedDescription: r.description,
      descriptionModeration: r.descriptionModeration,
      exactLat: r.lat,
      exactLong: r.long,
      fullAddress: r.fullAddress,
      attributes: r.attributes,
      reporter: {
        ...(r.firstName ? { firstName: r.firstName } : {}),
        ...(r.lastName ? { lastName: r.lastName } : {}),
        ...(r.email ? { email: r.email } : {}),
        ...(r.phone ? { phone: r.phone } : {}),
      },
      media: media.map((m) => ({ id: m.id, url: m.url, moderation: m.moderation })),
      duplicateSuggestions: suggestions,
      duplicates: links
        .filter((l) => l.originalId === r.id && l.state === 'confirmed')
        .map((l) => l.requestId),
      notes: notes.map((n) => ({ ...n, createdAt: new Date(n.createdAt).toISOString() })),
      updates: updates.map(updateView),
      triageDueAt: r.triageDueAt?.toISOString() ?? null,
      escalated: r.escalated,
      reopenCount: r.reopenCount,
    };
  }
}
