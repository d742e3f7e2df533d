import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { InsightsConfig } from '../config.js';
import { INSIGHTS_CONFIG } from '../insights.tokens.js';

/** One kind of case row: its table and the columns the figures read. */
export interface CaseTable {
  kind: 'applications' | 'complaints';
  table: 'application_cases' | 'complaint_cases';
  category: 'permit_type' | 'service_code';
  /** Submission (applications) or report (complaints). */
  start: 'submitted_at' | 'received_at';
  /** Decision (applications) or close (complaints). */
  end: 'decided_at' | 'closed_at';
}

export const APPLICATIONS: CaseTable = {
  kind: 'applications',
  table: 'application_cases',
  category: 'permit_type',
  start: 'submitted_at',
  end: 'decided_at',
};

export const COMPLAINTS: CaseTable = {
  kind: 'complaints',
  table: 'complaint_cases',
  category: 'service_code',
  start: 'received_at',
  end: 'closed_at',
};

export interface KeyCount {
  key: string;
  count: number;
}
export interface CategoryStatusCount {
  category: string;
  status: string;
  count: number;
}
export interface MonthCounts {
  month: string;
  /** Null for the whole month across categories. */
  category: string | null;
  received: number;
  finished: number;
}
export interface Durations {
  /** Null: every category. */
  category: string | null;
  /** Null: every month (of the case's end). */
  month: string | null;
  cases: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}
export interface Deadlines {
  category: string | null;
  met: number;
  breached: number;
}
export interface FeedbackSums {
  month: string;
  serviceCode: string;
  ratings: number;
  ratingSum: number;
  satisfied: number;
  npsAnswers: number;
  promoters: number;
  detractors: number;
}
export interface PaymentSums {
  month: string;
  currency: string;
  payments: number;
  amountMinor: number;
}

/** The month of a timestamp column in the city's time zone, given as the query's `$1`. */
const month = (column: string) => `to_char(${column} AT TIME ZONE $1::text, 'YYYY-MM')`;
const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The reads of the figures, all from the insights schema: counts, medians and 90th percentiles
 * (PostgreSQL's `percentile_cont`, interpolated) of the case rows, and the monthly sums. The
 * column names come from the fixed `CaseTable`s above, never from a request.
 */
@Injectable()
export class FiguresRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(INSIGHTS_CONFIG) private readonly config: Pick<InsightsConfig, 'CITY_TIME_ZONE'>,
  ) {}

  async countBy(t: CaseTable, column: 'status' | CaseTable['category']): Promise<KeyCount[]> {
    const rows = await this.dataSource.query<{ key: string; n: string }[]>(
      `SELECT ${column} AS key, count(*) AS n FROM ${t.table} GROUP BY 1 ORDER BY 1`,
    );
    return rows.map((r) => ({ key: r.key, count: num(r.n) }));
  }

  async countByCategoryAndStatus(t: CaseTable): Promise<CategoryStatusCount[]> {
    const rows = await this.dataSource.query<{ category: string; status: string; n: string }[]>(
      `SELECT ${t.category} AS category, status, count(*) AS n FROM ${t.table}
       GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    return rows.map((r) => ({ category: r.category, status: r.status, count: num(r.n) }));
  }

  /** Cases started and ended per month, for every category together or each apart. */
  async byMonth(t: CaseTable, perCategory: boolean): Promise<MonthCounts[]> {
    const cat = perCategory ? `${t.category}` : `NULL::text`;
    const rows = await this.dataSource.query<
      { month: string; category: string | null; received: string; finished: string }[]
    >(
      `WITH r AS (SELECT ${month(t.start)} AS m, ${cat} AS c, count(*) AS n FROM ${t.table}
                  WHERE ${t.start} IS NOT NULL GROUP BY 1, 2),
            f AS (SELECT ${month(t.end)} AS m, ${cat} AS c, count(*) AS n FROM ${t.table}
                  WHERE ${t.end} IS NOT NULL GROUP BY 1, 2)
       SELECT coalesce(r.m, f.m) AS month, coalesce(r.c, f.c) AS category,
              coalesce(r.n, 0) AS received, coalesce(f.n, 0) AS finished
       FROM r FULL JOIN f ON r.m = f.m AND r.c IS NOT DISTINCT FROM f.c
       ORDER BY 1, 2`,
      [this.config.CITY_TIME_ZONE],
    );
    return rows.map((r) => ({
      month: r.month,
      category: r.category,
      received: num(r.received),
      finished: num(r.finished),
    }));
  }

  /**
   * Start-to-end times of the finished cases: for every category and each (`perMonth` false),
   * or per month of the end, for every category and each (`perMonth` true).
   */
  async durations(t: CaseTable, perMonth: boolean): Promise<Durations[]> {
    const m = perMonth ? month(t.end) : `NULL::text`;
    const rows = await this.dataSource.query<
      { category: string | null; month: string | null; n: string; med: unknown; p90: unknown }[]
    >(
      `SELECT c AS category, m AS month, count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS med,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90
       FROM (SELECT ${t.category} AS c, ${m} AS m,
                    extract(epoch FROM ${t.end} - ${t.start}) AS s
             FROM ${t.table}
             WHERE ${t.start} IS NOT NULL AND ${t.end} IS NOT NULL AND ${t.end} >= ${t.start}) d
       GROUP BY GROUPING SETS ((m), (c, m))
       ORDER BY m NULLS FIRST, c NULLS FIRST`,
      perMonth ? [this.config.CITY_TIME_ZONE] : [],
    );
    return rows.map((r) => ({
      category: r.category,
      month: r.month,
      cases: num(r.n),
      medianSeconds: numOrNull(r.med),
      p90Seconds: numOrNull(r.p90),
    }));
  }

  async deadlines(t: CaseTable): Promise<Deadlines[]> {
    const rows = await this.dataSource.query<
      { category: string | null; met: string; breached: string }[]
    >(
      `SELECT ${t.category} AS category,
              count(*) FILTER (WHERE deadline = 'met') AS met,
              count(*) FILTER (WHERE deadline = 'breached') AS breached
       FROM ${t.table} WHERE deadline IS NOT NULL
       GROUP BY GROUPING SETS ((), (${t.category}))
       HAVING count(*) > 0
       ORDER BY 1 NULLS FIRST`,
    );
    return rows.map((r) => ({
      category: r.category,
      met: num(r.met),
      breached: num(r.breached),
    }));
  }

  async feedback(): Promise<FeedbackSums[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM complaint_feedback_monthly ORDER BY month, service_code`,
    );
    return rows.map((r) => ({
      month: String(r.month),
      serviceCode: String(r.service_code),
      ratings: num(r.ratings),
      ratingSum: num(r.rating_sum),
      satisfied: num(r.satisfied),
      npsAnswers: num(r.nps_answers),
      promoters: num(r.promoters),
      detractors: num(r.detractors),
    }));
  }

  async payments(): Promise<PaymentSums[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM payments_monthly ORDER BY month, currency`,
    );
    return rows.map((r) => ({
      month: String(r.month),
      currency: String(r.currency),
      payments: num(r.payments),
      amountMinor: num(r.amount_minor),
    }));
  }
}
