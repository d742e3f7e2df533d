/**
 * What the payments service needs from a payment provider, modelled on real ones (GOV.UK Pay,
 * card acquirers): create a payment and hand the payer to the provider's page, learn the result
 * by a signed webhook and by asking again, cancel, refund, and a daily settlement report.
 *
 * Every call carries the platform's own reference (the payment or refund id) as the provider's
 * idempotency key, so a call repeated after a crash never makes a second payment or refund, and
 * `findPayment(reference)` finds what an interrupted call left at the provider.
 */

/** Integer minor units and an ISO 4217 currency; never a float. */
export interface ProviderAmount {
  readonly amountMinor: number;
  readonly currency: string;
}

/** The provider's view of a payment (its states map onto GOV.UK Pay's public ones). */
export type ProviderPaymentStatus =
  | 'created' // made, the payer has not finished the page
  | 'submitted' // the payer submitted the card; the result is pending
  | 'success'
  | 'failed' // declined or abandoned by the payer
  | 'cancelled' // cancelled by the platform
  | 'error'; // the provider failed

export interface ProviderPayment {
  /** The provider's id of the payment. */
  readonly providerRef: string;
  /** The platform's payment id given at creation. */
  readonly reference: string;
  readonly status: ProviderPaymentStatus;
  readonly amount: ProviderAmount;
  /** A stable reason code when failed/error/cancelled (e.g. `card_declined`). */
  readonly code?: string;
  /** The provider's fee in minor units, once known (success). */
  readonly feeMinor?: number;
  /** Where the payer completes the payment while it is unfinished. */
  readonly nextUrl?: string;
}

export type ProviderRefundStatus = 'submitted' | 'success' | 'error';

export interface ProviderRefund {
  readonly refundRef: string;
  /** The platform's refund id given at creation. */
  readonly reference: string;
  readonly providerPaymentRef: string;
  readonly status: ProviderRefundStatus;
  readonly amount: ProviderAmount;
  readonly code?: string;
}

/** A verified webhook: which object changed. The receiver re-reads state if it needs more. */
export type ProviderWebhookEvent =
  | { readonly id: string; readonly kind: 'payment'; readonly payment: ProviderPayment }
  | { readonly id: string; readonly kind: 'refund'; readonly refund: ProviderRefund };

/** Why a webhook was refused (the attempt is recorded; nothing else changes). */
export type WebhookRefusal =
  'signature_missing' | 'signature_invalid' | 'timestamp_stale' | 'malformed';

export class ProviderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}

/**
 * The provider understood the call and refused it (a reference reused with other details, a
 * refund above what is left, an unknown payment, a key it does not accept): asking again
 * will not change the answer. `code` is the provider's own.
 */
export class ProviderRequestRefusedError extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderRequestRefusedError';
  }
}

export interface PaymentProvider {
  /** `sandbox`, ... (stored with each payment). */
  readonly name: string;

  /** Creates the payment at the provider (idempotent by `reference`). */
  createPayment(input: {
    reference: string;
    amount: ProviderAmount;
    description: string;
    /** Where the provider's page sends the payer back: set by the server, never the client. */
    returnUrl: string;
  }): Promise<ProviderPayment & { nextUrl: string }>;

  /** The payment as the provider has it now; `undefined` when it never reached the provider. */
  findPayment(reference: string): Promise<ProviderPayment | undefined>;

  /** Cancels an unfinished payment (a finished one is returned as it is). */
  cancelPayment(providerRef: string): Promise<ProviderPayment>;

  /** Refunds part or all of a successful payment (idempotent by `reference`). */
  refund(input: {
    reference: string;
    providerPaymentRef: string;
    amount: ProviderAmount;
  }): Promise<ProviderRefund>;

  /** The refund as the provider has it now; `undefined` when it never reached the provider. */
  findRefund(reference: string): Promise<ProviderRefund | undefined>;

  /**
   * Checks a webhook's signature over the raw body (HMAC-SHA256 over `timestamp.payload`, every
   * configured secret accepted while one is rotated) and its age (at most 5 minutes), then
   * parses it.
   */
  verifyWebhook(
    rawBody: string,
    headers: Readonly<Record<string, string | undefined>>,
    now: Date,
  ): { ok: true; event: ProviderWebhookEvent } | { ok: false; refusal: WebhookRefusal };

  /** The settlement report of one day (UTC) as the provider's CSV. */
  settlementReport(day: string): Promise<string>;
}
