import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  COMPLAINT_RATED_V1,
  COMPLAINTS_FEEDBACK_SUBMIT,
  ComplaintsErrors,
  type FeedbackReceipt,
  type FeedbackRequest,
  type OwnComplaintDetail,
  type OwnComplaintsPage,
  type OwnComplaintView,
  type ReopenComplaintRequest,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { isResolved, secretMatches, updateView, type RequestRecord } from '../requests/request.js';
import { RequestRepository } from '../requests/request.repository.js';
import { ReadRequestsUseCase } from '../requests/read-requests/read-requests.use-case.js';
import { ComplaintWorkflows } from '../workflow/complaint-workflows.js';

/** Only the reporter: the account that filed it, or whoever holds the request's secret. */
export function assertReporter(
  r: RequestRecord,
  user: RequestActor | undefined,
  secret: string | undefined,
): void {
  if (secret !== undefined && secretMatches(secret, r.reporterSecretHash)) return;
  if (user && r.reporterAccountId === user.userId) return;
  if (user && secret === undefined && r.reporterAccountId !== null)
    throw ComplaintsErrors.notReporter();
  throw ComplaintsErrors.reporterRequired();
}

/**
 * What the reporter does after filing: list and follow reports, answer the feedback after
 * resolution (a "no" within the window reopens the case), reopen within the window. The answer
 * and `request.rated` commit first; the workflow then hears of it (a Signal with the answer's
 * id, which it deduplicates) and records the reopen through the transition writer.
 */
@Injectable()
export class ReporterUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly requests: RequestRepository,
    private readonly reads: ReadRequestsUseCase,
    private readonly workflows: ComplaintWorkflows,
  ) {}

  async listOwn(user: RequestActor, limit = 20, cursor?: string): Promise<OwnComplaintsPage> {
    const [at, id] = cursor ? cursor.split('_') : [];
    const rows = await this.requests.ownPage(
      this.dataSource.manager,
      user.userId,
      at && id ? { at: new Date(Number(at)), id } : undefined,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: await this.ownViews(page),
      nextCursor: rows.length > limit && last ? `${last.requestedAt.getTime()}_${last.id}` : null,
    };
  }

  /**
   * One of the citizen's own reports, or one they follow, with its public updates; anyone
   * else's is refused.
   */
  async getOwn(user: RequestActor, requestId: string): Promise<OwnComplaintDetail> {
    const own = await this.requests.ownOne(this.dataSource.manager, user.userId, requestId);
    if (own) {
      const updates = await this.requests.updates(this.dataSource.manager, {
        requestIds: [own.id],
        limit: 1000,
      });
      return { ...(await this.ownViews([own]))[0]!, updates: updates.map(updateView) };
    }
    if (!(await this.requests.find(this.dataSource.manager, requestId)))
      throw ComplaintsErrors.requestNotFound(requestId);
    throw ComplaintsErrors.notReporter();
  }

  private async ownViews(
    rows: (RequestRecord & { relation: 'reporter' | 'follower' })[],
  ): Promise<OwnComplaintView[]> {
    const views = await this.reads.views(this.dataSource.manager, rows);
    const given = await this.dataSource.query<{ request_id: string }[]>(
      'SELECT DISTINCT request_id FROM feedback WHERE request_id = ANY($1::uuid[])',
      [rows.map((r) => r.id)],
    );
    return rows.map((r, i) => ({
      ...views[i]!,
      relation: r.relation,
      ownDescription: r.relation === 'reporter' ? r.description : null,
      reopenUntil: r.reopenUntil?.toISOString() ?? null,
      feedbackGiven: given.some((g) => g.request_id === r.id),
    }));
  }

  async follow(user: RequestActor, requestId: string): Promise<{ following: true }> {
    const r = await this.requests.find(this.dataSource.manager, requestId);
    if (!r) throw ComplaintsErrors.requestNotFound(requestId);
    await this.requests.follow(this.dataSource.manager, requestId, user.userId, new Date());
    return { following: true };
  }

  async feedback(user: RequestActor | undefined, f: FeedbackRequest): Promise<FeedbackReceipt> {
    const outcome = await this.commands.run(COMPLAINTS_FEEDBACK_SUBMIT, async (tx) => {
      const r = await this.requests.find(tx, f.requestId, { lock: true });
      if (!r) throw ComplaintsErrors.requestNotFound(f.requestId);
      assertReporter(r, user, f.secret);
      if (!isResolved(r.status) || !r.resolvedAt) throw ComplaintsErrors.notResolved(r.status);
      const round = r.reopenCount + 1;
      const now = new Date();
      const inserted = await tx.query<unknown[]>(
        `INSERT INTO feedback (request_id, round, service_code, department_code, fixed, rating,
                               comment, recommend_score, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING 1`,
        [
          r.id,
          round,
          r.serviceCode,
          r.departmentCode,
          f.fixed,
          f.rating ?? null,
          f.comment ?? null,
          f.recommendScore ?? null,
          now,
        ],
      );
      if (inserted.length === 0) throw ComplaintsErrors.feedbackAlreadyGiven();
      const reopens = !f.fixed && r.reopenUntil !== null && now < r.reopenUntil;
      await this.outbox.append(tx, {
        subject: COMPLAINT_RATED_V1,
        aggregateId: r.id,
        actor: user ? { kind: 'user', userId: user.userId, role: user.role } : { kind: 'system' },
        data: {
          requestId: r.id,
          serviceCode: r.serviceCode,
          departmentCode: r.departmentCode,
          status: r.status,
          fixed: f.fixed,
          ...(f.rating !== undefined ? { rating: f.rating } : {}),
          ...(f.recommendScore !== undefined ? { recommendScore: f.recommendScore } : {}),
          reopened: reopens,
        },
      });
      return { feedbackId: newId(), reopens, status: r.status };
    });
    await this.workflows.feedback(f.requestId, {
      feedbackId: outcome.feedbackId,
      fixed: f.fixed,
    });
    return {
      reopened: outcome.reopens,
      status: outcome.reopens ? 'investigating' : outcome.status,
    };
  }

  async reopen(
    user: RequestActor | undefined,
    q: ReopenComplaintRequest,
  ): Promise<FeedbackReceipt> {
    const r = await this.requests.find(this.dataSource.manager, q.requestId);
    if (!r) throw ComplaintsErrors.requestNotFound(q.requestId);
    const staff = user !== undefined && user.role !== 'citizen';
    if (!staff) assertReporter(r, user, q.secret);
    if (!isResolved(r.status) || !r.reopenUntil) throw ComplaintsErrors.notResolved(r.status);
    if (new Date() >= r.reopenUntil)
      throw ComplaintsErrors.reopenWindowPassed(r.reopenUntil.toISOString());
    const outcome = await this.workflows.reopen(r.id, {
      reopenId: newId(),
      by: staff ? 'staff' : 'reporter',
      ...(user ? { actor: user } : {}),
    });
    // The execution ended with the window, before its last transition was read back here.
    if (outcome === 'ended') throw ComplaintsErrors.reopenWindowPassed(new Date().toISOString());
    return { reopened: true, status: 'investigating' };
  }
}
