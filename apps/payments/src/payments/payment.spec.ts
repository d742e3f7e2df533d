import { describe, expect, it } from '@jest/globals';
import { decide, outcomeOf, refundSummaryOf, stateOf, type Outcome } from './payment.js';

const at = (status: Outcome['status'], code: Outcome['code'] = null) => ({ status, code });

describe('a payment’s states', () => {
  it('maps the provider’s states onto GOV.UK Pay’s, with their codes', () => {
    expect(outcomeOf({ status: 'created' }, 'create')).toEqual(at('started'));
    expect(outcomeOf({ status: 'failed', code: 'card_declined' }, 'webhook')).toEqual(
      at('failed', 'P0010'),
    );
    expect(outcomeOf({ status: 'failed', code: 'abandoned' }, 'webhook')).toEqual(
      at('failed', 'P0030'),
    );
    expect(outcomeOf({ status: 'cancelled' }, 'webhook')).toEqual(at('cancelled', 'P0040'));
    expect(outcomeOf({ status: 'cancelled' }, 'expiry')).toEqual(at('failed', 'P0020'));
    expect(outcomeOf({ status: 'error' }, 'sweep')).toEqual(at('error', 'P0050'));
  });

  it('moves forward only while unfinished', () => {
    expect(decide(at('created'), at('started'))).toEqual({ kind: 'advance', to: at('started') });
    expect(decide(at('submitted'), at('started'))).toEqual({ kind: 'none' });
    expect(decide(at('started'), at('success'))).toEqual({ kind: 'advance', to: at('success') });
    expect(decide(at('success'), at('success'))).toEqual({ kind: 'none' });
  });

  it('given a finished failure, when the provider says success, corrects it', () => {
    expect(decide(at('failed', 'P0020'), at('success'))).toEqual({
      kind: 'correct',
      to: at('success'),
    });
    expect(decide(at('failed', 'P0010'), at('submitted'))).toEqual({ kind: 'none' });
  });

  it('given a recorded success, when the provider says otherwise, flags a conflict', () => {
    expect(decide(at('success'), at('failed', 'P0010'))).toMatchObject({ kind: 'conflict' });
  });

  it('shows the state with its code and message when it did not succeed', () => {
    expect(stateOf(at('started'))).toEqual({ status: 'started', finished: false });
    expect(stateOf(at('failed', 'P0020'))).toEqual({
      status: 'failed',
      finished: true,
      code: 'P0020',
      message: 'Payment expired',
    });
  });

  it('sums what is refunded or being refunded; failed refunds give it back', () => {
    const paid = { status: 'success' as const, amountMinor: 1_000 };
    expect(refundSummaryOf(paid, [])).toEqual({
      status: 'available',
      amountAvailable: 1_000,
      amountSubmitted: 0,
    });
    expect(
      refundSummaryOf(paid, [
        { amountMinor: 300, status: 'success' },
        { amountMinor: 200, status: 'submitted' },
        { amountMinor: 500, status: 'error' },
      ]),
    ).toEqual({ status: 'available', amountAvailable: 500, amountSubmitted: 500 });
    expect(refundSummaryOf(paid, [{ amountMinor: 1_000, status: 'success' }]).status).toBe('full');
    expect(refundSummaryOf({ status: 'started', amountMinor: 1_000 }, []).status).toBe('pending');
  });
});
