import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ComplaintStats, ComplaintStatsRequest } from '#contracts';
import { COMPLAINTS_CONFIG } from '../complaints.tokens.js';
import type { ComplaintsConfig } from '../config.js';

interface Row {
  month: string;
  service_code: string;
  department_code: string;
  responses: string;
  fixed: string;
  rated: string;
  rating_sum: string | null;
  scored: string;
  promoters: string;
  detractors: string;
}

/**
 * Satisfaction and NPS per service, department and month (`GET /api/v1/complaints/stats`,
 * public): counts and figures only, from the feedback table; a row with fewer answers than
 * COMPLAINTS_STATS_MIN_COUNT is suppressed (its figures withheld), so nobody's answer can be
 * read off a small group.
 */
@Injectable()
export class StatsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(COMPLAINTS_CONFIG)
    private readonly config: Pick<ComplaintsConfig, 'COMPLAINTS_STATS_MIN_COUNT'>,
  ) {}

  async execute(q: ComplaintStatsRequest): Promise<ComplaintStats> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
              service_code, department_code, count(*) AS responses,
              count(*) FILTER (WHERE fixed) AS fixed,
              count(rating) AS rated, sum(rating) AS rating_sum,
              count(recommend_score) AS scored,
              count(*) FILTER (WHERE recommend_score >= 9) AS promoters,
              count(*) FILTER (WHERE recommend_score <= 6) AS detractors
       FROM feedback
       WHERE ($1::text IS NULL OR to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') >= $1)
         AND ($2::text IS NULL OR to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') <= $2)
         AND ($3::text IS NULL OR service_code = $3)
         AND ($4::text IS NULL OR department_code = $4)
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [q.from ?? null, q.to ?? null, q.serviceCode ?? null, q.departmentCode ?? null],
    );
    const min = this.config.COMPLAINTS_STATS_MIN_COUNT;
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      minimumCount: min,
      rows: rows.map((r) => {
        const responses = Number(r.responses);
        const suppressed = responses < min;
        const rated = Number(r.rated);
        const scored = Number(r.scored);
        return {
          month: r.month,
          serviceCode: r.service_code,
          departmentCode: r.department_code,
          responses: suppressed ? 0 : responses,
          fixedRate: suppressed ? null : round(Number(r.fixed) / responses),
          satisfaction: suppressed || rated === 0 ? null : round(Number(r.rating_sum) / rated),
          nps:
            suppressed || scored === 0
              ? null
              : round(((Number(r.promoters) - Number(r.detractors)) / scored) * 100),
          suppressed,
        };
      }),
    };
  }
}
