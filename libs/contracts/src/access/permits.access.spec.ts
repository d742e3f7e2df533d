import { describe, expect, it } from '@jest/globals';
import {
  applicantRefusal,
  claimRefusal,
  inspectionResultRefusal,
  permitDecisionRefusal,
  reassignRefusal,
  scheduleInspectionRefusal,
  type PermitCaseFacts,
} from './permits.access.js';
import { PermitsApplicationsAccess } from './permits-applications.access.js';
import { decide } from './policy.js';

const applicant = '00000000-0000-7000-8000-000000000001';
const clerk = { userId: '00000000-0000-7000-8000-000000000002', role: 'clerk' } as const;
const supervisor = { userId: '00000000-0000-7000-8000-000000000003', role: 'supervisor' } as const;
const inspector = { userId: '00000000-0000-7000-8000-000000000004', role: 'inspector' } as const;
const facts = (over: Partial<PermitCaseFacts> = {}): PermitCaseFacts => ({
  applicantId: applicant,
  approverIds: [],
  secondApprovalRequired: false,
  ...over,
});

describe('permitDecisionRefusal', () => {
  it('allows a clerk to approve a case of someone else', () => {
    expect(permitDecisionRefusal(clerk, facts(), { decision: 'approve' })).toBeNull();
  });

  it('refuses other roles, and staff deciding their own application', () => {
    expect(permitDecisionRefusal(inspector, facts(), { decision: 'approve' })?.code).toBe(
      'POLICY.ROLE_NOT_ALLOWED',
    );
    expect(
      permitDecisionRefusal(clerk, facts({ applicantId: clerk.userId }), { decision: 'approve' })
        ?.code,
    ).toBe('POLICY.OWN_CASE');
  });

  it('asks four eyes: the second approval is a different supervisor', () => {
    const firstApproved = facts({ secondApprovalRequired: true, approverIds: [clerk.userId] });
    expect(permitDecisionRefusal(clerk, firstApproved, { decision: 'approve' })?.code).toBe(
      'POLICY.SAME_APPROVER',
    );
    const otherClerk = { ...clerk, userId: '00000000-0000-7000-8000-000000000009' };
    expect(permitDecisionRefusal(otherClerk, firstApproved, { decision: 'approve' })?.code).toBe(
      'PERMITS.SECOND_APPROVAL_ROLE',
    );
    expect(permitDecisionRefusal(supervisor, firstApproved, { decision: 'approve' })).toBeNull();
    const bySupervisor = facts({ secondApprovalRequired: true, approverIds: [supervisor.userId] });
    expect(permitDecisionRefusal(supervisor, bySupervisor, { decision: 'approve' })?.code).toBe(
      'POLICY.SAME_APPROVER',
    );
  });

  it('wants a reason to reject or request changes, and items to revise', () => {
    expect(permitDecisionRefusal(clerk, facts(), { decision: 'reject' })?.code).toBe(
      'PERMITS.REASON_REQUIRED',
    );
    expect(
      permitDecisionRefusal(clerk, facts(), { decision: 'request_changes', reasonCode: 'missing' })
        ?.code,
    ).toBe('PERMITS.REVISION_ITEMS_REQUIRED');
    expect(
      permitDecisionRefusal(clerk, facts(), {
        decision: 'request_changes',
        reasonCode: 'missing',
        revisionItemKeys: ['document:site_plan'],
      }),
    ).toBeNull();
  });
});

describe('inspectionResultRefusal', () => {
  it('lets only the assigned inspector record, never on their own application', () => {
    const assigned = { applicantId: applicant, inspectorId: inspector.userId };
    expect(inspectionResultRefusal(inspector, assigned)).toBeNull();
    expect(
      inspectionResultRefusal({ ...inspector, userId: applicant }, { ...assigned })?.code,
    ).toBe('POLICY.OWN_CASE');
    expect(
      inspectionResultRefusal(
        { ...inspector, userId: '00000000-0000-7000-8000-00000000000a' },
        assigned,
      )?.code,
    ).toBe('PERMITS.NOT_ASSIGNED_INSPECTOR');
    expect(inspectionResultRefusal(clerk, assigned)?.code).toBe('POLICY.ROLE_NOT_ALLOWED');
  });
});

