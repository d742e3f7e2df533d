import type { PaymentsConfig } from '../config.js';
import type { PaymentProvider } from './provider.js';

/**
 * The providers this deployment talks to, built from its configuration. The sandbox
 * provider's client (providers/sandbox/) joins here.
 */
export function configuredProviders(_config: PaymentsConfig): PaymentProvider[] {
  return [];
}
