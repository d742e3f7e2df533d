/**
 * The sandbox's test cards and the checks of the hosted page's form. Card numbers,
 * security codes and cardholder names are checked and forgotten: none is ever stored or
 * logged.
 */

/** What typing a test card does to a payment. */
export type CardOutcome =
  /** The payment succeeds at once. */
  | { readonly kind: 'success'; readonly refunds: 'succeed' | 'fail' }
  /** The card is declined: the payment fails with `code`. */
  | { readonly kind: 'declined'; readonly code: string }
  /** The provider fails: the payment ends in `error`. */
  | { readonly kind: 'error'; readonly code: string }
  /** The provider times out: the payment stays submitted and succeeds later. */
  | { readonly kind: 'late_success' };

export interface TestCard {
  readonly number: string;
  readonly description: string;
  readonly outcome: CardOutcome;
}

export const TEST_CARDS: readonly TestCard[] = [
  {
    number: '4242424242424242',
    description: 'Visa: succeeds',
    outcome: { kind: 'success', refunds: 'succeed' },
  },
  {
    number: '5555555555554444',
    description: 'Mastercard: succeeds',
    outcome: { kind: 'success', refunds: 'succeed' },
  },
  {
    number: '4000000000000002',
    description: 'declined (card_declined)',
    outcome: { kind: 'declined', code: 'card_declined' },
  },
  {
    number: '4000000000009995',
    description: 'declined (insufficient_funds)',
    outcome: { kind: 'declined', code: 'insufficient_funds' },
  },
  {
    number: '4000000000000119',
    description: 'provider timeout: stays submitted, succeeds after SANDBOX_TIMEOUT_CARD_DELAY_MS',
    outcome: { kind: 'late_success' },
  },
  {
    number: '4000000000005126',
    description: 'succeeds, but every refund of it fails (refund_failed)',
    outcome: { kind: 'success', refunds: 'fail' },
  },
  {
    number: '4000000000000036',
    description: 'provider error: the payment ends in error (provider_error)',
    outcome: { kind: 'error', code: 'provider_error' },
  },
];

const byNumber = new Map(TEST_CARDS.map((card) => [card.number, card]));

/** True when `digits` passes the Luhn check. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export type CardField = 'card_number' | 'expiry' | 'cvc' | 'cardholder_name';

export interface CardFormInput {
  readonly card_number?: string | undefined;
  readonly expiry_month?: string | undefined;
  readonly expiry_year?: string | undefined;
  readonly cvc?: string | undefined;
  readonly cardholder_name?: string | undefined;
}

export type CardCheck =
  | { readonly ok: true; readonly card: TestCard }
  | { readonly ok: false; readonly errors: readonly { field: CardField; message: string }[] };

/**
 * Checks the hosted page's form as a card page does (number, expiry not past, security code,
 * name) and finds the test card. A well-formed number that is no test card is refused on the
 * page, so a typo never succeeds by accident.
 */
export function checkCardForm(input: CardFormInput, now: Date): CardCheck {
  const errors: { field: CardField; message: string }[] = [];
  const number = (input.card_number ?? '').replace(/[\s-]/g, '');
  let card: TestCard | undefined;
  if (!number) errors.push({ field: 'card_number', message: 'Enter a card number' });
  else if (!/^\d{12,19}$/.test(number) || !luhnValid(number))
    errors.push({ field: 'card_number', message: 'Enter a valid card number' });
  else {
    card = byNumber.get(number);
    if (!card)
      errors.push({
        field: 'card_number',
        message: 'This sandbox accepts only its test cards (see the list on this page)',
      });
  }

  const month = (input.expiry_month ?? '').trim();
  const yearText = (input.expiry_year ?? '').trim();
  if (!month || !yearText) errors.push({ field: 'expiry', message: 'Enter the expiry date' });
  else if (!/^\d{1,2}$/.test(month) || !/^(\d{2}|\d{4})$/.test(yearText))
    errors.push({ field: 'expiry', message: 'Enter the expiry date as MM and YY' });
  else {
    const m = Number(month);
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
    if (m < 1 || m > 12) errors.push({ field: 'expiry', message: 'Enter a month from 01 to 12' });
    else if (year * 12 + (m - 1) < thisMonth)
      errors.push({ field: 'expiry', message: 'The card has expired' });
  }

  const cvc = (input.cvc ?? '').trim();
  if (!/^\d{3,4}$/.test(cvc))
    errors.push({ field: 'cvc', message: 'Enter the 3 or 4 digit security code' });

  const name = (input.cardholder_name ?? '').trim();
  if (!name) errors.push({ field: 'cardholder_name', message: 'Enter the name on the card' });
  else if (name.length > 100)
    errors.push({ field: 'cardholder_name', message: 'The name must be 100 characters or fewer' });

  return errors.length === 0 && card ? { ok: true, card } : { ok: false, errors };
}
