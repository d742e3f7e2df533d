import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/common';
import {
  PermitsApplicationErrors,
  SYSTEM_ACTOR,
  type CaseActor,
  type PermitTransition,
  type RecordPermitTransitionRequest,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, runWithContext } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { ApplicationRepository } from '../applications/application.repository.js';
import { ApplicationViews } from '../applications/application-views.js';
import { CaseRepository } from '../cases/case.repository.js';
import { permitsMigrations } from '../migrations/index.js';
import { PermitTypeRepository } from '../permit-types/permit-type.repository.js';
import { BUILDING_PERMIT } from '../permit-types/seed-catalogue/catalogue-seed.js';
import { catalogueUseCases } from '../testing/permits-catalogue.medium-fixture.js';
import { IssuePermitUseCase } from './issue-permit/issue-permit.use-case.js';
import { PermitLifeRepository } from './permit-life.repository.js';
import { PermitRepository } from './permit.repository.js';
import type { PermitWorkflows } from './permit-workflows.js';
import { RecordPermitTransitionUseCase } from './record-permit-transition/record-permit-transition.use-case.js';
import { RenewPermitUseCase } from './renew-permit/renew-permit.use-case.js';
import { RevokePermitUseCase } from './revoke-permit/revoke-permit.use-case.js';
import { VerifyPermitUseCase } from './verify-permit/verify-permit.use-case.js';

/*
 * A permit's life over the real schema (docs/permits.md, "A permit's life"): the transition
 * writer (`permits.internal.permit.transition`) records each transition once per (permit, seq)
 * with its event, and refuses one on a permit no longer valid, writing nothing; the revocation
 * and the renewal check the permit, the caller and the status before any Update, so a refusal
 * leaves nothing written and sends nothing. The permit's workflow is not here (its tests are
 * `test/workflows/permit-life.*`): a stand-in takes the Update and, as the workflow does,
 * records its transition through the writer with the next seq.
 */

/** Takes the Updates the use cases send and records them as the permit workflow would. */
class PermitWorkflowStandIn {
  readonly updates: { permitNumber: string; name: string; arg: unknown }[] = [];
  private readonly seqs = new Map<string, number>();
  /** The next Update meets a workflow not started yet (`PERMITS.CASE_NOT_STARTED`). */
  notStartedOnce = false;
  constructor(private readonly record: RecordPermitTransitionUseCase) {}

  update<Ret, Arg>(
    permitNumber: string,
    _pattern: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
  ): Promise<Ret> {
    this.updates.push({ permitNumber, name: definition.name, arg });
    if (this.notStartedOnce) {
      this.notStartedOnce = false;
      return Promise.reject(
        PermitsApplicationErrors.of('PERMITS.CASE_NOT_STARTED', 'the permit is being set up'),
      );
    }
    const seq = (this.seqs.get(permitNumber) ?? 0) + 1;
    this.seqs.set(permitNumber, seq);
    const a = arg as { actor: CaseActor; reasonCode?: string; noteId?: string };
    const transition: PermitTransition =
      definition.name === 'revokePermit' ? 'revoked' : 'renewal-requested';
    return this.record.execute({
      permitNumber,
      seq,
      transition,
      actor: a.actor,
      ...(a.reasonCode ? { reasonCode: a.reasonCode } : {}),
      ...(a.noteId ? { noteId: a.noteId } : {}),
    }) as Promise<Ret>;
  }
}

