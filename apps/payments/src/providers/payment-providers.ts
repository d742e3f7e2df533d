import { PaymentsErrors } from '#contracts';
import type { PaymentProvider } from './provider.js';

/**
 * The providers this service knows, by name (`sandbox`, ...), and the one new payments go to
 * (PAYMENTS_PROVIDER). A payment keeps the provider it was made with, so webhooks, re-checks
 * and refunds of older payments still reach theirs after the default changes.
 */
export class PaymentProviders {
  private readonly byName: ReadonlyMap<string, PaymentProvider>;

  constructor(
    providers: readonly PaymentProvider[],
    private readonly defaultName: string,
  ) {
    this.byName = new Map(providers.map((p) => [p.name, p]));
  }

  /** The provider of this name; `PAYMENTS.UNKNOWN_PROVIDER` otherwise. */
  get(name: string): PaymentProvider {
    const provider = this.byName.get(name);
    if (!provider) throw PaymentsErrors.unknownProvider(name);
    return provider;
  }

  /** Where new payments go. */
  current(): PaymentProvider {
    return this.get(this.defaultName);
  }
}
