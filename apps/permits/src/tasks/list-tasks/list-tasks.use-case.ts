import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  enforce,
  PermitsAccess,
  type RequestActor,
  type TaskList,
  type TaskView,
} from '#contracts';
import { TaskRepository, type TaskRow } from '../task.repository.js';

const view = (row: TaskRow, now: number): TaskView => ({
  id: row.id,
  kind: row.kind,
  caseNumber: row.caseNumber,
  permitType: row.permitType,
  status: row.status,
  step: row.step,
  assigneeId: row.assigneeId,
  dueAt: row.dueAt?.toISOString() ?? null,
  // A held case's clock is stopped: it is never overdue.
  overdue: row.heldSince === null && row.dueAt !== null && row.dueAt.getTime() < now,
  onHold: row.heldSince !== null,
  hold:
    row.heldSince !== null
      ? { reasonCode: row.holdReasonCode ?? '', since: row.heldSince.toISOString() }
      : null,
  ...(row.inspectionId ? { inspectionId: row.inspectionId } : {}),
  ...(row.scheduledFor ? { scheduledFor: row.scheduledFor } : {}),
});

/**
 * `permits.task.list`: the caller's work queue by role, each task with its due time, overdue
 * first. Clerk: cases to check or review, unassigned or theirs. Supervisor: escalations and
 * second approvals, then every case a clerk works (to reassign). Inspector: their scheduled
 * inspections. Held cases stay, marked with their hold, never overdue, after every workable
 * task.
 */
@Injectable()
export class ListTasksUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
  ) {}

  async execute(user: RequestActor): Promise<TaskList> {
    enforce(user, {}, ...PermitsAccess.readQueue());
    const db = this.dataSource.manager;
    const rows =
      user.role === 'inspector'
        ? await this.tasks.forInspector(db, user.userId)
        : user.role === 'supervisor'
          ? await this.tasks.forSupervisor(db, user.userId)
          : await this.tasks.forClerk(db, user.userId);
    const now = Date.now();
    return { items: rows.map((row) => view(row, now)) };
  }
}
