import { describe, expect, it } from '@jest/globals';
import { decideApproval, decideProposal } from './adjustment.js';

const open = { status: 'open' as const, amountMinor: 10_000 };

describe('waivers and reductions', () => {
  describe('decideProposal', () => {
    it('takes all that is due for a waiver, and less than that for a reduction', () => {
      expect(decideProposal(open, null, { kind: 'waiver' })).toEqual({ amountMinor: 10_000 });
      expect(decideProposal(open, null, { kind: 'reduction', amountMinor: 9_999 })).toEqual({
        amountMinor: 9_999,
      });
      expect(() => decideProposal(open, null, { kind: 'reduction', amountMinor: 10_000 })).toThrow(
        expect.objectContaining({ code: 'PAYMENTS.ADJUSTMENT_TOO_LARGE' }),
      );
      expect(() => decideProposal(open, null, { kind: 'waiver', amountMinor: 1 })).toThrow(
        expect.objectContaining({ code: 'PLATFORM.VALIDATION_FAILED' }),
      );
    });

    it('wants an open invoice without another proposal waiting', () => {
      expect(() => decideProposal({ ...open, status: 'paid' }, null, { kind: 'waiver' })).toThrow(
        expect.objectContaining({ code: 'PAYMENTS.INVOICE_NOT_OPEN' }),
      );
      expect(() => decideProposal(open, 'a-1', { kind: 'waiver' })).toThrow(
        expect.objectContaining({ code: 'PAYMENTS.ADJUSTMENT_PENDING' }),
      );
    });
  });

  describe('decideApproval', () => {
    const waiver = { status: 'proposed' as const, kind: 'waiver' as const, amountMinor: 10_000 };
    const reduction = {
      status: 'proposed' as const,
      kind: 'reduction' as const,
      amountMinor: 2_500,
    };

    it('closes a waived invoice, and leaves a reduced one open asking for less', () => {
      expect(decideApproval(waiver, open, null)).toEqual({
        amountMinor: 10_000,
        invoiceAmountMinor: 0,
        invoiceStatus: 'waived',
      });
      expect(decideApproval(reduction, open, null)).toEqual({
        amountMinor: 2_500,
        invoiceAmountMinor: 7_500,
        invoiceStatus: 'open',
      });
    });

    it('waits for a payment in progress, and refuses what is decided or no longer open', () => {
      expect(() => decideApproval(waiver, open, 'p-1')).toThrow(
        expect.objectContaining({ code: 'PAYMENTS.PAYMENT_IN_PROGRESS' }),
      );
      expect(() => decideApproval({ ...waiver, status: 'rejected' }, open, null)).toThrow(
        expect.objectContaining({ code: 'PAYMENTS.ADJUSTMENT_NOT_PROPOSED' }),
      );
      expect(() => decideApproval(waiver, { ...open, status: 'expired' }, null)).toThrow(
        expect.objectContaining({ code: 'PAYMENTS.INVOICE_NOT_OPEN' }),
      );
      expect(() => decideApproval(reduction, { ...open, amountMinor: 2_500 }, null)).toThrow(
        expect.objectContaining({ code: 'PAYMENTS.ADJUSTMENT_TOO_LARGE' }),
      );
    });
  });
});
