import { describe, expect, it } from '@jest/globals';
import { APPLICATION_STATUSES, CASE_TRANSITIONS, type RecordTransitionRequest } from '#contracts';
import type { Application } from './application.js';
import { applyFacts } from './record-transition/record-transition.use-case.js';
import {
  clockAfter,
  decideTransition,
  MissingFact,
  TRANSITION_RULES,
  transitionEvent,
} from './transitions.js';

const application = (over: Partial<Application> = {}): Application => ({
  id: '0196a0c5-49a2-741e-aa07-55ec9ed3160e',
  caseNumber: 'BP-2026-000001',
  applicantId: '0196a0c5-49a2-741e-aa07-55ec9ed31600',
  channel: 'online',
  filedBy: null,
  permitType: 'building',
  typeVersion: 2,
  status: 'under_review',
  step: 'review',
  title: 'Garden house',
  site: { address: 'Hauptstraße 1', lat: null, lon: null },
  details: {},
  quantities: { floor_area_m2: 120 },
  assigneeId: null,
  escalated: false,
  secondApprovalRequired: false,
  approverIds: [],
  feeMinor: 12_000,
  currency: 'EUR',
  invoiceId: null,
  completenessDueAt: null,
  paymentDueAt: null,
  reviewDueAt: new Date('2026-03-02T23:00:00Z'),
  workingDaysLeft: 12,
  clock: 'running',
  lastSeq: 3,
  submittedAt: new Date('2026-01-05T10:00:00Z'),
  closedAt: null,
  createdAt: new Date('2026-01-05T09:00:00Z'),
  updatedAt: new Date('2026-01-05T09:00:00Z'),
  ...over,
});

const request = (over: Partial<RecordTransitionRequest>): RecordTransitionRequest => ({
  applicationId: application().id,
  seq: 4,
  transition: 'approved',
  ...over,
});

describe('the transition table', () => {
  it('names every transition the workflows drive', () => {
    expect(Object.keys(TRANSITION_RULES).sort()).toEqual([...CASE_TRANSITIONS].sort());
  });

  it('allows nothing from a draft or a closed application: those are the service’s own', () => {
    for (const status of ['draft', 'issued', 'rejected', 'withdrawn', 'lapsed'] as const)
      for (const t of CASE_TRANSITIONS.filter((t) => t !== 'fee-refunded' && t !== 'issued'))
        expect({ status, t, d: decideTransition(status, t) }).toEqual({
          status,
          t,
          d: { allowed: false, reason: 'from' },
        });
  });

  it('given a submitted application, when changes are requested, then it waits on the applicant', () => {
    expect(decideTransition('submitted', 'changes-requested')).toEqual({
      allowed: true,
      to: 'changes_requested',
    });
  });

  it('given changes requested, when resubmitted, then it goes where the workflow says among the allowed', () => {
    expect(decideTransition('changes_requested', 'resubmitted')).toEqual({
      allowed: true,
      to: 'submitted',
    });
    expect(decideTransition('changes_requested', 'resubmitted', 'under_review')).toEqual({
      allowed: true,
      to: 'under_review',
    });
    expect(decideTransition('changes_requested', 'resubmitted', 'approved')).toEqual({
      allowed: false,
      reason: 'to',
    });
  });

  it('keeps the status for steps within it (assigned, escalated, reminded)', () => {
    expect(decideTransition('inspection', 'assigned')).toEqual({ allowed: true, to: 'inspection' });
    expect(decideTransition('under_review', 'escalated')).toEqual({
      allowed: true,
      to: 'under_review',
    });
    expect(decideTransition('awaiting_payment', 'payment-reminded')).toEqual({
      allowed: true,
      to: 'awaiting_payment',
    });
  });

  it('refuses an approval before review and a lapse after payment', () => {
    expect(decideTransition('awaiting_payment', 'approved')).toMatchObject({ allowed: false });
    expect(decideTransition('under_review', 'lapsed')).toMatchObject({ allowed: false });
    expect(decideTransition('approved', 'issued')).toEqual({ allowed: true, to: 'issued' });
  });

  it('every from-status is a status of the table', () => {
    for (const rule of Object.values(TRANSITION_RULES))
      for (const s of rule.from) expect(APPLICATION_STATUSES).toContain(s);
  });
});

describe('the review clock', () => {
  it('runs from review-started, stops on changes at review, and is done when closed', () => {
    expect(clockAfter('not_started', 'review-started', 'under_review')).toBe('running');
    expect(clockAfter('running', 'changes-requested', 'changes_requested', 'review')).toBe(
      'stopped',
    );
    expect(
      clockAfter('not_started', 'changes-requested', 'changes_requested', 'completeness'),
    ).toBe('not_started');
    expect(clockAfter('running', 'rejected', 'rejected')).toBe('done');
    expect(clockAfter('running', 'assigned', 'under_review')).toBe('running');
  });
});

