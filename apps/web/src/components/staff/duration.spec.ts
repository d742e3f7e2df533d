import { describe, expect, it } from '@jest/globals';
import { durationText } from './duration';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('durationText: how far a due time is, in the largest whole unit', () => {
  it('counts whole days from a day on, whole hours from an hour on, else minutes', () => {
    expect(durationText(2 * DAY + 5 * HOUR, 'en')).toBe('2 days');
    expect(durationText(DAY, 'en')).toBe('1 day');
    expect(durationText(3 * HOUR + 59 * MINUTE, 'en')).toBe('3 hours');
    expect(durationText(42 * MINUTE, 'en')).toBe('42 minutes');
  });

  it('never says zero, and the same for the past (overdue) as for the future', () => {
    expect(durationText(10_000, 'en')).toBe('1 minute');
    expect(durationText(-3 * HOUR, 'en')).toBe('3 hours');
  });

  it("names the unit in the page's language", () => {
    expect(durationText(2 * DAY, 'hi')).toMatch(/[\u0900-\u097F]/);
    expect(durationText(2 * DAY, 'hi')).toContain('2');
  });
});
