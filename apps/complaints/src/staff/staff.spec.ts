import { describe, expect, it } from '@jest/globals';
import { DomainError } from '#contracts';
import { isStaff, staffStep } from './staff.js';

describe('which workflow Update a status change is (staffStep)', () => {
  it('triages a case still for triage into a working status', () => {
    expect(staffStep('for_triage', 'investigating')).toBe('triage');
    expect(staffStep('for_triage', 'in_progress')).toBe('triage');
  });

  it('changes the status of a case being worked', () => {
    expect(staffStep('investigating', 'action_scheduled')).toBe('change');
    expect(staffStep('action_scheduled', 'in_progress')).toBe('change');
  });

  it('resolves with any resolving status but duplicate, from triage or from work', () => {
    for (const target of [
      'fixed',
      'not_responsible',
      'no_further_action',
      'internal_referral',
    ] as const) {
      expect(staffStep('for_triage', target)).toBe('resolve');
      expect(staffStep('in_progress', target)).toBe('resolve');
    }
  });

  it('refuses for_triage as a target, and duplicate outside the duplicate confirmation', () => {
    for (const target of ['for_triage', 'duplicate'] as const) {
      let refusal: unknown;
      try {
        staffStep('investigating', target);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({
        code: 'COMPLAINTS.INVALID_TRANSITION',
        details: { from: 'investigating', to: target },
      });
    }
  });
});

describe('who is staff', () => {
  it('is a clerk, a supervisor or an admin; never a citizen, inspector or nobody', () => {
    expect(isStaff({ userId: 'u', role: 'clerk' })).toBe(true);
    expect(isStaff({ userId: 'u', role: 'supervisor' })).toBe(true);
    expect(isStaff({ userId: 'u', role: 'admin' })).toBe(true);
    expect(isStaff({ userId: 'u', role: 'citizen' })).toBe(false);
    expect(isStaff({ userId: 'u', role: 'inspector' })).toBe(false);
    expect(isStaff(undefined)).toBe(false);
  });
});
