import type { PaymentsConfig } from '../../config.js';
import { SandboxProvider } from './sandbox.provider.js';

/**
 * The sandbox provider as the payments service's configuration describes it. In production the
 * key and the webhook secrets must be set (there are no defaults to fall back on); elsewhere
 * an unset one leaves every call refused and every webhook rejected, never accepted.
 */
export function sandboxProviderFromConfig(config: PaymentsConfig): SandboxProvider {
  const secrets = config.PAYMENTS_SANDBOX_WEBHOOK_SECRETS.split(',').filter(Boolean);
  if (
    config.NODE_ENV === 'production' &&
    (!config.PAYMENTS_SANDBOX_API_KEY || secrets.length === 0)
  )
    throw new Error(
      'PAYMENTS_SANDBOX_API_KEY and PAYMENTS_SANDBOX_WEBHOOK_SECRETS must be set in production',
    );
  return new SandboxProvider({
    baseUrl: config.PAYMENTS_SANDBOX_URL,
    apiKey: config.PAYMENTS_SANDBOX_API_KEY,
    webhookSecrets: secrets,
    timeoutMs: config.PAYMENTS_SANDBOX_TIMEOUT_MS,
  });
}
