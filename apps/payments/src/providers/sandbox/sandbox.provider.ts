import {
  ProviderRequestRefusedError,
  ProviderUnavailableError,
  type PaymentProvider,
  type ProviderAmount,
  type ProviderPayment,
  type ProviderRefund,
  type ProviderWebhookEvent,
  type WebhookRefusal,
} from '../provider.js';
import { httpCall, type HttpAnswer } from '../http-call.js';
import {
  checkSignature,
  DEFAULT_TOLERANCE_SECONDS,
  headerValue,
  SANDBOX_SIGNATURE_HEADER,
} from './sandbox-signature.js';
import {
  firstResult,
  SandboxWireError,
  toProviderPayment,
  toProviderRefund,
  toWebhookEvent,
} from './sandbox-wire.js';

export interface SandboxProviderOptions {
  /** The sandbox's API, e.g. `http://127.0.0.1:3100`. */
  readonly baseUrl: string;
  /** The bearer key of the sandbox's API (a secret). */
  readonly apiKey: string;
  /** Every secret a webhook may be signed with (two while one is rotated). */
  readonly webhookSecrets: readonly string[];
  /** Deadline of one API call. */
  readonly timeoutMs: number;
  /** How far a webhook's timestamp may be from now (5 minutes). */
  readonly toleranceSeconds?: number;
}

/**
 * The payments service's client of the sandbox provider (apps/payment-sandbox), over real
 * HTTP. A call the sandbox could not answer (unreachable, too slow, 5xx, 429) is a
 * `ProviderUnavailableError`: ask again later, with the same reference. A call it refused
 * (4xx) is a `ProviderRequestRefusedError` with the sandbox's code.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';
  private readonly baseUrl: string;

  constructor(private readonly options: SandboxProviderOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async createPayment(input: {
    reference: string;
    amount: ProviderAmount;
    description: string;
    returnUrl: string;
  }): Promise<ProviderPayment & { nextUrl: string }> {
    const answer = await this.call('POST', '/v1/payments', {
      reference: input.reference,
      amount: input.amount.amountMinor,
      currency: input.amount.currency,
      description: input.description,
      return_url: input.returnUrl,
    });
    const payment = this.read(answer.body, toProviderPayment);
    if (payment.nextUrl === undefined)
      throw new ProviderUnavailableError('the sandbox created a payment without a next_url');
    return { ...payment, nextUrl: payment.nextUrl };
  }

  async findPayment(reference: string): Promise<ProviderPayment | undefined> {
    const answer = await this.call(
      'GET',
      `/v1/payments?reference=${encodeURIComponent(reference)}`,
    );
    return this.read(answer.body, (body) => firstResult(body, toProviderPayment));
  }

  async cancelPayment(providerRef: string): Promise<ProviderPayment> {
    const answer = await this.call(
      'POST',
      `/v1/payments/${encodeURIComponent(providerRef)}/cancel`,
    );
    return this.read(answer.body, toProviderPayment);
  }

  async refund(input: {
    reference: string;
    providerPaymentRef: string;
    amount: ProviderAmount;
  }): Promise<ProviderRefund> {
    const answer = await this.call(
      'POST',
      `/v1/payments/${encodeURIComponent(input.providerPaymentRef)}/refunds`,
      {
        reference: input.reference,
        amount: input.amount.amountMinor,
        currency: input.amount.currency,
      },
    );
    return this.read(answer.body, toProviderRefund);
  }

  async findRefund(reference: string): Promise<ProviderRefund | undefined> {
    const answer = await this.call('GET', `/v1/refunds?reference=${encodeURIComponent(reference)}`);
    return this.read(answer.body, (body) => firstResult(body, toProviderRefund));
  }

  verifyWebhook(
    rawBody: string,
    headers: Readonly<Record<string, string | undefined>>,
    now: Date,
  ): { ok: true; event: ProviderWebhookEvent } | { ok: false; refusal: WebhookRefusal } {
    const checked = checkSignature(
      rawBody,
      headerValue(headers, SANDBOX_SIGNATURE_HEADER),
      this.options.webhookSecrets,
      now,
      this.options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    );
    if (!checked.ok) return checked;
    try {
      return { ok: true, event: toWebhookEvent(rawBody) };
    } catch (error) {
      if (error instanceof SandboxWireError) return { ok: false, refusal: 'malformed' };
      throw error;
    }
  }

  async settlementReport(day: string): Promise<string> {
    const answer = await this.call('GET', `/v1/settlements/${encodeURIComponent(day)}`);
    return answer.text;
  }

  /** One API call; what the sandbox answered, or the error that says what to do next. */
  private async call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown; text: string }> {
    let response: HttpAnswer;
    try {
      response = await httpCall(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          accept: 'application/json, text/csv',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs: this.options.timeoutMs,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new ProviderUnavailableError(
        `the sandbox did not answer ${method} ${path.split('?')[0] ?? ''}: ${
          (error as Error).name === 'TimeoutError'
            ? 'timed out'
            : (cause ?? (error as Error).message)
        }`,
      );
    }
    const text = response.text;
    if (response.status >= 500 || response.status === 429)
      throw new ProviderUnavailableError(
        `the sandbox answered ${response.status} to ${method} ${path.split('?')[0] ?? ''}`,
      );
    const isJson = (response.headers['content-type'] ?? '').includes('application/json');
    let parsed: unknown;
    if (isJson) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ProviderUnavailableError(`the sandbox answered ${method} ${path} with bad JSON`);
      }
    }
    if (response.status >= 400) {
      const error = (parsed ?? {}) as { code?: unknown; description?: unknown };
      throw new ProviderRequestRefusedError(
        typeof error.code === 'string' ? error.code : `http_${response.status}`,
        response.status,
        `the sandbox refused ${method} ${path.split('?')[0] ?? ''}: ${
          typeof error.description === 'string' ? error.description : response.statusText
        }`,
      );
    }
    return { status: response.status, body: parsed, text };
  }

  /** Reads an answer; one the sandbox would never send counts as the sandbox failing. */
  private read<T>(body: unknown, reader: (body: unknown) => T): T {
    try {
      return reader(body);
    } catch (error) {
      if (error instanceof SandboxWireError)
        throw new ProviderUnavailableError(
          `the sandbox answered something unexpected: ${error.message}`,
        );
      throw error;
    }
  }
}
