import { describe, expect, it } from '@jest/globals';
import { createPermitLifeActivities } from './permit-life.activities.js';

// The permit workflow's timers, with and without PERMITS_VALIDITY_DAY_DURATION.
describe('the permit workflow’s timers', () => {
  const deps = (validityDayMs?: number) => ({
    identity: '1@test',
    taskQueue: 'q',
    permits: validityDayMs === undefined ? {} : { validityDayMs },
  });
  const DAY = 86_400_000;

  it('without a scale: until the permit’s own instants, the window N days before expiry', async () => {
    const from = Date.now();
    const timers = await createPermitLifeActivities(deps()).permitLifeTimers({
      validFrom: new Date(from).toISOString(),
      validUntil: new Date(from + 100 * DAY).toISOString(),
      renewalWindowDays: 30,
    });
    expect(timers.renewalOpensAt).toBe(new Date(from + 70 * DAY).toISOString());
    expect(timers.renewalOpensInMs).toBeGreaterThan(70 * DAY - 60_000);
    expect(timers.expiresInMs).toBeGreaterThan(100 * DAY - 60_000);
    expect(timers.expiresInMs).toBeLessThanOrEqual(100 * DAY);
  });

  it('with a scale: each calendar day of validity lasts that long from validFrom; the legal instant stays', async () => {
    const from = Date.now();
    const timers = await createPermitLifeActivities(deps(100)).permitLifeTimers({
      validFrom: new Date(from).toISOString(),
      validUntil: new Date(from + 100 * DAY).toISOString(),
      renewalWindowDays: 30,
    });
    expect(timers.renewalOpensAt).toBe(new Date(from + 70 * DAY).toISOString());
    expect(timers.renewalOpensInMs).toBeLessThanOrEqual(7_000);
    expect(timers.renewalOpensInMs).toBeGreaterThan(6_000);
    expect(timers.expiresInMs).toBeLessThanOrEqual(10_000);
    expect(timers.expiresInMs).toBeGreaterThan(9_000);
  });

  it('a window longer than the validity opens at once', async () => {
    const from = Date.now();
    const timers = await createPermitLifeActivities(deps(100)).permitLifeTimers({
      validFrom: new Date(from).toISOString(),
      validUntil: new Date(from + 10 * DAY).toISOString(),
      renewalWindowDays: 60,
    });
    expect(timers.renewalOpensAt).toBe(new Date(from).toISOString());
    expect(timers.renewalOpensInMs).toBe(0);
  });
});
