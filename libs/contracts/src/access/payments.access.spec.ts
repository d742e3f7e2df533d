import { describe, expect, it } from '@jest/globals';
import type { RequestActor } from '../roles.js';
import { decide } from './policy.js';
import { PaymentsAccess } from './payments.access.js';

const payer: RequestActor = { userId: 'p-1', role: 'citizen' };
const stranger: RequestActor = { userId: 'p-2', role: 'citizen' };
const cashier: RequestActor = { userId: 's-1', role: 'cashier' };
const auditor: RequestActor = { userId: 's-2', role: 'auditor' };
const clerk: RequestActor = { userId: 's-3', role: 'clerk' };
const invoice = { ownerId: 'p-1' };

describe('who may do what with payments', () => {
  it('lets the payer and payments staff read, nobody else', () => {
    expect(decide(payer, invoice, ...PaymentsAccess.read())).toEqual({ allowed: true });
    expect(decide(cashier, invoice, ...PaymentsAccess.read())).toEqual({ allowed: true });
    expect(decide(auditor, invoice, ...PaymentsAccess.read())).toEqual({ allowed: true });
    expect(decide(stranger, invoice, ...PaymentsAccess.read())).toMatchObject({
      code: 'POLICY.NOT_OWNER',
    });
    expect(decide(clerk, invoice, ...PaymentsAccess.read())).toMatchObject({
      code: 'POLICY.NOT_OWNER',
    });
  });

  it('lets only the payer pay', () => {
    expect(decide(payer, invoice, ...PaymentsAccess.pay())).toEqual({ allowed: true });
    expect(decide(cashier, invoice, ...PaymentsAccess.pay())).toMatchObject({
      code: 'POLICY.NOT_OWNER',
    });
  });

  it('lets a cashier manage invoices, but not one of their own', () => {
    expect(decide(cashier, invoice, ...PaymentsAccess.manage())).toEqual({ allowed: true });
    expect(decide(cashier, { ownerId: 's-1' }, ...PaymentsAccess.manage())).toMatchObject({
      code: 'POLICY.OWN_CASE',
    });
    expect(decide(auditor, invoice, ...PaymentsAccess.manage())).toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
  });

  it('shows the ledger to cashiers and auditors', () => {
    expect(decide(auditor, {}, ...PaymentsAccess.readLedger())).toEqual({ allowed: true });
    expect(decide(payer, {}, ...PaymentsAccess.readLedger())).toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
  });

  it('lets a supervisor who did not propose a waiver decide it, and never its proposer', () => {
    const proposedByCashier = { ownerId: 'p-1', proposerId: 's-1' };
    const supervisor: RequestActor = { userId: 's-9', role: 'supervisor' };
    expect(decide(supervisor, proposedByCashier, ...PaymentsAccess.decideAdjustment())).toEqual({
      allowed: true,
    });
    expect(
      decide(
        supervisor,
        { ownerId: 'p-1', proposerId: 's-9' },
        ...PaymentsAccess.decideAdjustment(),
      ),
    ).toMatchObject({ code: 'POLICY.OWN_PROPOSAL' });
    expect(decide(cashier, proposedByCashier, ...PaymentsAccess.decideAdjustment())).toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
    expect(
      decide(supervisor, { ownerId: 's-9' }, ...PaymentsAccess.proposeAdjustment()),
    ).toMatchObject({ code: 'POLICY.OWN_CASE' });
    expect(decide(cashier, invoice, ...PaymentsAccess.proposeAdjustment())).toEqual({
      allowed: true,
    });
  });

  it('lets only cashiers handle money, never for an invoice of their own', () => {
    expect(decide(cashier, invoice, ...PaymentsAccess.handleMoney())).toEqual({ allowed: true });
    expect(decide(cashier, { ownerId: 's-1' }, ...PaymentsAccess.handleMoney())).toMatchObject({
      code: 'POLICY.OWN_CASE',
    });
    expect(decide(auditor, invoice, ...PaymentsAccess.handleMoney())).toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
    expect(decide(auditor, {}, ...PaymentsAccess.readAll())).toEqual({ allowed: true });
    expect(decide(clerk, {}, ...PaymentsAccess.readAll())).toMatchObject({
      code: 'POLICY.ROLE_NOT_ALLOWED',
    });
  });
});
