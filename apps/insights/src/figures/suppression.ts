/**
 * Small-count suppression, the rule of every published figure (docs/insights.md):
 *
 * - a count of at least 1 and fewer than the threshold is withheld (null) and its field named in
 *   the row's `suppressed` (a zero names nobody and is shown);
 * - a figure derived from fewer cases or answers than the threshold (a median, a percentile, a
 *   share, a mean, an NPS) is withheld the same way;
 * - within a group of counts that add up to a total someone can get elsewhere (the statuses of
 *   all cases, the types of all cases), one withheld cell could be worked out by subtraction,
 *   so when exactly one is withheld the next smallest is withheld too.
 */
export interface Marked {
  suppressed: string[];
}

/** Whether a count is small enough to withhold. */
export const isSmall = (count: number, threshold: number): boolean =>
  count > 0 && count < threshold;

type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };

/** Withholds each of `fields` (counts) of `row` that is small. */
export function withholdCounts<T extends object, K extends keyof T & string>(
  row: T,
  fields: readonly K[],
  threshold: number,
): Nullable<T, K> & Marked {
  const out = { ...row, suppressed: [...((row as Partial<Marked>).suppressed ?? [])] } as Record<
    string,
    unknown
  > &
    Marked;
  for (const field of fields) {
    const value = out[field];
    if (typeof value === 'number' && isSmall(value, threshold)) {
      out[field] = null;
      out.suppressed.push(field);
    }
  }
  return out as unknown as Nullable<T, K> & Marked;
}

/** Withholds `fields` (figures derived from `basis` cases or answers) when the basis is small. */
export function withholdDerived<T extends object, K extends keyof T & string>(
  row: T,
  fields: readonly K[],
  basis: number,
  threshold: number,
): Nullable<T, K> & Marked {
  const out = { ...row, suppressed: [...((row as Partial<Marked>).suppressed ?? [])] } as Record<
    string,
    unknown
  > &
    Marked;
  if (isSmall(basis, threshold))
    for (const field of fields) {
      if (out[field] === null || out[field] === undefined) continue;
      out[field] = null;
      out.suppressed.push(field);
    }
  return out as unknown as Nullable<T, K> & Marked;
}

/**
 * Secondary suppression of one group: `rows` already passed `withholdCounts` on `field`, whose
 * original counts are `counts` (same order). When exactly one cell is withheld, the smallest
 * other non-zero cell is withheld as well, so no cell can be found from the group's total.
 */
export function withholdComplement<T extends Marked>(
  rows: T[],
  counts: readonly number[],
  field: keyof T & string,
): T[] {
  const withheld = rows.filter((r) => r.suppressed.includes(field)).length;
  if (withheld !== 1) return rows;
  let pick = -1;
  rows.forEach((r, i) => {
    const count = counts[i] ?? 0;
    if (r.suppressed.includes(field) || count === 0) return;
    if (pick === -1 || count < (counts[pick] ?? 0)) pick = i;
  });
  if (pick === -1) return rows;
  return rows.map((r, i) =>
    i === pick ? { ...r, [field]: null, suppressed: [...r.suppressed, field] } : r,
  );
}

/** Rounds to `places` decimals. */
export const round = (value: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

/** Net Promoter Score of answers 0–10: % of 9–10 minus % of 0–6 (null without answers). */
export const netPromoterScore = (answers: number, promoters: number, detractors: number) =>
  answers === 0 ? null : round(((promoters - detractors) / answers) * 100, 1);