describe('the event of a transition', () => {
  it('carries the case, type version and the facts a recomputation needs', () => {
    expect(transitionEvent(application(), request({ transition: 'review-started' }))).toEqual({
      subject: 'gov.permits.application.review-started.v1',
      data: {
        applicationId: application().id,
        caseNumber: 'BP-2026-000001',
        permitType: 'building',
        typeVersion: 2,
        reviewDueAt: '2026-03-02T23:00:00.000Z',
        workingDaysLeft: 12,
        secondApprovalRequired: false,
      },
    });
  });

  it('tells a claim from a reassignment from a release', () => {
    const clerk = { userId: '0196a0c5-49a2-741e-aa07-55ec9ed31601', role: 'clerk' as const };
    const how = (assigneeId: string | null, actor = clerk) =>
      (
        transitionEvent(application({ assigneeId }), request({ transition: 'assigned', actor }))
          ?.data as { how: string }
      ).how;
    expect(how(clerk.userId)).toBe('claimed');
    expect(how('0196a0c5-49a2-741e-aa07-55ec9ed31602')).toBe('reassigned');
    expect(how(null)).toBe('released');
  });

  it('says which fact is missing rather than writing a broken event', () => {
    expect(() => transitionEvent(application(), request({ transition: 'rejected' }))).toThrow(
      MissingFact,
    );
    expect(() =>
      transitionEvent(application(), request({ transition: 'inspection-scheduled', facts: {} })),
    ).toThrow('facts.inspectionId');
  });

  it('leaves the issued event to issuance', () => {
    expect(
      transitionEvent(application({ status: 'issued' }), request({ transition: 'issued' })),
    ).toBe(undefined);
  });
});

describe('conditions of approval and holds', () => {
  it('never change the status; a hold applies in review, changes asked or approved', () => {
    for (const t of ['condition-added', 'condition-met', 'released'] as const)
      for (const status of ['under_review', 'inspection', 'approved'] as const)
        expect(decideTransition(status, t)).toEqual({ allowed: true, to: status });
    expect(decideTransition('changes_requested', 'held')).toEqual({
      allowed: true,
      to: 'changes_requested',
    });
    expect(decideTransition('awaiting_payment', 'held')).toEqual({
      allowed: false,
      reason: 'from',
    });
  });

  it('given a running clock, a hold stops it and a release that names a due time restarts it', () => {
    expect(clockAfter('running', 'held', 'under_review')).toBe('stopped');
    expect(clockAfter('stopped', 'held', 'changes_requested')).toBe('stopped');
    expect(clockAfter('stopped', 'released', 'under_review', undefined, true)).toBe('running');
    expect(clockAfter('stopped', 'released', 'changes_requested')).toBe('stopped');
    expect(clockAfter('done', 'released', 'approved')).toBe('done');
  });

  it('their events carry ids, codes and counts, never text', () => {
    const held = transitionEvent(
      application({ clock: 'stopped', reviewDueAt: null, workingDaysLeft: 7 }),
      request({
        transition: 'held',
        reasonCode: 'legal_review',
        noteId: '0196a0c5-49a2-741e-aa07-55ec9ed316aa',
        facts: { workingDaysLeft: 7, reviewDueAt: null },
      }),
    );
    expect(held).toEqual({
      subject: 'gov.permits.application.held.v1',
      data: expect.objectContaining({ reasonCode: 'legal_review', workingDaysLeft: 7 }),
    });
    expect(held?.data).not.toHaveProperty('noteId');
    const released = transitionEvent(
      application(),
      request({
        transition: 'released',
        facts: { reviewDueAt: '2026-03-02T23:00:00.000Z', workingDaysLeft: 12 },
      }),
    );
    expect(released?.data).toEqual(
      expect.objectContaining({ reviewDueAt: '2026-03-02T23:00:00.000Z', workingDaysLeft: 12 }),
    );
    const conditionId = '0196a0c5-49a2-741e-aa07-55ec9ed316cc';
    expect(
      transitionEvent(
        application(),
        request({
          transition: 'condition-added',
          facts: { conditionId, conditionCode: 'final_inspection', unmetConditions: 1 },
        }),
      )?.data,
    ).toEqual(
      expect.objectContaining({ conditionId, code: 'final_inspection', unmetConditions: 1 }),
    );
    expect(() =>
      transitionEvent(
        application(),
        request({ transition: 'condition-met', facts: { conditionId } }),
      ),
    ).toThrow(MissingFact);
  });
});

describe('applyFacts: the due times a transition leaves on the application', () => {
  const now = new Date('2026-02-02T10:00:00Z');
  const old = new Date('2026-01-19T23:00:00Z');

  it('keeps a completeness deadline that a transition does not name', () => {
    const before = application({
      status: 'submitted',
      step: 'completeness_check',
      clock: 'not_started',
      completenessDueAt: old,
    });
    const after = applyFacts(
      before,
      request({ transition: 'assigned', facts: { assigneeId: before.applicantId } }),
      'submitted',
      now,
    );
    expect(after.completenessDueAt).toEqual(old);
  });

  it('sets the one the workflow records', () => {
    const before = application({
      status: 'submitted',
      step: 'completeness_check',
      clock: 'not_started',
    });
    const after = applyFacts(
      before,
      request({
        transition: 'completeness-confirmed',
        facts: { completenessDueAt: '2026-02-16T22:59:59.999Z' },
      }),
      'submitted',
      now,
    );
    expect(after.completenessDueAt).toEqual(new Date('2026-02-16T22:59:59.999Z'));
  });

  it('drops the last check\'s deadline when a resubmission starts a new check (never a false "overdue")', () => {
    const before = application({
      status: 'changes_requested',
      step: 'awaiting_applicant',
      clock: 'not_started',
      completenessDueAt: old,
    });
    const after = applyFacts(
      before,
      request({
        transition: 'resubmitted',
        facts: { status: 'submitted', step: 'completeness_check' },
      }),
      'submitted',
      now,
    );
    expect(after).toMatchObject({ step: 'completeness_check', completenessDueAt: null });
  });

  it('leaves it alone when a resubmission goes back to a running review', () => {
    const before = application({
      status: 'changes_requested',
      step: 'awaiting_applicant',
      clock: 'stopped',
      completenessDueAt: old,
    });
    const after = applyFacts(
      before,
      request({ transition: 'resubmitted', facts: { status: 'under_review', step: 'review' } }),
      'under_review',
      now,
    );
    expect(after.completenessDueAt).toEqual(old);
  });
});
