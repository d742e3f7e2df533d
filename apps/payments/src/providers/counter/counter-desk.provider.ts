import { COUNTER_METHODS, type CounterMethod } from '#contracts';
import {
  ProviderRequestRefusedError,
  type PaymentProvider,
  type ProviderPayment,
  type ProviderRefund,
  type ProviderWebhookEvent,
  type WebhookRefusal,
} from '../provider.js';

/**
 * The "provider" of counter payments (`cash`, `card-terminal`): the city's own counter, where a
 * cashier records what happened. Nobody is asked anything: it holds no payment or refund to
 * look up (so the sweeps' re-checks pass counter payments and refunds by), makes none, sends
 * no webhook (any that claims to come from it is refused) and has no settlement report.
 */
export class CounterDesk implements PaymentProvider {
  constructor(readonly name: CounterMethod) {}

  private refuse(what: string): never {
    throw new ProviderRequestRefusedError(
      'recorded_at_counter',
      409,
      `${what}: a counter payment is recorded by a cashier within a till session`,
    );
  }

  createPayment(): Promise<ProviderPayment & { nextUrl: string }> {
    return this.refuse('createPayment');
  }

  findPayment(): Promise<ProviderPayment | undefined> {
    return Promise.resolve(undefined);
  }

  cancelPayment(): Promise<ProviderPayment> {
    return this.refuse('cancelPayment');
  }

  refund(): Promise<ProviderRefund> {
    return this.refuse('refund');
  }

  findRefund(): Promise<ProviderRefund | undefined> {
    return Promise.resolve(undefined);
  }

  verifyWebhook():
    { ok: false; refusal: WebhookRefusal } | { ok: true; event: ProviderWebhookEvent } {
    return { ok: false, refusal: 'signature_missing' };
  }

  settlementReport(): Promise<string> {
    return Promise.resolve('');
  }
}

/** The counter's methods, as providers beside the configured ones. */
export const counterDesks = (): CounterDesk[] => COUNTER_METHODS.map((m) => new CounterDesk(m));
