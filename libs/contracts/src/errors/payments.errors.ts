import { DomainError, defineCodes } from './domain-error.js';

/** The payments context's codes (invoices, payments, refunds, receipts, the ledger, webhooks). */
export const PAYMENTS_ERROR_CODES = defineCodes('PAYMENTS', [
  'INVOICE_NOT_FOUND',
  'PAYMENT_NOT_FOUND',
  'REFUND_NOT_FOUND',
  'RECEIPT_NOT_FOUND',
  'INVOICE_NOT_OPEN',
  'INVOICE_PURPOSE_TAKEN',
  'INVOICE_CASE_MISMATCH',
  'PAYMENT_IN_PROGRESS',
  'INVALID_TRANSITION',
  'CURRENCY_NOT_ACCEPTED',
  'AMOUNT_TOO_LARGE',
  'PROVIDER_UNAVAILABLE',
  'UNKNOWN_PROVIDER',
  'WEBHOOK_REFUSED',
  'REFUND_NOT_AVAILABLE',
  'REFUND_AMOUNT_AVAILABLE_MISMATCH',
  'REFUND_EXCEEDS_AVAILABLE',
  // Counter tills, waivers and adjustments, reconciliation.
  'REFUND_NEEDS_TILL_SESSION',
  'REFUND_NOT_AT_COUNTER',
  'REFUND_NOT_AWAITING_PAYOUT',
  'TILL_SESSION_NOT_FOUND',
  'TILL_SESSION_CLOSED',
  'TILL_SESSION_NOT_YOURS',
  'TILL_ALREADY_OPEN',
  'TILL_CASH_INSUFFICIENT',
  'ADJUSTMENT_NOT_FOUND',
  'ADJUSTMENT_NOT_PROPOSED',
  'ADJUSTMENT_PENDING',
  'ADJUSTMENT_TOO_LARGE',
  'SETTLEMENT_REPORT_INVALID',
  'SETTLEMENT_REPORT_NOT_FOUND',
  'DISCREPANCY_NOT_FOUND',
  'DISCREPANCY_RESOLVED',
]);
export type PaymentsErrorCode = (typeof PAYMENTS_ERROR_CODES)[number];

const paymentsError = (
  code: PaymentsErrorCode,
  message: string,
  details?: Record<string, unknown>,
): DomainError<PaymentsErrorCode> => new DomainError(code, message, details);

/**
 * The payments context's refusals (no HTTP here: the gateway's error table gives each code its
 * status). Ownership refusals use the shared `POLICY.*` codes (`enforce` of the policy helper).
 */
