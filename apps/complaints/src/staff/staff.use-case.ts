import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  assignComplaint,
  changeComplaintStatus,
  COMPLAINT_DUPLICATE_LINKED_V1,
  COMPLAINT_RESOLVED_STATUSES,
  COMPLAINT_WORKING_STATUSES,
  COMPLAINTS_CASE_ASSIGN,
  COMPLAINTS_CASE_STATUS,
  COMPLAINTS_DUPLICATE_CONFIRM,
  ComplaintsErrors,
  enforce,
  Policy,
  resolveComplaint,
  triageComplaint,
  type AssignRequest,
  type ComplaintCaseView,
  type ComplaintResolvedStatus,
  type ComplaintWorkingStatus,
  type DuplicateConfirmRequest,
  type InternalNoteView,
  type ModerationRequest,
  type RequestActor,
  type StatusRequest,
  type TriageQueueRequest,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { CatalogueRepository } from '../catalogue/catalogue.repository.js';
import { DuplicateRepository } from '../duplicates/duplicate.repository.js';
import { distanceMetres } from '../gazetteer/geo.js';
import { ReadRequestsUseCase } from '../requests/read-requests/read-requests.use-case.js';
import { isResolved, updateView, type RequestRecord } from '../requests/request.js';
import { RequestRepository } from '../requests/request.repository.js';
import { ComplaintWorkflows, updateIdOf } from '../workflow/complaint-workflows.js';

const STAFF = new Set(['clerk', 'supervisor', 'admin']);

/** Staff only (clerks, supervisors, admins): everyone else is refused, recorded as such. */
export function assertStaff(user: RequestActor): void {
  if (!STAFF.has(user.role)) enforce(user, {}, Policy.roles('clerk', 'supervisor', 'admin'));
}

/**
 * The staff side: the triage queue, a case as staff see it (reporter contact, exact point,
 * internal notes), assignment, status changes with their public update (the text given, or the
 * template of the status and language), internal notes, moderation of description and photos,
 * and duplicates. Steps that move the case go to its workflow as Updates (the Update id from
 * the request's Idempotency-Key); the workflow writes them back through the transition writer
 * before the Update returns, so the reply reads the case as it now is.
 */
