import { describe, expect, it } from '@jest/globals';
import { allParts, isUniqueViolation, joinParts, readFirst, type SqlPartAt } from './sql-part.js';

const part =
  (name: string, values: unknown[], column = true): SqlPartAt =>
  (first) => ({
    ctes: `${name} AS (SELECT ${values.map((_, i) => `$${first + i}`).join(', ')})`,
    params: values,
    ...(column ? { columns: `(SELECT 1 FROM ${name}) AS ${name}_seen` } : {}),
  });

describe('joinParts', () => {
  it('numbers each part’s parameters on from where the one before it ended', () => {
    const joined = joinParts([part('a', ['x', 'y']), part('b', [3], false), part('c', [true])], 5);
    expect(joined.ctes).toBe('a AS (SELECT $5, $6),\nb AS (SELECT $7),\nc AS (SELECT $8)');
    expect(joined.params).toEqual(['x', 'y', 3, true]);
    expect(joined.columns).toBe('(SELECT 1 FROM a) AS a_seen, (SELECT 1 FROM c) AS c_seen');
  });

  it('gives nothing for no parts', () => {
    expect(joinParts([], 1)).toEqual({ ctes: '', columns: '', params: [] });
  });

  it('tells a unique violation of one constraint from any other failure', () => {
    const refused = { driverError: { code: '23505', constraint: 'one_per_day' } };
    expect(isUniqueViolation(refused, 'one_per_day')).toBe(true);
    expect(isUniqueViolation(refused, 'another')).toBe(false);
    expect(isUniqueViolation({ driverError: { code: '23503' } }, 'one_per_day')).toBe(false);
    expect(isUniqueViolation(new Error('no driver'), 'one_per_day')).toBe(false);
    expect(isUniqueViolation(null, 'one_per_day')).toBe(false);
  });
});

describe('allParts and readFirst', () => {
  const withLast =
    (name: string, values: unknown[], last: string | string[]): SqlPartAt =>
    (first) => ({ ...part(name, values)(first), last });

  it('makes one part of several: parameters numbered on, columns and last CTEs of all', () => {
    const one = allParts(
      withLast('a', ['x'], 'a'),
      part('b', [2, 3], false),
      withLast('c', [true], ['c1', 'c2']),
    )(4);
    expect(one.ctes).toBe('a AS (SELECT $4),\nb AS (SELECT $5, $6),\nc AS (SELECT $7)');
    expect(one.params).toEqual(['x', 2, 3, true]);
    expect(one.columns).toBe('(SELECT 1 FROM a) AS a_seen, (SELECT 1 FROM c) AS c_seen');
    expect(one.last).toEqual(['a', 'c1', 'c2']);
  });

  it('reads every last CTE to its end, in a count the statement uses (else PostgreSQL drops it)', () => {
    expect(readFirst({ ctes: '', params: [], last: ['a', 'b'] })).toBe(
      ' FROM (SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b) AS n) AS written_first WHERE written_first.n >= 0',
    );
    expect(readFirst({ ctes: '', params: [], last: 'outbox_rows' })).toContain(
      '(SELECT count(*) FROM outbox_rows) AS n',
    );
    expect(readFirst({ ctes: '', params: [] })).toBe('');
    expect(readFirst(undefined)).toBe('');
  });
});