describe("a permit's life: the transition writer, revocation and renewal", () => {
  let db: MediumDatabase;
  let issue: IssuePermitUseCase;
  let record: RecordPermitTransitionUseCase;
  let revoke: RevokePermitUseCase;
  let renew: RenewPermitUseCase;
  let workflows: PermitWorkflowStandIn;
  let caseCounter = 0;
  const supervisor: RequestActor = { userId: randomUUID(), role: 'supervisor' };
  const clerk: RequestActor = { userId: randomUUID(), role: 'clerk' };

  /** An issued permit of a fresh applicant (the issuing use case writes it). */
  async function aPermit(): Promise<{ permitNumber: string; holder: RequestActor; id: string }> {
    const id = randomUUID();
    const holder: RequestActor = { userId: randomUUID(), role: 'citizen' };
    caseCounter += 1;
    await db.query(
      `INSERT INTO applications (id, case_number, applicant_id, permit_type, type_version, status,
                                 step, title, site_address, details, quantities, submitted_at)
       VALUES ($1, $2, $3, $4, 1, 'approved', 'issuing', 'A title', '1 Main Street', '{}', '{}', now())`,
      // A year of its own: renewals take this year's case numbers from the counter.
      [id, `BP-1999-${String(caseCounter).padStart(6, '0')}`, holder.userId, BUILDING_PERMIT.code],
    );
    const { permitNumber } = await issue.execute({ applicationId: id, seq: 9 });
    return { permitNumber, holder, id };
  }

  /** Everything the life of permits writes, counted. */
  const written = async () =>
    (
      await db.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM permit_transitions) + (SELECT count(*) FROM outbox)
              + (SELECT count(*) FROM application_notes) + (SELECT count(*) FROM applications) AS n`,
      )
    )[0]?.n;

  const permitRow = async (permitNumber: string) =>
    (
      await db.query<Record<string, unknown>>(
        `SELECT status, last_seq, revoke_reason_code, revoked_by, revoked_at IS NOT NULL AS revoked,
                expired_at IS NOT NULL AS expired, renewal_application_id
         FROM permits WHERE permit_number = $1`,
        [permitNumber],
      )
    )[0];

  const eventsOf = async (permitNumber: string) =>
    (await db.outboxRows()).filter(
      (e) => e.aggregateId === permitNumber && e.subject !== 'gov.permits.permit.issued.v1',
    );

  /** Runs `work` as a request with an Idempotency-Key (the gateway's key). */
  const withKey = <T>(requestKey: string, work: () => Promise<T>) =>
    runWithContext({ correlationId: newId(), requestKey }, work);
  const aKey = () => randomBytes(24).toString('base64url');

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    const catalogue = catalogueUseCases(db);
    await catalogue.createPermitType.execute('seed', {
      definition: BUILDING_PERMIT,
      caller: SYSTEM_ACTOR,
    });
    const cases = new CaseRepository();
    const types = new PermitTypeRepository();
    const applications = new ApplicationRepository();
    const life = new PermitLifeRepository();
    issue = new IssuePermitUseCase(db.dataSource, db.outbox, cases, new PermitRepository(), types, {
      holderSalt: 'a medium-spec holder salt',
      renewalWindowDays: 60,
    });
    record = new RecordPermitTransitionUseCase(db.dataSource, db.outbox, life, applications, types);
    workflows = new PermitWorkflowStandIn(record);
    const standIn = workflows as unknown as PermitWorkflows;
    revoke = new RevokePermitUseCase(
      db.dataSource,
      new IdempotentCommands(db.dataSource, db.outbox),
      life,
      cases,
      standIn,
      new VerifyPermitUseCase(db.dataSource, applications, types),
    );
    renew = new RenewPermitUseCase(
      db.dataSource,
      life,
      standIn,
      applications,
      new ApplicationViews(applications, { CITY_TIME_ZONE: 'Europe/Berlin' }),
    );
  });
  afterAll(() => db?.close());

  describe('the transition writer', () => {
    it('records a revocation once per (permit, seq): status, transition row, event by the actor', async () => {
      const { permitNumber, id } = await aPermit();
      const command: RecordPermitTransitionRequest = {
        permitNumber,
        seq: 1,
        transition: 'revoked',
        actor: { userId: supervisor.userId, role: 'supervisor' },
        reasonCode: 'safety_risk',
      };
      const reply = await record.execute(command);
      expect(reply).toEqual({ permitNumber, status: 'revoked', renewalApplicationId: null });
      const before = await written();
      // Asked again (a retried activity): the same answer, nothing more written.
      expect(await record.execute(command)).toEqual(reply);
      expect(await written()).toBe(before);

      expect(await permitRow(permitNumber)).toMatchObject({
        status: 'revoked',
        last_seq: 1,
        revoke_reason_code: 'safety_risk',
        revoked_by: supervisor.userId,
        revoked: true,
      });
      expect(
        await db.query(
          `SELECT workflow_seq, transition, from_status, to_status, actor_role, reason_code
           FROM permit_transitions WHERE permit_number = $1`,
          [permitNumber],
        ),
      ).toEqual([
        {
          workflow_seq: 1,
          transition: 'revoked',
          from_status: 'valid',
          to_status: 'revoked',
          actor_role: 'supervisor',
          reason_code: 'safety_risk',
        },
      ]);
      const events = await eventsOf(permitNumber);
      expect(events.map((e) => e.subject)).toEqual(['gov.permits.permit.revoked.v1']);
      expect(events[0]?.envelope).toMatchObject({
        subject: permitNumber,
        actor: `user:${supervisor.userId}:supervisor`,
        data: { permitNumber, applicationId: id, reasonCode: 'safety_risk' },
      });
    });

    it('refuses a transition of a permit no longer valid, or unknown, writing nothing', async () => {
      const { permitNumber } = await aPermit();
      await record.execute({ permitNumber, seq: 1, transition: 'expired' });
      expect(await permitRow(permitNumber)).toMatchObject({ status: 'expired', expired: true });
      expect((await eventsOf(permitNumber))[0]?.envelope.actor).toBe('system');
      const before = await written();
      for (const transition of ['revoked', 'renewal-requested', 'expired'] as const)
        await expect(
          record.execute({ permitNumber, seq: 2, transition, reasonCode: 'court_order' }),
        ).rejects.toMatchObject({ code: 'PERMITS.PERMIT_NOT_ACTIVE' });
      await expect(
        record.execute({
          permitNumber: permitNumber.replace(/\d{6}$/, '999999'),
          seq: 1,
          transition: 'revoked',
        }),
      ).rejects.toMatchObject({ code: 'PERMITS.PERMIT_NOT_FOUND' });
      expect(await written()).toBe(before);
      expect(await permitRow(permitNumber)).toMatchObject({ status: 'expired', last_seq: 1 });
    });

    it('creates one renewal application with its submitted event, the permit staying valid', async () => {
      const { permitNumber, id, holder } = await aPermit();
      const command: RecordPermitTransitionRequest = {
        permitNumber,
        seq: 1,
        transition: 'renewal-requested',
        actor: { userId: holder.userId, role: 'citizen' },
      };
      const reply = await record.execute(command);
      expect(reply).toMatchObject({ permitNumber, status: 'valid' });
      expect(await record.execute(command)).toEqual(reply);
      const renewals = await db.query<Record<string, unknown>>(
        `SELECT id, status, step, renewal_of, applicant_id, case_number IS NOT NULL AS numbered
         FROM applications WHERE renewal_of = $1`,
        [permitNumber],
      );
      expect(renewals).toEqual([
        {
          id: reply.renewalApplicationId,
          status: 'submitted',
          step: 'completeness_check',
          renewal_of: permitNumber,
          applicant_id: holder.userId,
          numbered: true,
        },
      ]);
      expect(renewals[0]?.id).not.toBe(id);
      expect(await permitRow(permitNumber)).toMatchObject({
        status: 'valid',
        last_seq: 1,
        renewal_application_id: reply.renewalApplicationId,
      });
      const subjects = (await db.outboxRows())
        .filter(
          (e) => e.aggregateId === reply.renewalApplicationId || e.aggregateId === permitNumber,
        )
        .map((e) => e.subject);
      expect(subjects).toEqual([
        'gov.permits.permit.issued.v1',
        'gov.permits.application.submitted.v1',
        'gov.permits.permit.renewal-requested.v1',
      ]);
    });
  });

  describe('revocation', () => {
    it('refuses an unknown permit, a clerk, and the holder’s own permit before any Update, writing nothing', async () => {
      const { permitNumber, holder } = await aPermit();
      const body = { permitNumber, reasonCode: 'safety_risk' as const, note: 'Cracks in a wall.' };
      const before = await written();
      const sent = workflows.updates.length;
      await expect(
        withKey(aKey(), () =>
          revoke.execute(
            'permits.permit.revoke',
            { ...body, permitNumber: permitNumber.replace(/\d{6}$/, '999999') },
            supervisor,
          ),
        ),
      ).rejects.toMatchObject({ code: 'PERMITS.PERMIT_NOT_FOUND' });
      await expect(
        withKey(aKey(), () => revoke.execute('permits.permit.revoke', body, clerk)),
      ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
      await expect(
        withKey(aKey(), () =>
          revoke.execute('permits.permit.revoke', body, { ...holder, role: 'supervisor' }),
        ),
      ).rejects.toMatchObject({ code: 'POLICY.OWN_CASE' });
      expect(await written()).toBe(before);
      expect(workflows.updates.length).toBe(sent);
    });

    it('stores the note once per request key, sends revokePermit, answers revoked; then refuses', async () => {
      const { permitNumber, id } = await aPermit();
      const body = { permitNumber, reasonCode: 'false_information' as const, note: 'Forged plan.' };
      const key = aKey();
      // The first attempt finds the workflow not started yet; the client asks again, same key.
      workflows.notStartedOnce = true;
      await expect(
        withKey(key, () => revoke.execute('permits.permit.revoke', body, supervisor)),
      ).rejects.toMatchObject({ code: 'PERMITS.CASE_NOT_STARTED' });
      const answer = await withKey(key, () =>
        revoke.execute('permits.permit.revoke', body, supervisor),
      );
      // Both Updates carried the one note stored.
      const [first, second] = workflows.updates.slice(-2);
      expect(first?.arg).toEqual(second?.arg);
      expect(answer).toMatchObject({ permitNumber, valid: false, status: 'revoked' });
      const notes = await db.query<{ id: string; kind: string; body: string }>(
        'SELECT id, kind, body FROM application_notes WHERE application_id = $1',
        [id],
      );
      expect(notes).toEqual([{ id: expect.any(String), kind: 'decision', body: 'Forged plan.' }]);
      expect(workflows.updates.at(-1)).toEqual({
        permitNumber,
        name: 'revokePermit',
        arg: {
          actor: { userId: supervisor.userId, role: 'supervisor' },
          reasonCode: 'false_information',
          noteId: notes[0]?.id,
        },
      });
      const [row] = await db.query<{ note_id: string }>(
        'SELECT note_id FROM permit_transitions WHERE permit_number = $1',
        [permitNumber],
      );
      expect(row?.note_id).toBe(notes[0]?.id);
      // The note's free text never reaches the event.
      expect(JSON.stringify((await eventsOf(permitNumber))[0]?.envelope)).not.toContain('Forged');

      // Revoked: refused before any Update, and nothing written (the note neither).
      const before = await written();
      const sent = workflows.updates.length;
      await expect(
        withKey(aKey(), () => revoke.execute('permits.permit.revoke', body, supervisor)),
      ).rejects.toMatchObject({
        code: 'PERMITS.PERMIT_NOT_ACTIVE',
        details: { status: 'revoked' },
      });
      expect(await written()).toBe(before);
      expect(workflows.updates.length).toBe(sent);
    });
  });

  describe('renewal', () => {
    it('refuses a stranger (not found), staff, and a permit no longer valid, writing nothing', async () => {
      const { permitNumber, holder } = await aPermit();
      const stranger: RequestActor = { userId: randomUUID(), role: 'citizen' };
      const before = await written();
      const sent = workflows.updates.length;
      await expect(
        renew.execute('permits.permit.renew', { permitNumber }, stranger),
      ).rejects.toMatchObject({ code: 'PERMITS.PERMIT_NOT_FOUND' });
      await expect(
        renew.execute('permits.permit.renew', { permitNumber }, clerk),
      ).rejects.toMatchObject({ code: 'POLICY.NOT_OWNER' });
      expect(await written()).toBe(before);
      expect(workflows.updates.length).toBe(sent);

      await record.execute({ permitNumber, seq: 1, transition: 'expired' });
      const after = await written();
      await expect(
        renew.execute('permits.permit.renew', { permitNumber }, holder),
      ).rejects.toMatchObject({
        code: 'PERMITS.PERMIT_NOT_ACTIVE',
        details: { status: 'expired' },
      });
      expect(await written()).toBe(after);
      expect(workflows.updates.length).toBe(sent);
    });

    it('sends requestRenewal for the holder and answers the renewal application’s view', async () => {
      const { permitNumber, holder, id } = await aPermit();
      const view = await renew.execute('permits.permit.renew', { permitNumber }, holder);
      expect(workflows.updates.at(-1)).toEqual({
        permitNumber,
        name: 'requestRenewal',
        arg: { actor: { userId: holder.userId, role: 'citizen' } },
      });
      expect(view).toMatchObject({ status: 'submitted', renewalOf: permitNumber });
      expect(view.id).not.toBe(id);
    });
  });
});
