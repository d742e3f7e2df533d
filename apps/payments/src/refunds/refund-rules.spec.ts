import { describe, expect, it } from '@jest/globals';
import { decideRefund, isCounterPayment, refundChannel } from './refund-rules.js';

const paid = { status: 'success' as const, amountMinor: 10_000 };

describe('refunds asked by people', () => {
  describe('decideRefund', () => {
    it('takes a refund within what remains when the caller knows what remains', () => {
      expect(
        decideRefund(paid, [{ amountMinor: 3_000, status: 'success' }], {
          amount: 7_000,
          refundAmountAvailable: 7_000,
        }),
      ).toEqual({ amountAvailable: 7_000 });
    });

    it('refuses a caller whose refundAmountAvailable is stale (412), whatever the amount', () => {
      expect(() =>
        decideRefund(paid, [{ amountMinor: 3_000, status: 'submitted' }], {
          amount: 1,
          refundAmountAvailable: 10_000,
        }),
      ).toThrow(expect.objectContaining({ code: 'PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH' }));
    });

    it('counts refunds in error as given back', () => {
      expect(
        decideRefund(paid, [{ amountMinor: 10_000, status: 'error' }], {
          amount: 10_000,
          refundAmountAvailable: 10_000,
        }),
      ).toEqual({ amountAvailable: 10_000 });
    });

    it('refuses more than remains, and a payment that did not succeed', () => {
      expect(() =>
        decideRefund(paid, [], { amount: 10_001, refundAmountAvailable: 10_000 }),
      ).toThrow(expect.objectContaining({ code: 'PAYMENTS.REFUND_EXCEEDS_AVAILABLE' }));
      expect(() =>
        decideRefund({ ...paid, status: 'started' }, [], { amount: 1, refundAmountAvailable: 0 }),
      ).toThrow(expect.objectContaining({ code: 'PAYMENTS.REFUND_NOT_AVAILABLE' }));
    });
  });

  describe('refundChannel', () => {
    it('refunds an online payment through its provider, never at a till', () => {
      expect(refundChannel({ provider: 'sandbox' }, { byCashier: true })).toEqual({
        channel: 'provider',
      });
      expect(() =>
        refundChannel({ provider: 'sandbox' }, { tillSessionId: 'x', byCashier: true }),
      ).toThrow(expect.objectContaining({ code: 'PAYMENTS.REFUND_NOT_AT_COUNTER' }));
    });

    it('pays a counter payment back at a till: now with a session, later when a workflow asks', () => {
      expect(isCounterPayment({ provider: 'cash' })).toBe(true);
      expect(isCounterPayment({ provider: 'card-terminal' })).toBe(true);
      expect(refundChannel({ provider: 'cash' }, { tillSessionId: 's', byCashier: true })).toEqual({
        channel: 'counter',
        payOutNow: true,
      });
      expect(refundChannel({ provider: 'cash' }, { byCashier: false })).toEqual({
        channel: 'counter',
        payOutNow: false,
      });
      expect(() => refundChannel({ provider: 'card-terminal' }, { byCashier: true })).toThrow(
        expect.objectContaining({ code: 'PAYMENTS.REFUND_NEEDS_TILL_SESSION' }),
      );
    });
  });
});
