import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { RequestActor } from '#contracts';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { permitsMigrations } from '../../migrations/index.js';
import { TaskRepository } from '../task.repository.js';
import { ListTasksUseCase } from './list-tasks.use-case.js';

/*
 * The work queues over the real schema (docs/permits.md "Tasks"): a held case stays in its
 * queue, marked with its hold, never overdue, after every workable task, longest held first;
 * a released hold leaves no mark.
 */

const DAY = 86_400_000;
const user = (role: 'clerk' | 'supervisor' | 'inspector'): RequestActor => ({
  userId: randomUUID(),
  role,
});

describe('the task queue and held cases', () => {
  let db: MediumDatabase;
  let list: ListTasksUseCase;
  const clerk = user('clerk');
  const supervisor = user('supervisor');
  const inspector = user('inspector');
  const now = Date.now();
  const at = (offsetDays: number) => new Date(now + offsetDays * DAY);
  let n = 0;

  async function application(a: {
    step: string;
    status?: string;
    dueInDays: number | null;
    escalated?: boolean;
  }): Promise<string> {
    const id = randomUUID();
    n += 1;
    await db.query(
      `INSERT INTO applications (id, case_number, applicant_id, permit_type, type_version, status,
                                 step, title, site_address, escalated, review_due_at, submitted_at)
       VALUES ($1, $2, $3, 'building', 1, $4, $5, 'A title', '1 Main Street', $6, $7, $8)`,
      [
        id,
        `BT-2026-${String(n).padStart(6, '0')}`,
        randomUUID(),
        a.status ?? 'under_review',
        a.step,
        a.escalated ?? false,
        a.dueInDays === null ? null : at(a.dueInDays),
        at(-30),
      ],
    );
    return id;
  }

  async function hold(applicationId: string, heldDaysAgo: number, released = false) {
    await db.query(
      `INSERT INTO application_holds (id, application_id, reason_code, held_by, held_role, held_at,
                                      released_at, released_by, released_role)
       VALUES ($1, $2, 'legal_review', $3, 'supervisor', $4, $5, $6, $7)`,
      [
        randomUUID(),
        applicationId,
        supervisor.userId,
        at(-heldDaysAgo),
        released ? at(-heldDaysAgo + 0.5) : null,
        released ? supervisor.userId : null,
        released ? 'supervisor' : null,
      ],
    );
  }

  async function inspection(applicationId: string, inDays: number): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO inspections (id, application_id, round, inspector_id, scheduled_for, scheduled_by)
       VALUES ($1, $2, 1, $3, $4::date, $5)`,
      [id, applicationId, inspector.userId, at(inDays).toISOString().slice(0, 10), clerk.userId],
    );
    return id;
  }

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    list = new ListTasksUseCase(db.dataSource, new TaskRepository());
    // Workable: one overdue, one due later (its earlier hold was released).
    ids.overdue = await application({ step: 'review', dueInDays: -1 });
    ids.later = await application({ step: 'review', dueInDays: 2 });
    await hold(ids.later, 5, true);
    // Held while its clock ran: the hold stopped it (no due time).
    ids.heldLong = await application({ step: 'review', dueInDays: null });
    await hold(ids.heldLong, 3);
    // Held with a due time in the past (re-scheduling a failed inspection): still not overdue.
    ids.heldRecent = await application({ step: 'inspection_failed', dueInDays: -4 });
    await hold(ids.heldRecent, 1);
    // Escalations: one held, one not.
    ids.escalated = await application({ step: 'review', dueInDays: -3, escalated: true });
    ids.escalatedHeld = await application({ step: 'review', dueInDays: -6, escalated: true });
    await hold(ids.escalatedHeld, 2);
    // Inspections: one yesterday on a workable case, one on a held case two days ago.
    const inspecting = await application({
      step: 'inspection',
      status: 'inspection',
      dueInDays: 3,
    });
    const inspectingHeld = await application({
      step: 'inspection',
      status: 'inspection',
      dueInDays: null,
    });
    await hold(inspectingHeld, 4);
    ids.inspection = await inspection(inspecting, -1);
    ids.inspectionHeld = await inspection(inspectingHeld, -2);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('lists a clerk’s held cases marked, never overdue, after every workable one', async () => {
    const { items } = await list.execute(clerk);
    expect(items.map((t) => t.id)).toEqual([ids.overdue, ids.later, ids.heldLong, ids.heldRecent]);
    expect(items.map((t) => [t.overdue, t.onHold])).toEqual([
      [true, false],
      [false, false],
      [false, true],
      [false, true],
    ]);
    expect(items[1]?.hold).toBeNull();
    expect(items[2]).toMatchObject({
      dueAt: null,
      hold: { reasonCode: 'legal_review', since: at(-3).toISOString() },
    });
    // The stopped clock's last due time is shown, but it does not make the case overdue.
    expect(items[3]).toMatchObject({ dueAt: at(-4).toISOString(), overdue: false });
  });

  it('puts a held escalation after a supervisor’s workable tasks, longest held first', async () => {
    const { items } = await list.execute(supervisor);
    expect(items.map((t) => t.id)).toEqual([
      ids.escalated,
      ids.overdue,
      ids.later,
      ids.heldLong,
      ids.escalatedHeld,
      ids.heldRecent,
    ]);
    expect(items.find((t) => t.id === ids.escalatedHeld)).toMatchObject({
      kind: 'escalation',
      onHold: true,
      overdue: false,
    });
  });

  it('marks an inspector’s inspection of a held case and puts it last', async () => {
    const { items } = await list.execute(inspector);
    expect(items.map((t) => [t.inspectionId, t.overdue, t.onHold])).toEqual([
      [ids.inspection, true, false],
      [ids.inspectionHeld, false, true],
    ]);
  });
});
