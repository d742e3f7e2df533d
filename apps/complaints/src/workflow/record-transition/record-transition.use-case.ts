import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  COMPLAINT_ASSIGNED_V1,
  COMPLAINT_CLOSED_V1,
  COMPLAINT_ESCALATED_V1,
  COMPLAINT_REOPENED_V1,
  COMPLAINT_RESOLVED_V1,
  COMPLAINT_TRIAGED_V1,
  ComplaintsErrors,
  type ComplaintTransitionRequest,
  type ComplaintUpdateReply,
  type EventSubject,
} from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { CatalogueRepository } from '../../catalogue/catalogue.repository.js';
import { open311Status, type RequestRecord } from '../../requests/request.js';
import { RequestRepository } from '../../requests/request.repository.js';

const date = (v: string | null | undefined): Date | null | undefined =>
  v === undefined ? undefined : v === null ? null : new Date(v);

/**
 * `complaints.internal.request.transition`: the complaint workflow writes each transition it
 * drives through here. Once per (request, seq): a repeat answers the request as it is and
 * changes nothing. State, the public update the step brings (a timer's close or reopen) and
 * the transition's event commit together.
 */
@Injectable()
export class RecordTransitionUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly requests: RequestRepository,
    private readonly catalogue: CatalogueRepository,
  ) {}

  execute(pattern: string, t: ComplaintTransitionRequest): Promise<ComplaintUpdateReply> {
    return this.commands.run(pattern, async (tx) => {
      const r = await this.requests.find(tx, t.requestId, { lock: true });
      if (!r) throw ComplaintsErrors.requestNotFound(t.requestId);
      const now = new Date();
      const f = t.facts ?? {};
      const to = f.status ?? r.status;
      const fresh = await this.requests.addTransition(tx, {
        requestId: r.id,
        transitionId: `seq-${t.seq}`,
        kind: t.transition,
        from: r.status,
        to,
        actor: t.actor ? `user:${t.actor.userId}:${t.actor.role}` : 'system',
        at: now,
      });
      if (!fresh) return reply(r);
      const change: Partial<RequestRecord> = {
        status: to,
        ...(f.priority ? { priority: f.priority } : {}),
        ...(f.departmentCode ? { departmentCode: f.departmentCode } : {}),
        ...(f.assigneeId !== undefined ? { officerId: f.assigneeId } : {}),
        ...(f.expectedAt !== undefined ? { expectedAt: date(f.expectedAt) ?? null } : {}),
        ...(f.triageDueAt !== undefined ? { triageDueAt: date(f.triageDueAt) ?? null } : {}),
      };
      let event: { subject: EventSubject; data: Record<string, unknown> } | undefined;
      const base = {
        requestId: r.id,
        serviceCode: r.serviceCode,
        departmentCode: f.departmentCode ?? r.departmentCode,
        status: to,
      };
      switch (t.transition) {
        case 'triaged':
          event = {
            subject: COMPLAINT_TRIAGED_V1,
            data: { ...base, fromStatus: r.status, priority: f.priority ?? r.priority },
          };
          break;
        case 'assigned':
          event = {
            subject: COMPLAINT_ASSIGNED_V1,
            data: {
              ...base,
              ...(f.departmentCode && f.departmentCode !== r.departmentCode
                ? { fromDepartmentCode: r.departmentCode }
                : {}),
              ...(f.assigneeId ? { officerId: f.assigneeId } : {}),
            },
          };
          break;
        case 'escalated':
          change.escalated = true;
          event = {
            subject: COMPLAINT_ESCALATED_V1,
            data: {
              ...base,
              deadline: f.stage ?? 'resolution',
              dueAt:
                (f.stage === 'triage' ? f.triageDueAt : f.resolutionDueAt) ?? now.toISOString(),
            },
          };
          break;
        case 'resolved': {
          const reopenUntil = f.reopenUntil ?? now.toISOString();
          Object.assign(change, {
            resolvedAt: new Date(f.resolvedAt ?? now),
            reopenUntil: new Date(reopenUntil),
            escalated: false,
            ...(f.duplicateOf ? { duplicateOf: f.duplicateOf } : {}),
          });
          event = {
            subject: COMPLAINT_RESOLVED_V1,
            data: {
              ...base,
              fromStatus: r.status,
              resolvedAt: f.resolvedAt ?? now.toISOString(),
              reopenUntil,
            },
          };
          break;
        }
        case 'closed':
          change.closedAt = now;
          await this.publicUpdate(tx, r, to, 'closed', now);
          event = {
            subject: COMPLAINT_CLOSED_V1,
            data: { ...base, reasonCode: to === 'duplicate' ? 'duplicate' : 'resolution_aged' },
          };
          break;
        case 'reopened': {
          const count = f.reopenCount ?? r.reopenCount + 1;
          Object.assign(change, {
            closedAt: null,
            resolvedAt: null,
            reopenUntil: null,
            reopenCount: count,
          });
          await this.publicUpdate(tx, r, to, 'open', now);
          event = {
            subject: COMPLAINT_REOPENED_V1,
            data: {
              ...base,
              by: f.reopenedBy === 'staff' ? 'staff' : 'reporter',
              reasonCode: f.reopenedBy === 'feedback' ? 'feedback_not_fixed' : 'reopened',
              reopenCount: count,
            },
          };
          break;
        }
        case 'sla-started':
        case 'status-changed':
        case 'waiting-on-reporter':
        case 'reporter-answered':
        case 'deadlines-recomputed':
          // State only, no event.
          break;
        case 'reopen-window-passed':
          // The window is over as the workflow counts it (its days may be shortened by
          // COMPLAINTS_WORKING_DAY_DURATION): a reopen from now on is refused by the service.
          change.reopenUntil = now;
          // State only, no event.
          break;
      }
      await this.requests.change(tx, r.id, change, now);
      if (event)
        await this.outbox.append(tx, {
          subject: event.subject,
          aggregateId: r.id,
          actor: t.actor
            ? { kind: 'user', userId: t.actor.userId, role: t.actor.role }
            : { kind: 'system' },
          data: event.data as never,
        });
      return reply({ ...r, ...change });
    });
  }

  private async publicUpdate(
    tx: EntityManager,
    r: RequestRecord,
    status: RequestRecord['status'],
    open311: 'open' | 'closed',
    at: Date,
  ) {
    const text = await this.catalogue.templateCached(tx, status, 'en');
    await this.requests.addUpdate(tx, {
      requestId: r.id,
      status: open311,
      externalStatus: status,
      description: open311 === 'closed' ? (text ?? 'Closed') : 'Reopened',
      mediaUrl: null,
      createdAt: at,
    });
  }
}

const reply = (r: RequestRecord): ComplaintUpdateReply => ({
  requestId: r.id,
  status: r.status,
  open311Status: open311Status(r),
  expectedAt: r.expectedAt?.toISOString() ?? null,
});