describe('claimRefusal, reassignRefusal, scheduleInspectionRefusal', () => {
  it('lets clerks and supervisors claim, never their own application', () => {
    expect(claimRefusal(clerk, facts())).toBeNull();
    expect(claimRefusal(supervisor, facts())).toBeNull();
    expect(claimRefusal(inspector, facts())?.code).toBe('POLICY.ROLE_NOT_ALLOWED');
    expect(claimRefusal(clerk, facts({ applicantId: clerk.userId }))?.code).toBe('POLICY.OWN_CASE');
  });

  it('lets only a supervisor reassign, and never to the applicant', () => {
    expect(reassignRefusal(supervisor, facts(), clerk.userId)).toBeNull();
    expect(reassignRefusal(clerk, facts(), clerk.userId)?.code).toBe('POLICY.ROLE_NOT_ALLOWED');
    expect(reassignRefusal(supervisor, facts(), applicant)?.code).toBe('POLICY.OWN_CASE');
    expect(
      reassignRefusal(supervisor, facts({ applicantId: supervisor.userId }), clerk.userId)?.code,
    ).toBe('POLICY.OWN_CASE');
  });

  it('lets clerks and supervisors schedule an inspection, never by the applicant', () => {
    expect(scheduleInspectionRefusal(clerk, facts(), inspector.userId)).toBeNull();
    expect(scheduleInspectionRefusal(inspector, facts(), inspector.userId)?.code).toBe(
      'POLICY.ROLE_NOT_ALLOWED',
    );
    expect(scheduleInspectionRefusal(clerk, facts(), applicant)?.code).toBe('POLICY.OWN_CASE');
  });
});

describe('applicantRefusal (resubmit, withdraw)', () => {
  it('lets the applicant only, whatever the role of anyone else', () => {
    expect(applicantRefusal({ userId: applicant, role: 'citizen' }, facts())).toBeNull();
    expect(
      applicantRefusal({ userId: '00000000-0000-7000-8000-00000000000b', role: 'citizen' }, facts())
        ?.code,
    ).toBe('POLICY.NOT_OWNER');
    expect(applicantRefusal(clerk, facts())?.code).toBe('POLICY.NOT_OWNER');
  });
});

describe('a case a clerk filed at the counter for its applicant (assisted channel)', () => {
  const filedByClerk = facts({ filedBy: clerk.userId });
  const otherClerk = { ...clerk, userId: '00000000-0000-7000-8000-000000000009' };

  it('given the filing clerk, when they claim, decide or schedule an inspection, then it is their own case', () => {
    expect(claimRefusal(clerk, filedByClerk)?.code).toBe('POLICY.OWN_CASE');
    expect(permitDecisionRefusal(clerk, filedByClerk, { decision: 'approve' })?.code).toBe(
      'POLICY.OWN_CASE',
    );
    expect(scheduleInspectionRefusal(clerk, filedByClerk, inspector.userId)?.code).toBe(
      'POLICY.OWN_CASE',
    );
  });

  it('given another clerk or a supervisor, when they work it, then it is allowed', () => {
    expect(claimRefusal(otherClerk, filedByClerk)).toBeNull();
    expect(claimRefusal(supervisor, filedByClerk)).toBeNull();
    expect(permitDecisionRefusal(otherClerk, filedByClerk, { decision: 'approve' })).toBeNull();
  });

  it('given a case filed online (filedBy null), when a clerk works it, then it is allowed', () => {
    expect(claimRefusal(clerk, facts({ filedBy: null }))).toBeNull();
  });

  it('given the filing clerk, when they act for the applicant, then only they may (changeOnBehalf)', () => {
    const onBehalf = PermitsApplicationsAccess.changeOnBehalf();
    const filed = { ownerId: applicant, filerId: clerk.userId };
    expect(decide(clerk, filed, ...onBehalf)).toEqual({ allowed: true });
    expect(decide(otherClerk, filed, ...onBehalf)).toMatchObject({ code: 'POLICY.NOT_OWNER' });
    expect(decide(supervisor, filed, ...onBehalf)).toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
    expect(decide({ userId: applicant, role: 'citizen' }, filed, ...onBehalf)).toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
  });
});