export const PaymentsErrors = {
  invoiceNotFound: () => paymentsError('PAYMENTS.INVOICE_NOT_FOUND', 'No such invoice'),
  paymentNotFound: () => paymentsError('PAYMENTS.PAYMENT_NOT_FOUND', 'No such payment'),
  refundNotFound: () => paymentsError('PAYMENTS.REFUND_NOT_FOUND', 'No such refund'),
  receiptNotFound: () => paymentsError('PAYMENTS.RECEIPT_NOT_FOUND', 'No such receipt'),
  invoiceNotOpen: (status: string) =>
    paymentsError('PAYMENTS.INVOICE_NOT_OPEN', `The invoice is ${status}, not open`, { status }),
  invoicePurposeTaken: (invoiceId: string, nextAdjustment: string) =>
    paymentsError(
      'PAYMENTS.INVOICE_PURPOSE_TAKEN',
      'This case already has an invoice for this purpose with other lines',
      {
        invoiceId,
        hint: `issue a changed fee as a further invoice (purpose "${nextAdjustment}", or "fee-adjustment" for the next number), or refund part of the first`,
      },
    ),
  invoiceCaseMismatch: () =>
    paymentsError('PAYMENTS.INVOICE_CASE_MISMATCH', 'The invoice belongs to another case'),
  paymentInProgress: (paymentId: string) =>
    paymentsError(
      'PAYMENTS.PAYMENT_IN_PROGRESS',
      'The invoice has a payment in progress: finish it or wait until it ends',
      { paymentId, hint: `GET /api/v1/payments/${paymentId} gives its nextUrl` },
    ),
  invalidTransition: (from: string, to: string) =>
    paymentsError('PAYMENTS.INVALID_TRANSITION', `A payment cannot go from ${from} to ${to}`, {
      from,
      to,
    }),
  currencyNotAccepted: (currency: string, accepted: string) =>
    paymentsError(
      'PAYMENTS.CURRENCY_NOT_ACCEPTED',
      `The platform takes ${accepted}, not ${currency}`,
      {
        accepted,
        errors: [{ field: 'currency', code: 'CURRENCY', message: `currency must be ${accepted}` }],
      },
    ),
  amountTooLarge: () =>
    paymentsError('PAYMENTS.AMOUNT_TOO_LARGE', 'The total of the lines is too large', {
      errors: [{ field: 'lines', code: 'MAX', message: 'the total is too large' }],
    }),
  providerUnavailable: (retryAfterSeconds: number) =>
    paymentsError(
      'PAYMENTS.PROVIDER_UNAVAILABLE',
      'The payment provider is not answering; the payment is kept and finished when it answers',
      { retryAfterSeconds },
    ),
  unknownProvider: (name: string) =>
    paymentsError('PAYMENTS.UNKNOWN_PROVIDER', `No payment provider is called ${name}`),
  webhookRefused: (refusal: string) =>
    paymentsError('PAYMENTS.WEBHOOK_REFUSED', `The webhook was refused: ${refusal}`, { refusal }),
  refundNotAvailable: (status: string) =>
    paymentsError('PAYMENTS.REFUND_NOT_AVAILABLE', `A ${status} payment cannot be refunded`, {
      status,
    }),
  refundAmountAvailableMismatch: (amountAvailable: number) =>
    paymentsError(
      'PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH',
      'refundAmountAvailable is not what remains refundable: read the payment again',
      {
        amountAvailable,
        hint: `${amountAvailable} remains refundable (the payment's refundSummary.amountAvailable)`,
      },
    ),
  refundExceedsAvailable: (amountAvailable: number) =>
    paymentsError(
      'PAYMENTS.REFUND_EXCEEDS_AVAILABLE',
      'The refund is more than what remains refundable',
      {
        amountAvailable,
        errors: [
          {
            field: 'amount',
            code: 'MAX',
            message: `amount must not exceed ${amountAvailable}, what remains refundable`,
          },
        ],
      },
    ),
  refundNeedsTillSession: () =>
    paymentsError(
      'PAYMENTS.REFUND_NEEDS_TILL_SESSION',
      'A counter payment is refunded at the counter: name the till session that pays it out',
      {
        errors: [
          {
            field: 'tillSessionId',
            code: 'REQUIRED',
            message: 'tillSessionId is required to refund a counter payment',
          },
        ],
      },
    ),
  refundNotAtCounter: () =>
    paymentsError(
      'PAYMENTS.REFUND_NOT_AT_COUNTER',
      'A payment made online is refunded by its provider, not at a till',
      {
        errors: [
          {
            field: 'tillSessionId',
            code: 'NOT_TAKEN',
            message: 'tillSessionId is only for a counter payment',
          },
        ],
      },
    ),
  refundNotAwaitingPayout: (status: string) =>
    paymentsError(
      'PAYMENTS.REFUND_NOT_AWAITING_PAYOUT',
      'Only a submitted refund of a counter payment is paid out at a till',
      { status },
    ),
  tillSessionNotFound: () =>
    paymentsError('PAYMENTS.TILL_SESSION_NOT_FOUND', 'No such till session'),
  tillSessionClosed: () =>
    paymentsError('PAYMENTS.TILL_SESSION_CLOSED', 'The till session is closed'),
  tillSessionNotYours: () =>
    paymentsError(
      'PAYMENTS.TILL_SESSION_NOT_YOURS',
      'A till session is worked by the cashier who opened it',
    ),
  tillAlreadyOpen: (sessionId: string) =>
    paymentsError(
      'PAYMENTS.TILL_ALREADY_OPEN',
      'This till, or this cashier, already has an open session',
      { sessionId, hint: `close till session ${sessionId} first` },
    ),
  tillCashInsufficient: (cashMinor: number) =>
    paymentsError(
      'PAYMENTS.TILL_CASH_INSUFFICIENT',
      'The till does not hold the cash to pay this out',
      { cashMinor, hint: `the till should hold ${cashMinor}` },
    ),
  adjustmentNotFound: () => paymentsError('PAYMENTS.ADJUSTMENT_NOT_FOUND', 'No such adjustment'),
  adjustmentNotProposed: (status: string) =>
    paymentsError(
      'PAYMENTS.ADJUSTMENT_NOT_PROPOSED',
      `The adjustment is ${status}: only a proposed one is decided`,
      { status },
    ),
  adjustmentPending: (adjustmentId: string) =>
    paymentsError(
      'PAYMENTS.ADJUSTMENT_PENDING',
      'The invoice already has an adjustment waiting for a decision',
      { adjustmentId, hint: `decide adjustment ${adjustmentId} first` },
    ),
  adjustmentTooLarge: (outstandingMinor: number) =>
    paymentsError(
      'PAYMENTS.ADJUSTMENT_TOO_LARGE',
      'A reduction leaves something to pay; waive the invoice to take off all of it',
      {
        outstandingMinor,
        errors: [
          {
            field: 'amountMinor',
            code: 'MAX',
            message: `amountMinor must be less than ${outstandingMinor}, what the invoice asks for`,
          },
        ],
      },
    ),
  settlementReportInvalid: (field: 'file' | 'provider' | 'sha256', message: string) =>
    paymentsError('PAYMENTS.SETTLEMENT_REPORT_INVALID', `The settlement report: ${message}`, {
      errors: [{ field, code: 'SETTLEMENT_REPORT', message }],
    }),
  settlementReportNotFound: () =>
    paymentsError('PAYMENTS.SETTLEMENT_REPORT_NOT_FOUND', 'No such settlement report'),
  discrepancyNotFound: () => paymentsError('PAYMENTS.DISCREPANCY_NOT_FOUND', 'No such discrepancy'),
  discrepancyResolved: () =>
    paymentsError('PAYMENTS.DISCREPANCY_RESOLVED', 'The discrepancy is already resolved'),
} as const;
