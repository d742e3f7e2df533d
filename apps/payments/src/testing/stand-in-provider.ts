import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  ProviderUnavailableError,
  type PaymentProvider,
  type ProviderAmount,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type ProviderRefund,
  type ProviderWebhookEvent,
  type WebhookRefusal,
} from '../providers/provider.js';

const SIGNATURE_HEADER = 'stand-in-signature';
const TOLERANCE_SECONDS = 300;

/**
 * A provider held in memory for the medium tier (use cases on their real schema, no process):
 * it keeps payments and refunds by reference as a provider would, makes each once per
 * reference, signs its webhooks with HMAC-SHA256 over `timestamp.payload` and checks them the
 * same way, and can be told to stop answering (`down`). The real provider process, the
 * sandbox, runs in the integration tests.
 */
export class StandInProvider implements PaymentProvider {
  readonly name = 'sandbox';
  /** While true, every call fails as a provider that does not answer. */
  down = false;
  /** Runs when a payment is made, before the answer goes back (news that overtakes it). */
  beforeCreateAnswer: ((reference: string) => Promise<void>) | undefined;
  readonly calls: string[] = [];
  private readonly payments = new Map<string, ProviderPayment>();
  private readonly refunds = new Map<string, ProviderRefund>();
  private counter = 0;

  constructor(private readonly secrets: readonly string[] = ['stand-in-secret-0123456789']) {}

  private answer(call: string): void {
    this.calls.push(call);
    if (this.down) throw new ProviderUnavailableError(`${call}: the provider is not answering`);
  }

  createPayment(input: {
    reference: string;
    amount: ProviderAmount;
    description: string;
    returnUrl: string;
  }): Promise<ProviderPayment & { nextUrl: string }> {
    this.answer('createPayment');
    const existing = this.payments.get(input.reference);
    const payment = existing ?? {
      providerRef: `pr_${(this.counter += 1)}`,
      reference: input.reference,
      status: 'created' as const,
      amount: input.amount,
      nextUrl: `https://stand-in.example/pay/${input.reference}`,
    };
    this.payments.set(input.reference, payment);
    const answer = { ...payment, nextUrl: payment.nextUrl ?? '' };
    const overtaking = this.beforeCreateAnswer?.(input.reference);
    return overtaking ? overtaking.then(() => answer) : Promise.resolve(answer);
  }

  findPayment(reference: string): Promise<ProviderPayment | undefined> {
    this.answer('findPayment');
    return Promise.resolve(this.payments.get(reference));
  }

  cancelPayment(providerRef: string): Promise<ProviderPayment> {
    this.answer('cancelPayment');
    const payment = [...this.payments.values()].find((p) => p.providerRef === providerRef);
    if (!payment) throw new Error(`no payment ${providerRef}`);
    if (['created', 'submitted'].includes(payment.status))
      return Promise.resolve(this.set(payment.reference, 'cancelled', { code: 'cancelled' }));
    return Promise.resolve(payment);
  }

  refund(input: {
    reference: string;
    providerPaymentRef: string;
    amount: ProviderAmount;
  }): Promise<ProviderRefund> {
    this.answer('refund');
    const refund = this.refunds.get(input.reference) ?? {
      refundRef: `rf_${(this.counter += 1)}`,
      reference: input.reference,
      providerPaymentRef: input.providerPaymentRef,
      status: 'submitted' as const,
      amount: input.amount,
    };
    this.refunds.set(input.reference, refund);
    return Promise.resolve(refund);
  }

  findRefund(reference: string): Promise<ProviderRefund | undefined> {
    this.answer('findRefund');
    return Promise.resolve(this.refunds.get(reference));
  }

  settlementReport(): Promise<string> {
    return Promise.resolve('');
  }

  verifyWebhook(
    rawBody: string,
    headers: Readonly<Record<string, string | undefined>>,
    now: Date,
  ): { ok: true; event: ProviderWebhookEvent } | { ok: false; refusal: WebhookRefusal } {
    const header = headers[SIGNATURE_HEADER];
    if (!header) return { ok: false, refusal: 'signature_missing' };
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    if (!match) return { ok: false, refusal: 'malformed' };
    const [, timestamp, signature] = match as unknown as [string, string, string];
    const valid = this.secrets.some((secret) =>
      timingSafeEqual(
        Buffer.from(sign(secret, timestamp, rawBody), 'hex'),
        Buffer.from(signature, 'hex'),
      ),
    );
    if (!valid) return { ok: false, refusal: 'signature_invalid' };
    if (Math.abs(now.getTime() / 1_000 - Number(timestamp)) > TOLERANCE_SECONDS)
      return { ok: false, refusal: 'timestamp_stale' };
    try {
      return { ok: true, event: JSON.parse(rawBody) as ProviderWebhookEvent };
    } catch {
      return { ok: false, refusal: 'malformed' };
    }
  }

  // ---- what the payer and the provider do --------------------------------------------------

  /** The payment moves at the provider (the payer submits the card, the bank answers...). */
  set(
    reference: string,
    status: ProviderPaymentStatus,
    extra: { code?: string; feeMinor?: number } = {},
  ): ProviderPayment {
    const payment = this.payments.get(reference);
    if (!payment) throw new Error(`no payment ${reference} at the provider`);
    const next = { ...payment, status, ...extra };
    this.payments.set(reference, next);
    return next;
  }

  setRefund(reference: string, status: ProviderRefund['status']): ProviderRefund {
    const refund = this.refunds.get(reference);
    if (!refund) throw new Error(`no refund ${reference} at the provider`);
    const next = { ...refund, status };
    this.refunds.set(reference, next);
    return next;
  }

  has(reference: string): boolean {
    return this.payments.has(reference);
  }

  /** A webhook about a payment or refund as the provider would send it, signed at `at`. */
  webhook(
    event: ProviderWebhookEvent,
    options: { at?: Date; secret?: string } = {},
  ): { rawBody: string; headers: Record<string, string> } {
    const rawBody = JSON.stringify(event);
    const timestamp = String(Math.floor((options.at ?? new Date()).getTime() / 1_000));
    const secret = options.secret ?? this.secrets[0] ?? '';
    return {
      rawBody,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: `t=${timestamp},v1=${sign(secret, timestamp, rawBody)}`,
      },
    };
  }
}

const sign = (secret: string, timestamp: string, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
