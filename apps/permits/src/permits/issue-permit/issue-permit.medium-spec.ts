import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '#contracts';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { AssessApplicationUseCase } from '../../cases/assess-application/assess-application.use-case.js';
import { CaseRepository } from '../../cases/case.repository.js';
import { permitsMigrations } from '../../migrations/index.js';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import {
  BUILDING_PERMIT,
  TRADE_LICENCE,
} from '../../permit-types/seed-catalogue/catalogue-seed.js';
import { catalogueUseCases } from '../../testing/permits-catalogue.medium-fixture.js';
import { holderHashOf } from '../issued-permit.js';
import { PermitRepository } from '../permit.repository.js';
import { IssuePermitUseCase } from './issue-permit.use-case.js';

const SALT = 'a medium-spec holder salt';

describe('IssuePermitUseCase and AssessApplicationUseCase', () => {
  let db: MediumDatabase;
  let issue: IssuePermitUseCase;
  let assess: AssessApplicationUseCase;
  let caseCounter = 0;

  /** A submitted application in `status`, inserted as the applications part would leave it. */
  async function anApplication(
    permitType: string,
    prefix: string,
    status: string,
    extra: { details?: Record<string, unknown>; quantities?: Record<string, number> } = {},
  ): Promise<{ id: string; applicantId: string }> {
    const id = randomUUID();
    const applicantId = randomUUID();
    caseCounter += 1;
    await db.query(
      `INSERT INTO applications (id, case_number, applicant_id, permit_type, type_version, status,
                                 step, title, site_address, details, quantities, submitted_at)
       VALUES ($1, $2, $3, $4, 1, $5, 'issuing', 'A title', '1 Main Street', $6, $7, now())`,
      [
        id,
        `${prefix}-2026-${String(caseCounter).padStart(6, '0')}`,
        applicantId,
        permitType,
        status,
        JSON.stringify(extra.details ?? {}),
        JSON.stringify(extra.quantities ?? {}),
      ],
    );
    return { id, applicantId };
  }

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    const catalogue = catalogueUseCases(db);
    for (const definition of [BUILDING_PERMIT, TRADE_LICENCE])
      await catalogue.createPermitType.execute('seed', { definition, caller: SYSTEM_ACTOR });
    const cases = new CaseRepository();
    const types = new PermitTypeRepository();
    issue = new IssuePermitUseCase(db.dataSource, db.outbox, cases, new PermitRepository(), types, {
      holderSalt: SALT,
      renewalWindowDays: 60,
    });
    assess = new AssessApplicationUseCase(db.dataSource, cases, types);
  });
  afterAll(() => db?.close());

  it('issues once: number, validity, the issued status and transition, permit.issued by system', async () => {
    const app = await anApplication('trade-licence', 'TL', 'approved', {
      details: { business_name: 'Café Rosa' },
    });
    const permit = await issue.execute({ applicationId: app.id, seq: 7 });
    expect(permit.permitNumber).toMatch(/^TL-P-\d{4}-000001$/);
    expect(new Date(permit.validUntil).getTime()).toBeGreaterThan(
      new Date(permit.validFrom).getTime(),
    );
    // Asked again (a retried activity): the same permit, nothing more written.
    expect(await issue.execute({ applicationId: app.id, seq: 7 })).toEqual(permit);

    const [row] = await db.query<{ status: string; step: string; last_seq: number }>(
      'SELECT status, step, last_seq FROM applications WHERE id = $1',
      [app.id],
    );
    expect(row).toEqual({ status: 'issued', step: 'closed', last_seq: 7 });
    const transitions = await db.query<{ transition: string; workflow_seq: number }>(
      'SELECT transition, workflow_seq FROM application_transitions WHERE application_id = $1',
      [app.id],
    );
    expect(transitions).toEqual([{ transition: 'issued', workflow_seq: 7 }]);
    const [stored] = await db.query<{ holder_display_name: string | null; holder_hash: string }>(
      'SELECT holder_display_name, holder_hash FROM permits WHERE application_id = $1',
      [app.id],
    );
    expect(stored).toEqual({
      holder_display_name: 'Café Rosa',
      holder_hash: holderHashOf(SALT, app.applicantId),
    });

    const events = (await db.outboxRows()).filter(
      (e) => e.subject === 'gov.permits.permit.issued.v1',
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.aggregateId).toBe(permit.permitNumber);
    expect(events[0]?.envelope.subject).toBe(permit.permitNumber);
    expect(events[0]?.envelope.actor).toBe('system');
    expect(events[0]?.envelope.data).toEqual({
      permitNumber: permit.permitNumber,
      applicationId: app.id,
      permitType: 'trade-licence',
      typeVersion: 1,
      holderHash: holderHashOf(SALT, app.applicantId),
      validFrom: permit.validFrom,
      validUntil: permit.validUntil,
    });
  });

  it('numbers permits per type and year, gapless, and names no holder where the type does not', async () => {
    const first = await issue.execute({
      applicationId: (await anApplication('building', 'BP', 'approved')).id,
      seq: 3,
    });
    const second = await issue.execute({
      applicationId: (await anApplication('building', 'BP', 'approved')).id,
      seq: 3,
    });
    expect([first.permitNumber.slice(-6), second.permitNumber.slice(-6)]).toEqual([
      '000001',
      '000002',
    ]);
    const names = await db.query<{ holder_display_name: string | null }>(
      `SELECT holder_display_name FROM permits WHERE permit_type = 'building'`,
    );
    expect(names.every((n) => n.holder_display_name === null)).toBe(true);
  });

  it('refuses an approved application with a condition of approval unmet, writing nothing; issues once it is met', async () => {
    const app = await anApplication('building', 'BP', 'approved');
    const noteId = randomUUID();
    const conditionId = randomUUID();
    const staff = randomUUID();
    await db.query(
      `INSERT INTO application_notes (id, application_id, kind, author_id, author_role, body)
       VALUES ($1, $2, 'condition', $3, 'clerk', 'Final inspection before occupancy.')`,
      [noteId, app.id, staff],
    );
    await db.query(
      `INSERT INTO application_conditions
         (id, application_id, code, text_note_id, added_by, added_role, added_at)
       VALUES ($1, $2, 'final_inspection', $3, $4, 'clerk', now())`,
      [conditionId, app.id, noteId, staff],
    );
    await expect(issue.execute({ applicationId: app.id, seq: 5 })).rejects.toMatchObject({
      code: 'PERMITS.CONDITIONS_UNMET',
      details: { unmetConditions: 1 },
    });
    expect(await db.query('SELECT 1 FROM permits WHERE application_id = $1', [app.id])).toEqual([]);
    await db.query(
      `UPDATE application_conditions SET met_at = now(), met_by = $2, met_role = 'inspector'
       WHERE id = $1`,
      [conditionId, staff],
    );
    // Met is final: the row refuses another change and a deletion.
    await expect(
      db.query(`UPDATE application_conditions SET met_role = 'clerk' WHERE id = $1`, [conditionId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query('DELETE FROM application_conditions WHERE id = $1', [conditionId]),
    ).rejects.toThrow(/append-only/);
    expect((await issue.execute({ applicationId: app.id, seq: 5 })).permitNumber).toMatch(
      /^BP-P-\d{4}-\d{6}$/,
    );
  });

  it('refuses an application that is not approved, writing nothing', async () => {
    const app = await anApplication('building', 'BP', 'under_review');
    await expect(issue.execute({ applicationId: app.id, seq: 2 })).rejects.toMatchObject({
      code: 'PERMITS.INVALID_TRANSITION',
    });
    expect(await db.query('SELECT 1 FROM permits WHERE application_id = $1', [app.id])).toEqual([]);
  });

  it('assesses the fee and the approval rule from the pinned version and current quantities', async () => {
    const rule = BUILDING_PERMIT.approval.secondApprover;
    if (!rule) throw new Error('the building permit seed has a four-eyes rule');
    const small = await anApplication('building', 'BP', 'under_review', {
      quantities: { [rule.quantity]: rule.above },
    });
    const large = await anApplication('building', 'BP', 'under_review', {
      quantities: { [rule.quantity]: rule.above + 1 },
    });
    const a = await assess.execute({ applicationId: small.id });
    const b = await assess.execute({ applicationId: large.id });
    expect(a.secondApprovalRequired).toBe(false);
    expect(b.secondApprovalRequired).toBe(true);
    expect(a.currency).toBe(BUILDING_PERMIT.fee.currency);
    expect(b.totalMinor).toBeGreaterThanOrEqual(a.totalMinor);
    expect(a.totalMinor).toBe(a.lines.reduce((sum, l) => sum + l.amountMinor, 0));
  });
});
