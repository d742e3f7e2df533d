import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, type RequestActor } from '#contracts';
import { newId } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { permitsMigrations } from '../../migrations/index.js';
import {
  aCitizen,
  applicationUseCases,
  aStaff,
  publishType,
  testPermitType,
} from '../../testing/applications.medium-fixture.js';
import { documentPrefix } from '../application.js';

const codeOf = async (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => 'no refusal',
    (error: unknown) =>
      error instanceof DomainError
        ? { code: error.code as string, details: error.details as unknown }
        : error,
  );

describe('applications on the real permits schema', () => {
  let db: MediumDatabase;
  let use: ReturnType<typeof applicationUseCases>;

  const aDraft = (user: RequestActor, extra: Record<string, unknown> = {}) =>
    use.draft.execute({
      permitType: 'building',
      title: 'Garden house',
      site: { address: 'Hauptstraße 1, Berlin', lat: 52.5, lon: 13.4 },
      ...extra,
      user,
    });

  const upload = async (user: RequestActor, applicationId: string, kind = 'site_plan') => {
    const ticket = await use.beginUpload.execute({ applicationId, kind, user });
    return use.recordDocument.execute({
      applicationId,
      documentId: ticket.documentId,
      kind,
      storageKey: `${ticket.storagePrefix}/${'b'.repeat(64)}`,
      fileName: 'plan.pdf',
      contentType: 'application/pdf',
      sizeBytes: 1_000,
      sha256: 'b'.repeat(64),
      user,
    });
  };

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    use = applicationUseCases(db);
    await publishType(db, testPermitType('building', 'BP'));
  });

  afterAll(async () => {
    await db?.close();
  });

  it('drafts, changes and submits an application: case number, pinned version, locked documents, the event', async () => {
    const applicant = aCitizen();
    const draft = await aDraft(applicant);
    expect(draft).toMatchObject({
      status: 'draft',
      step: 'drafting',
      caseNumber: null,
      typeVersion: 1,
    });
    expect(draft.timeline.map((t) => t.transition)).toEqual(['drafted']);

    const changed = await use.update.execute({
      applicationId: draft.id,
      details: { storeys: 2, use: 'residential' },
      quantities: { floor_area_m2: 120 },
      user: applicant,
    });
    expect(changed).toMatchObject({ details: { storeys: 2 }, quantities: { floor_area_m2: 120 } });
    await upload(applicant, draft.id);
    // A new version of the type before submission: submission pins the version then in force.
    const version = await publishType(db, testPermitType('building', 'BP'));

    const submitted = await use.submit.execute({ applicationId: draft.id, user: applicant });
    const year = new Date().getUTCFullYear();
    expect(submitted).toMatchObject({
      status: 'submitted',
      step: 'completeness_check',
      typeVersion: version,
    });
    expect(submitted.caseNumber).toMatch(new RegExp(`^BP-${year}-\\d{6}$`));
    expect(submitted.documents).toEqual([
      expect.objectContaining({
        kind: 'site_plan',
        latest: expect.objectContaining({ locked: true, version: 1 }),
      }),
    ]);
    expect(submitted.timeline.map((t) => [t.transition, t.toStatus])).toEqual([
      ['drafted', 'draft'],
      ['submitted', 'submitted'],
    ]);
    const events = (await db.outboxRows()).filter((e) => e.aggregateId === draft.id);
    expect(events.map((e) => e.subject)).toEqual([
      'gov.permits.application.drafted.v1',
      'gov.permits.application.submitted.v1',
    ]);
    expect(events[1]?.envelope.data).toEqual({
      applicationId: draft.id,
      caseNumber: submitted.caseNumber,
      permitType: 'building',
      typeVersion: version,
      applicantId: applicant.userId,
      submittedAt: submitted.submittedAt,
      quantities: { floor_area_m2: 120 },
    });

    // Submitted: no more changes, and its documents are immutable in the database itself.
    expect(
      await codeOf(use.update.execute({ applicationId: draft.id, title: 'x', user: applicant })),
    ).toMatchObject({ code: 'PERMITS.APPLICATION_NOT_EDITABLE' });
    expect(await codeOf(upload(applicant, draft.id))).toMatchObject({
      code: 'PERMITS.DOCUMENT_KIND_NOT_ALLOWED',
    });
    await expect(
      db.query(`UPDATE application_documents SET sha256 = $2 WHERE application_id = $1`, [
        draft.id,
        'c'.repeat(64),
      ]),
    ).rejects.toThrow(/locked/);
    await expect(
      db.query('DELETE FROM application_documents WHERE application_id = $1', [draft.id]),
    ).rejects.toThrow(/locked/);
  });

  it('lists every missing document and invalid field at once, and changes nothing', async () => {
    const applicant = aCitizen();
    const draft = await aDraft(applicant, { details: { storeys: 0 } });
    const refusal = await codeOf(use.submit.execute({ applicationId: draft.id, user: applicant }));
    expect(refusal).toEqual({
      code: 'PERMITS.APPLICATION_INCOMPLETE',
      details: expect.objectContaining({
        missingDocuments: ['site_plan'],
        invalidFields: [
          { field: 'details.use', message: "details.use must have required property 'use'" },
          { field: 'details.storeys', message: 'details.storeys must be >= 1' },
          { field: 'quantities.floor_area_m2', message: expect.any(String) },
        ],
      }),
    });
    expect((await use.get.execute({ applicationId: draft.id, user: applicant })).status).toBe(
      'draft',
    );
  });

  it('keeps an application to its applicant and staff who read cases', async () => {
    const applicant = aCitizen();
    const draft = await aDraft(applicant);
    expect(
      await codeOf(use.get.execute({ applicationId: draft.id, user: aCitizen() })),
    ).toMatchObject({ code: 'POLICY.NOT_OWNER' });
    expect(
      await codeOf(
        use.update.execute({ applicationId: draft.id, title: 'mine', user: aStaff('clerk') }),
      ),
    ).toMatchObject({ code: 'POLICY.NOT_OWNER' });
    expect((await use.get.execute({ applicationId: draft.id, user: aStaff('auditor') })).id).toBe(
      draft.id,
    );
    expect(
      await codeOf(
        use.beginUpload.execute({ applicationId: draft.id, kind: 'selfie', user: applicant }),
      ),
    ).toMatchObject({ code: 'PERMITS.DOCUMENT_KIND_UNKNOWN' });
    const other = await use.list.execute({ user: aCitizen() });
    expect(other.items).toEqual([]);
  });

  it('withdraws a draft at once, and refuses a submitted one until the casework takes it', async () => {
    const applicant = aCitizen();
    const draft = await aDraft(applicant);
    const withdrawn = await use.withdraw.execute({ applicationId: draft.id, user: applicant });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', step: 'closed', caseNumber: null });
    const events = (await db.outboxRows()).filter((e) => e.aggregateId === draft.id);
    expect(events.at(-1)).toMatchObject({
      subject: 'gov.permits.application.withdrawn.v1',
      envelope: { data: { compensation: 'none' } },
    });
  });

  it('records a workflow transition once per (application, seq), with its rows and event', async () => {
    const applicant = aCitizen();
    const draft = await aDraft(applicant, {
      details: { storeys: 1, use: 'residential' },
      quantities: { floor_area_m2: 50 },
    });
    await upload(applicant, draft.id);
    await use.submit.execute({ applicationId: draft.id, user: applicant });
    const clerk = aStaff('clerk');
    const noteId = newId();
    await db.query(
      `INSERT INTO application_notes (id, application_id, kind, author_id, author_role, body)
       VALUES ($1, $2, 'decision', $3, 'clerk', 'Please add the north elevation.')`,
      [noteId, draft.id, clerk.userId],
    );
    const ask = {
      applicationId: draft.id,
      seq: 1,
      transition: 'changes-requested' as const,
      actor: clerk,
      reasonCode: 'missing_elevation',
      noteId,
      revisionItemKeys: ['document:site_plan', 'field:storeys'],
      facts: { step: 'awaiting_applicant' as const, clockStage: 'completeness' as const },
    };
    const before = (await db.outboxRows()).length;
    const first = await use.transition.execute(ask);
    const again = await use.transition.execute(ask);
    expect(first).toEqual({
      applicationId: draft.id,
      status: 'changes_requested',
      step: 'awaiting_applicant',
    });
    expect(again).toEqual(first);
    const events = (await db.outboxRows()).slice(before);
    expect(events.map((e) => e.subject)).toEqual(['gov.permits.application.changes-requested.v1']);
    expect(events[0]?.envelope.data).toMatchObject({
      reasonCode: 'missing_elevation',
      revisionItemKeys: ['document:site_plan', 'field:storeys'],
      stage: 'completeness',
    });

    const asApplicant = await use.get.execute({ applicationId: draft.id, user: applicant });
    expect(asApplicant.revisionItems.map((r) => r.key)).toEqual([
      'document:site_plan',
      'field:storeys',
    ]);
    expect(asApplicant.timeline.at(-1)).toMatchObject({
      transition: 'changes-requested',
      reasonCode: 'missing_elevation',
      note: 'Please add the north elevation.',
    });
    // The applicant may now add a new version of a locked document.
    const second = await upload(applicant, draft.id);
    expect(second).toMatchObject({ version: 2, locked: false });

    // A transition the status does not allow changes nothing.
    expect(
      await codeOf(
        use.transition.execute({ applicationId: draft.id, seq: 2, transition: 'approved' }),
      ),
    ).toMatchObject({ code: 'PERMITS.INVALID_TRANSITION' });
    const resubmitted = await use.transition.execute({
      applicationId: draft.id,
      seq: 2,
      transition: 'resubmitted',
      actor: applicant,
      revisionItemKeys: ['document:site_plan', 'field:storeys'],
    });
    expect(resubmitted.status).toBe('submitted');

    // Seqs out of order and with gaps (an inspection child records with a seq its parent
    // reserved earlier): each (application, seq) once, whatever the order.
    const assigned = {
      applicationId: draft.id,
      seq: 5,
      transition: 'assigned' as const,
      actor: clerk,
      facts: { assigneeId: clerk.userId },
    };
    const confirmed = {
      applicationId: draft.id,
      seq: 3,
      transition: 'completeness-confirmed' as const,
      actor: clerk,
      facts: { completenessBy: 'clerk' as const, clockStage: 'completeness' as const },
    };
    const outOfOrder = (await db.outboxRows()).length;
    await use.transition.execute(assigned);
    await use.transition.execute(confirmed);
    await use.transition.execute(assigned);
    await use.transition.execute(confirmed);
    expect((await db.outboxRows()).length - outOfOrder).toBe(2);
    const seqs = await db.query<{ workflow_seq: number }>(
      `SELECT workflow_seq FROM application_transitions
        WHERE application_id = $1 AND workflow_seq IS NOT NULL ORDER BY workflow_seq`,
      [draft.id],
    );
    expect(seqs.map((r) => r.workflow_seq)).toEqual([1, 2, 3, 5]);
    const after = await use.get.execute({ applicationId: draft.id, user: clerk });
    expect(after.assigneeId).toBe(clerk.userId);
    expect(after.revisionItems).toEqual([]);
    expect(after.documents[0]?.history.map((d) => [d.version, d.locked])).toEqual([
      [2, true],
      [1, true],
    ]);
  });

  it('gives case numbers without gaps when many submit at once', async () => {
    await publishType(db, testPermitType('gapless', 'GL'));
    const drafts = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const applicant = aCitizen();
        const draft = await use.draft.execute({
          permitType: 'gapless',
          title: 'x',
          site: { address: 'y' },
          details: { storeys: 1, use: 'residential' },
          quantities: { floor_area_m2: 1 },
          user: applicant,
        });
        await upload(applicant, draft.id);
        return { applicant, draft };
      }),
    );
    const submitted = await Promise.all(
      drafts.map(({ applicant, draft }) =>
        use.submit.execute({ applicationId: draft.id, user: applicant }),
      ),
    );
    const numbers = submitted.map((s) => Number(s.caseNumber?.split('-')[2])).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('verifies a permit publicly: valid, expired or revoked, and the holder only where public', async () => {
    const applicant = aCitizen();
    await publishType(db, testPermitType('trade', 'TL', { publicHolderField: 'businessName' }));
    const draft = await use.draft.execute({
      permitType: 'trade',
      title: 'Shop',
      site: { address: 'Markt 1' },
      user: applicant,
    });
    await db.query(
      `UPDATE applications SET status = 'issued', case_number = 'TL-2026-999999' WHERE id = $1`,
      [draft.id],
    );
    const permit = (number: string, from: string, until: string, status = 'valid') =>
      db.query(
        `INSERT INTO permits (permit_number, application_id, permit_type, type_version, holder_id,
           holder_hash, holder_display_name, status, valid_from, valid_until)
         VALUES ($1, $2, 'trade', 1, $3, $4, 'Bäckerei Schmidt', $5, $6, $7)`,
        [number, draft.id, applicant.userId, 'd'.repeat(64), status, from, until],
      );
    await permit('TL-P-2026-000001', '2026-01-01T00:00:00Z', '2999-01-01T00:00:00Z');
    expect(await use.verifyPermit.execute({ permitNumber: 'TL-P-2026-000001' })).toEqual({
      permitNumber: 'TL-P-2026-000001',
      valid: true,
      status: 'valid',
      reason: null,
      permitType: 'trade',
      typeVersion: 1,
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2999-01-01T00:00:00.000Z',
      holderName: 'Bäckerei Schmidt',
    });
    expect(
      await codeOf(use.verifyPermit.execute({ permitNumber: 'TL-P-2026-000404' })),
    ).toMatchObject({
      code: 'PERMITS.PERMIT_NOT_FOUND',
    });
  });

  it('puts each document under the prefix handed out for it', () => {
    expect(documentPrefix('a', 'b')).toBe('permits/applications/a/documents/b');
  });
});
