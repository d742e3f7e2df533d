import type { PaymentRow } from '../store/sandbox.store.js';
import { TEST_CARDS, type CardField, type CardFormInput } from '../payments/test-cards.js';

const escapeHtml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** `1234` GBP → `12.34 GBP` for display only (integer arithmetic; two decimals assumed). */
const displayAmount = (amount: number, currency: string): string =>
  `${Math.trunc(amount / 100)}.${String(amount % 100).padStart(2, '0')} ${currency}`;

const STYLE = `
body{font-family:system-ui,sans-serif;max-width:38rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c}
h1{font-size:1.6rem}label{display:block;font-weight:600;margin-top:1rem}
input{font-size:1.1rem;padding:.3rem;border:2px solid #0b0c0c}input:focus,button:focus{outline:3px solid #fd0}
.error-summary{border:4px solid #d4351c;padding:1rem}.error{color:#d4351c;font-weight:600}
.amount{font-size:1.4rem}button{font-size:1.1rem;margin-top:1.5rem;padding:.5rem 1rem}
.pay{background:#00703c;color:#fff;border:0}.cancel{background:#f3f2f1;border:0}
table{border-collapse:collapse;margin-top:1rem;font-size:.9rem}td{border-bottom:1px solid #b1b4b6;padding:.2rem .5rem}
.sandbox{background:#fff7bf;padding:.5rem;border-left:5px solid #fd0}`;

const layout = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<title>${escapeHtml(title)} – Sandbox payments</title><style>${STYLE}</style></head>` +
  `<body><a href="#main" class="skip">Skip to main content</a><main id="main">${body}</main></body></html>`;

export interface PageErrors {
  readonly errors: readonly { field: CardField; message: string }[];
  readonly values: CardFormInput;
}

/** The card form of a payment waiting for its card, with the errors of a refused attempt. */
export function paymentPage(payment: PaymentRow, action: string, failed?: PageErrors): string {
  const errorOf = (field: CardField) => failed?.errors.find((e) => e.field === field)?.message;
  const value = (name: keyof CardFormInput) =>
    // Never echo the card number or the security code back.
    name === 'card_number' || name === 'cvc' ? '' : escapeHtml(failed?.values[name] ?? '');
  const field = (id: CardField, label: string, inputs: string) => {
    const error = errorOf(id);
    return (
      `<div><label for="${id}">${label}</label>` +
      (error ? `<p class="error" id="${id}-error">${escapeHtml(error)}</p>` : '') +
      inputs +
      `</div>`
    );
  };
  const input = (name: string, id: string, attrs: string, described: CardField) =>
    `<input id="${id}" name="${name}" ${attrs}` +
    (errorOf(described) ? ` aria-describedby="${described}-error" aria-invalid="true"` : '') +
    ` value="${value(name as keyof CardFormInput)}">`;
  const summary = failed
    ? `<div class="error-summary" role="alert" tabindex="-1"><h2>There is a problem</h2><ul>` +
      failed.errors
        .map((e) => `<li><a href="#${e.field}">${escapeHtml(e.message)}</a></li>`)
        .join('') +
      `</ul></div>`
    : '';
  const cards = TEST_CARDS.map(
    (c) => `<tr><td><code>${c.number}</code></td><td>${escapeHtml(c.description)}</td></tr>`,
  ).join('');
  return layout(
    failed ? 'Error: Enter card details' : 'Enter card details',
    `${summary}<p class="sandbox">Sandbox: no real money moves. Use a test card below.</p>` +
      `<h1>Enter card details</h1>` +
      `<p>${escapeHtml(payment.description)}</p>` +
      `<p class="amount">Total amount: <strong>${escapeHtml(displayAmount(payment.amount, payment.currency))}</strong></p>` +
      `<form method="post" action="${escapeHtml(action)}" novalidate>` +
      field(
        'card_number',
        'Card number',
        input(
          'card_number',
          'card_number',
          'inputmode="numeric" autocomplete="cc-number" size="22"',
          'card_number',
        ),
      ) +
      field(
        'expiry',
        'Expiry date (MM YY)',
        input(
          'expiry_month',
          'expiry',
          'inputmode="numeric" autocomplete="cc-exp-month" size="2" aria-label="Month"',
          'expiry',
        ) +
          ' / ' +
          input(
            'expiry_year',
            'expiry_year',
            'inputmode="numeric" autocomplete="cc-exp-year" size="4" aria-label="Year"',
            'expiry',
          ),
      ) +
      field(
        'cvc',
        'Card security code',
        input('cvc', 'cvc', 'inputmode="numeric" autocomplete="cc-csc" size="4"', 'cvc'),
      ) +
      field(
        'cardholder_name',
        'Name on card',
        input(
          'cardholder_name',
          'cardholder_name',
          'autocomplete="cc-name" size="30"',
          'cardholder_name',
        ),
      ) +
      `<button class="pay" type="submit" name="action" value="pay">Pay now</button> ` +
      `<button class="cancel" type="submit" name="action" value="cancel">Cancel payment</button>` +
      `</form><h2>Test cards</h2><p>Any future expiry date, any 3 digits, any name.</p>` +
      `<table>${cards}</table>`,
  );
}

export function notFoundPage(): string {
  return layout('Page not found', `<h1>Page not found</h1><p>This payment link is not valid.</p>`);
}
