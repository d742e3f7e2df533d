import { describe, expect, it } from '@jest/globals';
import type { RequestActor } from '../roles.js';
import { DomainError } from '../errors/domain-error.js';
import { decide, enforce, Policy } from './policy.js';

const citizen: RequestActor = { userId: 'c-1', role: 'citizen' };
const other: RequestActor = { userId: 'c-2', role: 'citizen' };
const clerk: RequestActor = { userId: 's-1', role: 'clerk' };
const supervisor: RequestActor = { userId: 's-2', role: 'supervisor' };

describe('the shared policy helper', () => {
  it("lets an applicant see their own case and nobody else's", () => {
    const rule = Policy.ownerOr('clerk', 'supervisor');
    expect(decide(citizen, { ownerId: 'c-1' }, rule)).toEqual({ allowed: true });
    expect(decide(other, { ownerId: 'c-1' }, rule)).toMatchObject({
      allowed: false,
      code: 'POLICY.NOT_OWNER',
    });
    expect(decide(clerk, { ownerId: 'c-1' }, rule)).toEqual({ allowed: true });
    expect(decide(other, {}, rule)).toMatchObject({ allowed: false, code: 'POLICY.NOT_OWNER' });
  });

  it('never lets staff act on a case of their own', () => {
    expect(decide(clerk, { ownerId: 's-1' }, Policy.notOwnCase())).toMatchObject({
      allowed: false,
      code: 'POLICY.OWN_CASE',
    });
    expect(decide(clerk, { ownerId: 'c-1' }, Policy.notOwnCase())).toEqual({ allowed: true });
  });

  it('wants a second approver different from the first', () => {
    const facts = { ownerId: 'c-1', approverIds: ['s-1'] };
    expect(decide(clerk, facts, Policy.newApprover())).toMatchObject({
      allowed: false,
      code: 'POLICY.SAME_APPROVER',
    });
    expect(decide(supervisor, facts, Policy.newApprover())).toEqual({ allowed: true });
  });

  it('never lets the proposer of a change decide it (four eyes)', () => {
    const facts = { ownerId: 'c-1', proposerId: 's-1' };
    expect(decide(clerk, facts, Policy.notProposer())).toMatchObject({
      allowed: false,
      code: 'POLICY.OWN_PROPOSAL',
    });
    expect(decide(supervisor, facts, Policy.notProposer())).toEqual({ allowed: true });
    expect(decide(clerk, { ownerId: 'c-1' }, Policy.notProposer())).toEqual({ allowed: true });
  });

  it('applies rules in order and gives the first refusal', () => {
    const rules = [Policy.roles('clerk', 'supervisor'), Policy.notOwnCase(), Policy.newApprover()];
    expect(decide(citizen, { ownerId: 'c-1' }, ...rules)).toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
    expect(decide(clerk, { ownerId: 's-1', approverIds: ['s-1'] }, ...rules)).toMatchObject({
      code: 'POLICY.OWN_CASE',
    });
    expect(decide(supervisor, { ownerId: 'c-1', approverIds: ['s-1'] }, ...rules)).toEqual({
      allowed: true,
    });
  });

  it('throws a refusal as a domain error with its POLICY code and no HTTP status', () => {
    expect(() => enforce(other, { ownerId: 'c-1' }, Policy.ownerOr())).toThrow(DomainError);
    try {
      enforce(clerk, { ownerId: 's-1' }, Policy.notOwnCase());
    } catch (error) {
      expect((error as DomainError).toJSON()).toEqual({
        code: 'POLICY.OWN_CASE',
        message: 'staff may not act on a case of their own',
      });
    }
    expect.assertions(2);
  });
});

describe('the assisted channel rules (a clerk files for an applicant at the counter)', () => {
  const filer: RequestActor = { userId: 's-1', role: 'clerk' };
  const otherClerk: RequestActor = { userId: 's-3', role: 'clerk' };
  const filed = { ownerId: 'c-1', filerId: 's-1' };

  describe('Policy.filer: only the clerk who filed the case acts on it for its owner', () => {
    it('given a case filed by a clerk, when that clerk acts for the owner, then it is allowed', () => {
      expect(decide(filer, filed, Policy.filer())).toEqual({ allowed: true });
    });

    it('given a case filed by a clerk, when another clerk acts for the owner, then it is not theirs', () => {
      expect(decide(otherClerk, filed, Policy.filer())).toEqual({
        allowed: false,
        code: 'POLICY.NOT_OWNER',
        message: 'only the clerk who filed this application acts on it for its applicant',
      });
    });

    it('given a case nobody filed at the counter, when any clerk acts for the owner, then it is not theirs', () => {
      expect(decide(filer, { ownerId: 'c-1' }, Policy.filer())).toMatchObject({
        allowed: false,
        code: 'POLICY.NOT_OWNER',
      });
    });

    it('given a case filed by a clerk, when its owner acts, then the rule does not make them its filer', () => {
      expect(decide(citizen, filed, Policy.filer())).toMatchObject({
        allowed: false,
        code: 'POLICY.NOT_OWNER',
      });
    });
  });

  describe('Policy.notFiler: the clerk who filed a case does not work it', () => {
    it('given a case filed by a clerk, when that clerk works it, then it is their own case', () => {
      expect(decide(filer, filed, Policy.notFiler())).toEqual({
        allowed: false,
        code: 'POLICY.OWN_CASE',
        message: 'staff may not work a case they filed for its applicant',
      });
    });

    it('given a case filed by a clerk, when another clerk or a supervisor works it, then it is allowed', () => {
      expect(decide(otherClerk, filed, Policy.notFiler())).toEqual({ allowed: true });
      expect(decide(supervisor, filed, Policy.notFiler())).toEqual({ allowed: true });
    });

    it('given a case filed online (no filer), when a clerk works it, then it is allowed', () => {
      expect(decide(filer, { ownerId: 'c-1' }, Policy.notFiler())).toEqual({ allowed: true });
    });

    it('given the rules of working a case, when the filer tries, then the refusal is thrown as OWN_CASE', () => {
      expect(() =>
        enforce(
          filer,
          filed,
          Policy.roles('clerk', 'supervisor'),
          Policy.notOwnCase(),
          Policy.notFiler(),
        ),
      ).toThrow(expect.objectContaining({ code: 'POLICY.OWN_CASE' }));
      expect(() =>
        enforce(
          otherClerk,
          filed,
          Policy.roles('clerk', 'supervisor'),
          Policy.notOwnCase(),
          Policy.notFiler(),
        ),
      ).not.toThrow();
    });
  });
});
