import { describe, expect, it } from '@jest/globals';
import { feeFor } from './fees.js';
import { checkCardForm, luhnValid, TEST_CARDS } from './test-cards.js';

const now = new Date('2026-06-15T12:00:00Z');
const valid = {
  card_number: '4242 4242 4242 4242',
  expiry_month: '12',
  expiry_year: '30',
  cvc: '123',
  cardholder_name: 'A Payer',
};

describe('the hosted page form', () => {
  it('accepts a test card (spaces allowed) and says what it does', () => {
    const result = checkCardForm(valid, now);
    expect(result).toEqual({ ok: true, card: TEST_CARDS[0] });
  });

  it.each([
    ['4000000000000002', { kind: 'declined', code: 'card_declined' }],
    ['4000000000000119', { kind: 'late_success' }],
    ['4000000000005126', { kind: 'success', refunds: 'fail' }],
    ['4000000000000036', { kind: 'error', code: 'provider_error' }],
  ])('%s is a test card with its own outcome', (number, outcome) => {
    const result = checkCardForm({ ...valid, card_number: number }, now);
    expect(result.ok && result.card.outcome).toEqual(outcome);
  });

  it('every test card passes the Luhn check', () => {
    for (const card of TEST_CARDS) expect(luhnValid(card.number)).toBe(true);
  });

  it('names every field at fault', () => {
    const result = checkCardForm({}, now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual([
      'card_number',
      'expiry',
      'cvc',
      'cardholder_name',
    ]);
  });

  it.each([
    ['4242424242424241', 'Enter a valid card number'],
    ['42424242', 'Enter a valid card number'],
    ['4111111111111111', 'This sandbox accepts only its test cards (see the list on this page)'],
  ])('refuses the card number %s', (number, message) => {
    const result = checkCardForm({ ...valid, card_number: number }, now);
    expect(!result.ok && result.errors).toEqual([{ field: 'card_number', message }]);
  });

  it.each([
    [{ expiry_month: '05', expiry_year: '26' }, 'The card has expired'],
    [{ expiry_month: '13', expiry_year: '30' }, 'Enter a month from 01 to 12'],
    [{ expiry_month: 'ab', expiry_year: '30' }, 'Enter the expiry date as MM and YY'],
  ])('refuses the expiry %j', (expiry, message) => {
    const result = checkCardForm({ ...valid, ...expiry }, now);
    expect(!result.ok && result.errors).toEqual([{ field: 'expiry', message }]);
  });

  it('takes a card that expires this month, and a four-digit year', () => {
    expect(checkCardForm({ ...valid, expiry_month: '6', expiry_year: '2026' }, now).ok).toBe(true);
  });

  it('refuses a security code that is not 3 or 4 digits', () => {
    const result = checkCardForm({ ...valid, cvc: '12' }, now);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['cvc']);
  });
});

describe('the provider fee', () => {
  it('is 1.4% rounded half up plus 20 minor units by default', () => {
    const schedule = { basisPoints: 140, fixedMinor: 20 };
    expect(feeFor(1_000, schedule)).toBe(34);
    expect(feeFor(2_500, schedule)).toBe(55); // 35 + 20
    expect(feeFor(1_036, schedule)).toBe(35); // 14.504 rounds to 15
    expect(feeFor(1, schedule)).toBe(20);
  });

  it('is exact for the largest amounts (no floating point)', () => {
    expect(feeFor(100_000_000_000, { basisPoints: 140, fixedMinor: 0 })).toBe(1_400_000_000);
    expect(feeFor(Number.MAX_SAFE_INTEGER, { basisPoints: 10_000, fixedMinor: 0 })).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });
});
