import { describe, expect, it } from '@jest/globals';
import { fiscalYearOf, receiptNumber } from './receipt.js';

describe('receipt numbers', () => {
  it('are R-<fiscal year>-<six digits at least>', () => {
    expect(receiptNumber(2026, 1)).toBe('R-2026-000001');
    expect(receiptNumber(2026, 1_234_567)).toBe('R-2026-1234567');
  });

  it('take the calendar year when the fiscal year starts in January', () => {
    expect(fiscalYearOf(new Date('2026-12-31T22:59:59Z'), 'UTC', 1)).toBe(2026);
    expect(fiscalYearOf(new Date('2027-01-01T00:00:00Z'), 'UTC', 1)).toBe(2027);
  });

  it("count the year in the city's time zone", () => {
    // 23:30 UTC on 31 December is already 1 January in Brussels.
    expect(fiscalYearOf(new Date('2026-12-31T23:30:00Z'), 'Europe/Brussels', 1)).toBe(2027);
    expect(fiscalYearOf(new Date('2026-12-31T23:30:00Z'), 'UTC', 1)).toBe(2026);
  });

  it('name a fiscal year that starts in April by the year it starts in', () => {
    expect(fiscalYearOf(new Date('2026-03-31T12:00:00Z'), 'UTC', 4)).toBe(2025);
    expect(fiscalYearOf(new Date('2026-04-01T12:00:00Z'), 'UTC', 4)).toBe(2026);
  });
});
