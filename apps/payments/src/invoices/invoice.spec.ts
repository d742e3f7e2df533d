import { describe, expect, it } from '@jest/globals';
import {
  decideClose,
  decideStartPayment,
  nextFeeAdjustment,
  sameInvoice,
  totalOf,
  type Invoice,
} from './invoice.js';

const line = (amountMinor: number, revenueCode = 'permits.building') => ({
  revenueCode,
  descriptionKey: 'fees.x',
  amountMinor,
});

describe('an invoice', () => {
  it('given adjustments 1 and 3, the next fee adjustment is 4', () => {
    expect(nextFeeAdjustment([])).toBe('fee-adjustment-1');
    expect(
      nextFeeAdjustment(['application-fee', 'fee-adjustment-1', 'fee-adjustment-3', 'other']),
    ).toBe('fee-adjustment-4');
  });

  it('totals its lines, refusing a total beyond what JSON carries exactly', () => {
    expect(totalOf([line(100), line(250)])).toBe(350);
    expect(() => totalOf([line(Number.MAX_SAFE_INTEGER), line(1)])).toThrow(
      expect.objectContaining({ code: 'PAYMENTS.AMOUNT_TOO_LARGE' }),
    );
  });

  it('is the same invoice again only with the same payer, currency and lines in order', () => {
    const existing = {
      payerId: 'p',
      currency: 'EUR',
      lines: [line(1), line(2, 'x')],
    } as unknown as Invoice;
    expect(
      sameInvoice(existing, { payerId: 'p', currency: 'EUR', lines: [line(1), line(2, 'x')] }),
    ).toBe(true);
    expect(
      sameInvoice(existing, { payerId: 'p', currency: 'EUR', lines: [line(2, 'x'), line(1)] }),
    ).toBe(false);
    expect(
      sameInvoice(existing, { payerId: 'q', currency: 'EUR', lines: [line(1), line(2, 'x')] }),
    ).toBe(false);
    expect(sameInvoice(existing, { payerId: 'p', currency: 'EUR', lines: [line(1)] })).toBe(false);
  });

  it('given a payment in progress, when asked to close, waits for it', () => {
    expect(decideClose({ status: 'open' }, 'expired', 'pay-1')).toEqual({
      kind: 'wait',
      paymentId: 'pay-1',
    });
    expect(decideClose({ status: 'open' }, 'cancelled', null)).toEqual({ kind: 'close' });
    expect(decideClose({ status: 'cancelled' }, 'cancelled', null)).toEqual({ kind: 'unchanged' });
    expect(() => decideClose({ status: 'paid' }, 'cancelled', null)).toThrow(
      expect.objectContaining({ code: 'PAYMENTS.INVOICE_NOT_OPEN' }),
    );
  });

  it('takes a payment only while open and without one in progress', () => {
    expect(() => decideStartPayment({ status: 'open' }, null)).not.toThrow();
    expect(() => decideStartPayment({ status: 'open' }, 'pay-1')).toThrow(
      expect.objectContaining({ code: 'PAYMENTS.PAYMENT_IN_PROGRESS' }),
    );
    for (const status of ['paid', 'cancelled', 'expired'] as const)
      expect(() => decideStartPayment({ status }, null)).toThrow(
        expect.objectContaining({ code: 'PAYMENTS.INVOICE_NOT_OPEN' }),
      );
  });
});
