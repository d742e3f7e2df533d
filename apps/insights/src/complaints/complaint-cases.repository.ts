import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeadlineOutcome } from '../applications/application-case.js';
import type { ComplaintCase } from './complaint-case.js';

interface Row {
  request_id: string;
  service_code: string;
  status: string;
  received_at: Date | null;
  closed_at: Date | null;
  deadline: DeadlineOutcome | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The complaint rows and the feedback sums, written on the event's transaction. */
@Injectable()
export class ComplaintCasesRepository {
  async find(manager: EntityManager, requestId: string): Promise<ComplaintCase | undefined> {
    const rows = await manager.query<Row[]>(
      `SELECT * FROM complaint_cases WHERE request_id = $1 FOR UPDATE`,
      [requestId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      requestId: row.request_id,
      serviceCode: row.service_code,
      status: row.status,
      receivedAt: iso(row.received_at),
      closedAt: iso(row.closed_at),
      deadline: row.deadline,
    };
  }

  async save(manager: EntityManager, c: ComplaintCase): Promise<void> {
    await manager.query(
      `INSERT INTO complaint_cases (request_id, service_code, status, received_at, closed_at, deadline)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (request_id) DO UPDATE SET
         service_code = EXCLUDED.service_code, status = EXCLUDED.status,
         received_at = EXCLUDED.received_at, closed_at = EXCLUDED.closed_at,
         deadline = EXCLUDED.deadline, updated_at = now()`,
      [c.requestId, c.serviceCode, c.status, c.receivedAt, c.closedAt, c.deadline],
    );
  }

  /** Adds one feedback answer to its month's and service's sums. */
  async addFeedback(
    manager: EntityManager,
    month: string,
    serviceCode: string,
    rating: number | undefined,
    recommendScore: number | undefined,
  ): Promise<void> {
    const rated = rating === undefined ? 0 : 1;
    const scored = recommendScore === undefined ? 0 : 1;
    await manager.query(
      `INSERT INTO complaint_feedback_monthly AS f
         (month, service_code, ratings, rating_sum, satisfied, nps_answers, promoters, detractors)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (month, service_code) DO UPDATE SET
         ratings = f.ratings + EXCLUDED.ratings, rating_sum = f.rating_sum + EXCLUDED.rating_sum,
         satisfied = f.satisfied + EXCLUDED.satisfied,
         nps_answers = f.nps_answers + EXCLUDED.nps_answers,
         promoters = f.promoters + EXCLUDED.promoters,
         detractors = f.detractors + EXCLUDED.detractors`,
      [
        month,
        serviceCode,
        rated,
        rating ?? 0,
        rating !== undefined && rating >= 4 ? 1 : 0,
        scored,
        recommendScore !== undefined && recommendScore >= 9 ? 1 : 0,
        recommendScore !== undefined && recommendScore <= 6 ? 1 : 0,
      ],
    );
  }
}
