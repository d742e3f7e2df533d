import { describe, expect, it } from '@jest/globals';
import type { RequestActor } from '#contracts';
import { assertCashFor, assertWorkable, cashAccountFor, decideClose, NO_TOTALS } from './till.js';

const cashier: RequestActor = { userId: 'c-1', role: 'cashier' };
const totals = { ...NO_TOTALS, cashInMinor: 12_500, cashOutMinor: 2_000, cardTerminalMinor: 9_000 };

describe('a till session', () => {
  it('expects the float, plus cash in, less cash out (card terminal payments are not in the till)', () => {
    expect(decideClose({ openingFloatMinor: 5_000 }, totals, 15_500)).toEqual({
      expectedMinor: 15_500,
      differenceMinor: 0,
    });
    expect(decideClose({ openingFloatMinor: 5_000 }, totals, 15_300).differenceMinor).toBe(-200);
    expect(decideClose({ openingFloatMinor: 5_000 }, totals, 15_600).differenceMinor).toBe(100);
  });

  it('is worked by the cashier who opened it, while it is open', () => {
    expect(() => assertWorkable({ status: 'open', cashierId: 'c-1' }, cashier)).not.toThrow();
    expect(() => assertWorkable({ status: 'open', cashierId: 'c-2' }, cashier)).toThrow(
      expect.objectContaining({ code: 'PAYMENTS.TILL_SESSION_NOT_YOURS' }),
    );
    expect(() => assertWorkable({ status: 'closed', cashierId: 'c-1' }, cashier)).toThrow(
      expect.objectContaining({ code: 'PAYMENTS.TILL_SESSION_CLOSED' }),
    );
  });

  it('pays out no more cash than it holds', () => {
    expect(() => assertCashFor({ openingFloatMinor: 0 }, totals, 10_500)).not.toThrow();
    expect(() => assertCashFor({ openingFloatMinor: 0 }, totals, 10_501)).toThrow(
      expect.objectContaining({
        code: 'PAYMENTS.TILL_CASH_INSUFFICIENT',
        details: expect.objectContaining({ cashMinor: 10_500 }),
      }),
    );
  });

  it('books cash to the till and card terminal payments to the acquirer', () => {
    expect(cashAccountFor('cash', 'counter-1').code).toBe('cash_till:counter-1');
    expect(cashAccountFor('card-terminal', 'counter-1').code).toBe('cash_provider:card-terminal');
  });
});
