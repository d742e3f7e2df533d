import { describe, expect, it } from '@jest/globals';
import { monthOf } from './months.js';

describe('monthOf (the month a figure counts an event in)', () => {
  it('is the month in the city, not in UTC', () => {
    expect(monthOf('2026-02-28T23:30:00Z', 'Europe/Berlin')).toBe('2026-03');
    expect(monthOf('2026-02-28T23:30:00Z', 'UTC')).toBe('2026-02');
    expect(monthOf('2026-01-31T20:00:00Z', 'Asia/Kolkata')).toBe('2026-02');
    expect(monthOf('2026-01-01T03:00:00Z', 'America/New_York')).toBe('2025-12');
  });

  it('follows daylight saving time', () => {
    // 31 October 2026, 22:30 UTC: 23:30 in Berlin (CET since 25 October), still October.
    expect(monthOf('2026-10-31T22:30:00Z', 'Europe/Berlin')).toBe('2026-10');
    // 31 July 2026, 22:30 UTC: 00:30 on 1 August in Berlin (CEST).
    expect(monthOf('2026-07-31T22:30:00Z', 'Europe/Berlin')).toBe('2026-08');
  });

  it('refuses a time zone it does not know', () => {
    expect(() => monthOf('2026-01-01T00:00:00Z', 'Mars/Olympus')).toThrow(/not a known time zone/);
  });
});