@Injectable()
export class StaffUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly requests: RequestRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly duplicates: DuplicateRepository,
    private readonly reads: ReadRequestsUseCase,
    private readonly workflows: ComplaintWorkflows,
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

  async assign(user: RequestActor, q: AssignRequest): Promise<ComplaintCaseView> {
    const r = await this.open(q.requestId);
    if (!(await this.catalogue.departmentExists(this.dataSource.manager, q.departmentCode)))
      throw ComplaintsErrors.departmentNotFound(q.departmentCode);
    await this.workflows.update(
      r.id,
      assignComplaint,
      { actor: user, departmentCode: q.departmentCode, assigneeId: q.officerId ?? null },
      updateIdOf(COMPLAINTS_CASE_ASSIGN),
    );
    return this.get(r.id);
  }

  async status(user: RequestActor, q: StatusRequest): Promise<ComplaintCaseView> {
    const r = await this.open(q.requestId);
    if (q.status === 'for_triage' || q.status === 'duplicate')
      throw ComplaintsErrors.invalidTransition(r.status, q.status);
    const updateId = await this.publicUpdate(r, q);
    const id = updateIdOf(COMPLAINTS_CASE_STATUS);
    if ((COMPLAINT_RESOLVED_STATUSES as readonly string[]).includes(q.status))
      await this.workflows.update(
        r.id,
        resolveComplaint,
        { actor: user, status: q.status as ComplaintResolvedStatus, updateId },
        id,
      );
    else if (r.status === 'for_triage')
      await this.workflows.update(
        r.id,
        triageComplaint,
        {
          actor: user,
          status: q.status as ComplaintWorkingStatus,
          ...(q.priority ? { priority: q.priority } : {}),
          updateId,
        },
        id,
      );
    else if ((COMPLAINT_WORKING_STATUSES as readonly string[]).includes(q.status))
      await this.workflows.update(
        r.id,
        changeComplaintStatus,
        { actor: user, status: q.status as ComplaintWorkingStatus, updateId },
        id,
      );
    return this.get(r.id);
  }

  async note(user: RequestActor, requestId: string, text: string): Promise<InternalNoteView> {
    const r = await this.requests.find(this.dataSource.manager, requestId);
    if (!r) throw ComplaintsErrors.requestNotFound(requestId);
    const note = { id: newId(), authorId: user.userId, text, createdAt: new Date() };
    await this.dataSource.query(
      'INSERT INTO request_notes (id, request_id, author_id, text, created_at) VALUES ($1, $2, $3, $4, $5)',
      [note.id, requestId, note.authorId, text, note.createdAt],
    );
    return { ...note, createdAt: note.createdAt.toISOString() };
  }

  async moderate(q: ModerationRequest): Promise<ComplaintCaseView> {
    await this.commands.run('complaints.case.moderate', async (tx) => {
      const r = await this.requests.find(tx, q.requestId, { lock: true });
      if (!r) throw ComplaintsErrors.requestNotFound(q.requestId);
      if (q.description && r.description)
        await this.requests.change(tx, r.id, { descriptionModeration: q.description }, new Date());
      for (const [id, verdict] of Object.entries(q.media ?? {})) {
        if (verdict !== 'approved' && verdict !== 'rejected')
          throw ComplaintsErrors.mediaInvalid('verdict must be approved or rejected');
        if ((await this.requests.moderateMedia(tx, r.id, id, verdict)) === 0)
          throw ComplaintsErrors.mediaInvalid(`${id} is not a photo of this request`);
      }
    });
    return this.get(q.requestId);
  }

  /**
   * Confirms `requestId` as a repeat of the open `originalId`: linked both ways, the repeat's
   * reporter follows the original, `duplicate-linked` recorded; then the repeat is resolved as
   * `duplicate` by its workflow (which closes it).
   */
  async confirmDuplicate(
    user: RequestActor,
    q: DuplicateConfirmRequest,
  ): Promise<ComplaintCaseView> {
    await this.commands.run(COMPLAINTS_DUPLICATE_CONFIRM, async (tx) => {
      const [r, original] = [
        await this.requests.find(tx, q.requestId, { lock: true }),
        await this.requests.find(tx, q.originalId),
      ];
      if (!r) throw ComplaintsErrors.requestNotFound(q.requestId);
      if (!original) throw ComplaintsErrors.requestNotFound(q.originalId);
      if (r.id === original.id)
        throw ComplaintsErrors.duplicateInvalid('a request cannot repeat itself');
      if (isResolved(r.status)) throw ComplaintsErrors.duplicateInvalid('this request is resolved');
      if (original.closedAt || original.duplicateOf)
        throw ComplaintsErrors.duplicateInvalid('the original is closed or itself a duplicate');
      if (original.serviceCode !== r.serviceCode)
        throw ComplaintsErrors.duplicateInvalid('the original is of another service');
      const distance = Math.round(distanceMetres(r, original));
      const now = new Date();
      await this.duplicates.decide(
        tx,
        { requestId: r.id, originalId: original.id, distanceMetres: distance },
        'confirmed',
        user.userId,
        now,
      );
      await this.requests.change(tx, r.id, { duplicateOf: original.id }, now);
      if (r.reporterAccountId)
        await this.requests.follow(tx, original.id, r.reporterAccountId, now);
      await this.outbox.append(tx, {
        subject: COMPLAINT_DUPLICATE_LINKED_V1,
        aggregateId: r.id,
        actor: { kind: 'user', userId: user.userId, role: user.role },
        data: {
          requestId: r.id,
          serviceCode: r.serviceCode,
          departmentCode: r.departmentCode,
          status: r.status,
          originalRequestId: original.id,
          distanceMetres: distance,
        },
      });
    });
    const updateId = await this.publicUpdate(
      (await this.requests.find(this.dataSource.manager, q.requestId))!,
      { requestId: q.requestId, status: 'duplicate' },
    );
    await this.workflows.update(
      q.requestId,
      resolveComplaint,
      { actor: user, status: 'duplicate', duplicateOf: q.originalId, updateId },
      updateIdOf(COMPLAINTS_DUPLICATE_CONFIRM),
    );
    return this.get(q.requestId);
  }

  async dismissDuplicate(user: RequestActor, requestId: string, originalId: string) {
    const links = await this.duplicates.of(this.dataSource.manager, requestId);
    const link = links.find((l) => l.requestId === requestId && l.originalId === originalId);
    if (!link) throw ComplaintsErrors.duplicateInvalid('no such suggestion');
    await this.duplicates.decide(
      this.dataSource.manager,
      link,
      'dismissed',
      user.userId,
      new Date(),
    );
    return this.get(requestId);
  }

  private async open(requestId: string): Promise<RequestRecord> {
    const r = await this.requests.find(this.dataSource.manager, requestId);
    if (!r) throw ComplaintsErrors.requestNotFound(requestId);
    if (r.closedAt) throw ComplaintsErrors.invalidTransition(r.status, 'closed');
    return r;
  }

  /** Stores the public update of a step (its text, or the status's template) before the step. */
  private async publicUpdate(
    r: RequestRecord,
    q: Pick<StatusRequest, 'requestId' | 'status' | 'statusNotes' | 'lang'>,
  ) {
    const text =
      q.statusNotes ??
      (await this.catalogue.template(this.dataSource.manager, q.status, q.lang ?? 'en'));
    if (!text) throw ComplaintsErrors.templateNotFound(`${q.status}/${q.lang ?? 'en'}`);
    const u = await this.requests.addUpdate(this.dataSource.manager, {
      requestId: r.id,
      status: 'open',
      externalStatus: q.status,
      description: text,
      mediaUrl: null,
      createdAt: new Date(),
    });
    await this.requests.change(this.dataSource.manager, r.id, { statusNotes: text }, u.createdAt);
    return u.id;
  }

  async caseView(tx: EntityManager, r: RequestRecord): Promise<ComplaintCaseView> {
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
