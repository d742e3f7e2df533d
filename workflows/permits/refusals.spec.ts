import { describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import {
  addConditionRefusal,
  applicantRefusal,
  claimRefusal,
  conditionMetRefusal,
  holdRefusal,
  permitDecisionRefusal,
  reassignRefusal,
  scheduleInspectionRefusal,
  type PermitCaseFacts,
} from '#contracts/access';
import type { CaseActor, DecideArgs, PermitCaseState } from '#contracts/temporal';
import {
  validateAddCondition,
  validateClaim,
  validateConditionMet,
  validateDecision,
  validateHold,
  validateReassign,
  validateRelease,
  validateResubmit,
  validateSchedule,
  validateWithdraw,
  type ValidationView,
} from './refusals.js';

// The workflow's validators and the permits service apply ONE set of rules (#contracts/access):
// for every actor and case below, a validator refuses with the code the service's rule gives,
// or, where the rule allows, with nothing but a refusal of the state.

const applicantId = '00000000-0000-7000-8000-000000000001';
const clerk: CaseActor = { userId: '00000000-0000-7000-8000-000000000002', role: 'clerk' };
const supervisor: CaseActor = {
  userId: '00000000-0000-7000-8000-000000000003',
  role: 'supervisor',
};
const otherSupervisor: CaseActor = {
  ...supervisor,
  userId: '00000000-0000-7000-8000-00000000000c',
};
const inspector: CaseActor = { userId: '00000000-0000-7000-8000-000000000004', role: 'inspector' };
const citizen: CaseActor = { userId: applicantId, role: 'citizen' };
const stranger: CaseActor = { userId: '00000000-0000-7000-8000-000000000005', role: 'citizen' };
const ownClerk: CaseActor = { userId: applicantId, role: 'clerk' };
const ACTORS = { clerk, supervisor, otherSupervisor, inspector, citizen, stranger, ownClerk };

const state = (over: Partial<PermitCaseState>): PermitCaseState => ({
  applicationId: '00000000-0000-7000-8000-0000000000aa',
  status: 'under_review',
  step: 'review',
  assigneeId: null,
  completenessDueAt: null,
  paymentDueAt: null,
  reviewDueAt: null,
  workingDaysLeft: 20,
  clock: 'running',
  escalated: false,
  secondApprovalRequired: false,
  approverIds: [],
  invoiceIds: [],
  feePaidMinor: 0,
  inspectionRounds: 0,
  lastInspection: 'none',
  pendingDecision: false,
  transitions: 3,
  permitNumber: null,
  onHold: false,
  unmetConditions: 0,
  ...over,
});

const view = (over: Partial<PermitCaseState> = {}): ValidationView => ({
  state: state(over),
  applicantId,
  inspectionRequired: false,
  ending: false,
  inspectionRunning: false,
  conditions: new Map(),
});
const factsOf = (v: ValidationView): PermitCaseFacts => ({
  applicantId: v.applicantId,
  approverIds: v.state.approverIds,
  secondApprovalRequired: v.state.secondApprovalRequired,
});

/** The code a validator refuses with, or null when it accepts. */
function codeOf(validate: () => void): string | null {
  try {
    validate();
    return null;
  } catch (error) {
    if (error instanceof ApplicationFailure) return String(error.type);
    throw error;
  }
}

const SECOND_APPROVAL = view({
  step: 'second_approval',
  secondApprovalRequired: true,
  approverIds: [supervisor.userId],
});
const CHANGES_REQUESTED = view({ status: 'changes_requested', step: 'awaiting_applicant' });

describe('the workflow validators apply the service rules', () => {
  const decisions: [string, ValidationView, Omit<DecideArgs, 'actor'>][] = [
    ['approve in review', view(), { decision: 'approve' }],
    ['the second approval', SECOND_APPROVAL, { decision: 'approve' }],
    ['reject without a reason', view(), { decision: 'reject' }],
    ['reject with a reason', view(), { decision: 'reject', reasonCode: 'zoning_conflict' }],
    [
      'request changes without items',
      view(),
      { decision: 'request_changes', reasonCode: 'missing_site_plan' },
    ],
    [
      'request changes',
      view(),
      {
        decision: 'request_changes',
        reasonCode: 'missing_site_plan',
        revisionItemKeys: ['document:site_plan'],
      },
    ],
  ];

  it.each(decisions)('decision: %s', (_name, v, args) => {
    for (const actor of Object.values(ACTORS)) {
      const rule = permitDecisionRefusal(actor, factsOf(v), args);
      expect([actor, codeOf(() => validateDecision(v, { actor, ...args }))]).toEqual([
        actor,
        rule?.code ?? null,
      ]);
    }
  });

  it('claim, reassign and schedule', () => {
    const v = view();
    for (const actor of Object.values(ACTORS)) {
      expect([actor, codeOf(() => validateClaim(v, actor))]).toEqual([
        actor,
        claimRefusal(actor, factsOf(v))?.code ?? null,
      ]);
      for (const to of [clerk.userId, applicantId])
        expect([actor, to, codeOf(() => validateReassign(v, actor, to))]).toEqual([
          actor,
          to,
          reassignRefusal(actor, factsOf(v), to)?.code ?? null,
        ]);
      for (const by of [inspector.userId, applicantId])
        expect([
          actor,
          by,
          codeOf(() =>
            validateSchedule(v, {
              actor,
              inspectorId: by,
              scheduledFor: '2026-03-10',
              inspectionId: '00000000-0000-7000-8000-0000000000bb',
            }),
          ),
        ]).toEqual([actor, by, scheduleInspectionRefusal(actor, factsOf(v), by)?.code ?? null]);
    }
  });

  it('resubmit and withdraw', () => {
    for (const actor of Object.values(ACTORS)) {
      const rule = applicantRefusal(actor, factsOf(CHANGES_REQUESTED))?.code ?? null;
      expect([
        actor,
        codeOf(() =>
          validateResubmit(CHANGES_REQUESTED, { actor, quantities: {}, revisionItemKeys: [] }),
        ),
      ]).toEqual([actor, rule]);
      expect([actor, codeOf(() => validateWithdraw(CHANGES_REQUESTED, actor))]).toEqual([
        actor,
        rule,
      ]);
    }
  });
});

describe('the state checks only the workflow makes', () => {
  it('refuses a decision in the wrong step, or while another is being recorded', () => {
    expect(
      codeOf(() => validateDecision(view(), { actor: clerk, decision: 'confirm_complete' })),
    ).toBe('PERMITS.INVALID_TRANSITION');
    expect(
      codeOf(() =>
        validateDecision(view({ pendingDecision: true }), { actor: clerk, decision: 'approve' }),
      ),
    ).toBe('PERMITS.DECISION_IN_PROGRESS');
    expect(
      codeOf(() =>
        validateDecision(
          { ...view(), inspectionRequired: true },
          { actor: clerk, decision: 'approve' },
        ),
      ),
    ).toBe('PERMITS.INSPECTION_REQUIRED');
    expect(
      codeOf(() =>
        validateDecision(view({ status: 'rejected', step: 'closed' }), {
          actor: clerk,
          decision: 'approve',
        }),
      ),
    ).toBe('PERMITS.INVALID_TRANSITION');
  });

  it('refuses a resubmission when no changes were requested, a withdrawal once ending', () => {
    expect(
      codeOf(() =>
        validateResubmit(view(), { actor: citizen, quantities: {}, revisionItemKeys: [] }),
      ),
    ).toBe('PERMITS.INVALID_TRANSITION');
    expect(codeOf(() => validateWithdraw({ ...view(), ending: true }, citizen))).toBe(
      'PERMITS.INVALID_TRANSITION',
    );
  });

  it('refuses a second inspection while one runs, or after one passed', () => {
    const args = {
      actor: clerk,
      inspectorId: inspector.userId,
      scheduledFor: '2026-03-10',
      inspectionId: '00000000-0000-7000-8000-0000000000bb',
    };
    expect(codeOf(() => validateSchedule({ ...view(), inspectionRunning: true }, args))).toBe(
      'PERMITS.INVALID_TRANSITION',
    );
    expect(codeOf(() => validateSchedule(view({ lastInspection: 'passed' }), args))).toBe(
      'PERMITS.INVALID_TRANSITION',
    );
  });
});

const CONDITION = '00000000-0000-7000-8000-0000000000c1';
const MET = '00000000-0000-7000-8000-0000000000c2';
const withConditions = (v: ValidationView): ValidationView => ({
  ...v,
  conditions: new Map([
    [CONDITION, false],
    [MET, true],
  ]),
});
const AWAITING = withConditions(
  view({ status: 'approved', step: 'awaiting_conditions', clock: 'done', unmetConditions: 1 }),
);
const HELD = withConditions(
  view({ onHold: true, clock: 'stopped', reviewDueAt: null, unmetConditions: 1 }),
);

describe('conditions of approval and holds', () => {
  it('apply the service rules: who attaches, meets, holds and releases', () => {
    const v = withConditions(view());
    for (const actor of Object.values(ACTORS)) {
      expect([
        actor,
        codeOf(() =>
          validateAddCondition(v, {
            actor,
            conditionId: '00000000-0000-7000-8000-0000000000c9',
            code: 'final_inspection',
            noteId: '00000000-0000-7000-8000-0000000000d1',
          }),
        ),
      ]).toEqual([actor, addConditionRefusal(actor, factsOf(v))?.code ?? null]);
      expect([
        actor,
        codeOf(() => validateConditionMet(v, { actor, conditionId: CONDITION })),
      ]).toEqual([actor, conditionMetRefusal(actor, factsOf(v))?.code ?? null]);
      expect([actor, codeOf(() => validateHold(v, { actor, reasonCode: 'legal_review' }))]).toEqual(
        [actor, holdRefusal(actor, factsOf(v))?.code ?? null],
      );
      expect([actor, codeOf(() => validateRelease(HELD, actor))]).toEqual([
        actor,
        holdRefusal(actor, factsOf(HELD))?.code ?? null,
      ]);
    }
  });

  it('a condition is met once, must exist, and may be added or met while approved and waiting', () => {
    const v = withConditions(view());
    expect(codeOf(() => validateConditionMet(v, { actor: clerk, conditionId: MET }))).toBe(
      'PERMITS.CONDITION_ALREADY_MET',
    );
    expect(
      codeOf(() =>
        validateConditionMet(v, {
          actor: clerk,
          conditionId: '00000000-0000-7000-8000-0000000000ff',
        }),
      ),
    ).toBe('PERMITS.CONDITION_NOT_FOUND');
    expect(
      codeOf(() => validateConditionMet(AWAITING, { actor: inspector, conditionId: CONDITION })),
    ).toBeNull();
    const add = {
      actor: clerk,
      conditionId: '00000000-0000-7000-8000-0000000000c9',
      code: 'final_inspection',
      noteId: '00000000-0000-7000-8000-0000000000d1',
    };
    expect(codeOf(() => validateAddCondition(AWAITING, add))).toBeNull();
    expect(codeOf(() => validateAddCondition(v, { ...add, conditionId: CONDITION }))).toBe(
      'PERMITS.INVALID_TRANSITION',
    );
    // Issuing (or closed): too late to attach one.
    expect(
      codeOf(() =>
        validateAddCondition(view({ status: 'approved', step: 'issuing', clock: 'done' }), add),
      ),
    ).toBe('PERMITS.INVALID_TRANSITION');
    expect(
      codeOf(() => validateAddCondition(view({ status: 'issued', step: 'closed' }), add)),
    ).toBe('PERMITS.INVALID_TRANSITION');
  });

  it('while held nothing moves the case; conditions may still be attached, the applicant may withdraw', () => {
    const args = { actor: clerk, decision: 'approve' as const };
    expect(codeOf(() => validateDecision(HELD, args))).toBe('PERMITS.APPLICATION_ON_HOLD');
    expect(codeOf(() => validateClaim(HELD, clerk))).toBe('PERMITS.APPLICATION_ON_HOLD');
    expect(codeOf(() => validateReassign(HELD, supervisor, clerk.userId))).toBe(
      'PERMITS.APPLICATION_ON_HOLD',
    );
    expect(
      codeOf(() =>
        validateSchedule(HELD, {
          actor: clerk,
          inspectorId: inspector.userId,
          scheduledFor: '2026-03-10',
          inspectionId: '00000000-0000-7000-8000-0000000000bb',
        }),
      ),
    ).toBe('PERMITS.APPLICATION_ON_HOLD');
    expect(
      codeOf(() =>
        validateResubmit(
          {
            ...HELD,
            state: { ...HELD.state, status: 'changes_requested', step: 'awaiting_applicant' },
          },
          { actor: citizen, quantities: {}, revisionItemKeys: [] },
        ),
      ),
    ).toBe('PERMITS.APPLICATION_ON_HOLD');
    expect(codeOf(() => validateConditionMet(HELD, { actor: clerk, conditionId: CONDITION }))).toBe(
      'PERMITS.APPLICATION_ON_HOLD',
    );
    expect(
      codeOf(() =>
        validateAddCondition(HELD, {
          actor: clerk,
          conditionId: '00000000-0000-7000-8000-0000000000c9',
          code: 'final_inspection',
          noteId: '00000000-0000-7000-8000-0000000000d1',
        }),
      ),
    ).toBeNull();
    expect(codeOf(() => validateWithdraw(HELD, citizen))).toBeNull();
    expect(
      codeOf(() => validateHold(HELD, { actor: supervisor, reasonCode: 'legal_review' })),
    ).toBe('PERMITS.APPLICATION_ON_HOLD');
    expect(codeOf(() => validateRelease(HELD, supervisor))).toBeNull();
  });

  it('a hold applies from review on; a release needs a hold', () => {
    const hold = { actor: supervisor, reasonCode: 'legal_review' };
    expect(codeOf(() => validateHold(view(), hold))).toBeNull();
    expect(
      codeOf(() =>
        validateHold(view({ status: 'inspection', step: 'inspection_scheduled' }), hold),
      ),
    ).toBeNull();
    expect(codeOf(() => validateHold(AWAITING, hold))).toBeNull();
    expect(
      codeOf(() =>
        validateHold(
          view({ status: 'submitted', step: 'completeness_check', clock: 'not_started' }),
          hold,
        ),
      ),
    ).toBe('PERMITS.INVALID_TRANSITION');
    expect(
      codeOf(() =>
        validateHold(view({ status: 'awaiting_payment', step: 'awaiting_payment' }), hold),
      ),
    ).toBe('PERMITS.INVALID_TRANSITION');
    expect(codeOf(() => validateHold({ ...view(), ending: true }, hold))).toBe(
      'PERMITS.INVALID_TRANSITION',
    );
    expect(codeOf(() => validateHold(view({ pendingDecision: true }), hold))).toBe(
      'PERMITS.DECISION_IN_PROGRESS',
    );
    expect(codeOf(() => validateRelease(view(), supervisor))).toBe(
      'PERMITS.APPLICATION_NOT_ON_HOLD',
    );
  });
});
