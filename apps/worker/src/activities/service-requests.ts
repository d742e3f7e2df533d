import { ApplicationFailure } from '@temporalio/activity';
import type { BusinessCalendar } from '#calendar';
import { PERMITS_INTERNAL_CALENDAR_GET } from '#contracts';
import { RemoteServiceError, type ServiceClient } from '#platform';
import type { ActivityDeps } from './activity-deps.js';

/*
 * What the contexts' activity factories share: the NATS client they ask services with, the
 * mapping of a service's refusals to non-retryable failures, and the business calendar cached
 * by version.
 */

/** The worker's NATS client for activities; a worker without one fails the activity. */
export const servicesOf = (deps: ActivityDeps) => (): ServiceClient => {
  if (!deps.services) throw new Error('this worker has no NATS connection for activities');
  return deps.services;
};

/**
 * Runs a service request; a refusal whose code starts with one of `finalPrefixes` is one a retry
 * cannot change: the activity fails at once (non-retryable) and the workflow sees the code.
 */
export const refusalsAreFinal =
  (finalPrefixes: readonly string[]) =>
  async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (
        error instanceof RemoteServiceError &&
        finalPrefixes.some((prefix) => error.code.startsWith(prefix))
      )
        throw ApplicationFailure.nonRetryable(error.message, error.code, error.details);
      throw error;
    }
  };

/**
 * The business calendar as permits serves it (`permits.internal.calendar.get`), asked again at
 * most every `ttlMs`. The same object is kept while the version stands (#calendar compiles it
 * once per object).
 */
export function cachedCalendar(
  services: () => ServiceClient,
  asking: <T>(call: () => Promise<T>) => Promise<T>,
  ttlMs: number,
): () => Promise<BusinessCalendar> {
  let cached: { calendar: BusinessCalendar; at: number } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.calendar;
    const fresh = await asking(() => services().request(PERMITS_INTERNAL_CALENDAR_GET, {}));
    if (!cached || cached.calendar.version !== fresh.version)
      cached = { calendar: fresh, at: Date.now() };
    else cached.at = Date.now();
    return cached.calendar;
  };
}
