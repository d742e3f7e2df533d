import type { PaymentsConfig } from '../config.js';
import type { PaymentProvider } from './provider.js';
import { sandboxProviderFromConfig } from './sandbox/index.js';

/**
 * The providers this deployment talks to, built from its configuration. A real provider's
 * client joins the sandbox's here, behind the same interface.
 */
export function configuredProviders(config: PaymentsConfig): PaymentProvider[] {
  return [sandboxProviderFromConfig(config)];
}
