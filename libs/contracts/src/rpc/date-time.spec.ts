import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { dateTimeMoment, TrailMoment } from './date-time.js';

class Query {
  @TrailMoment()
  at: string;
}

const check = (at: string) => {
  const query = plainToInstance(Query, { at });
  const errors = validateSync(query);
  return { at: query.at, codes: errors.flatMap((e) => Object.keys(e.constraints ?? {})) };
};

describe('RFC 3339 moments of trail queries', () => {
  it('names the moment of a date-time with any offset, down to years below 100', () => {
    expect(dateTimeMoment('2026-11-30T05:41:07.896Z')).toBe(Date.parse('2026-11-30T05:41:07.896Z'));
    expect(dateTimeMoment('0036-03-01T06:20:58.06943+00:26')).toBe(
      Date.parse('0036-03-01T05:54:58.069Z'),
    );
    expect(dateTimeMoment('2026-01-01t00:00:00z')).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('names none for dates that do not exist or are not RFC 3339', () => {
    for (const text of [
      '2021-02-29T00:00:00Z',
      '2020-04-31T00:00:00Z',
      '2020-01-01T24:00:00Z',
      '2020-01-01T00:00:00+24:00',
      '2020-01-01',
      '2020-01-01T00:00:00',
      '2020-W01',
    ])
      expect({ text, moment: dateTimeMoment(text) }).toEqual({ text, moment: undefined });
  });

  it('hands a moment on as UTC milliseconds, within the years the trail holds', () => {
    expect(check('2026-03-01T06:20:58.06943+21:59')).toEqual({
      at: '2026-02-28T08:21:58.069Z',
      codes: [],
    });
    expect(check('0000-01-01T00:00:00Z')).toEqual({ at: '0001-01-01T00:00:00.000Z', codes: [] });
    expect(check('9999-12-31T23:59:59-23:59')).toEqual({
      at: '9999-12-31T23:59:59.999Z',
      codes: [],
    });
  });

  it('refuses what is not a date-time, unchanged, with the stable code', () => {
    expect(check('2021-02-29T00:00:00.000Z')).toEqual({
      at: '2021-02-29T00:00:00.000Z',
      codes: ['isIso8601'],
    });
    expect(check('yesterday')).toEqual({ at: 'yesterday', codes: ['isIso8601'] });
  });
});
