import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface DuplicateLink {
  requestId: string;
  originalId: string;
  distanceMetres: number;
  state: 'suggested' | 'confirmed' | 'dismissed';
}

/** Links between a request and the open one it likely repeats. */
@Injectable()
export class DuplicateRepository {
  async suggest(tx: EntityManager, requestId: string, originalId: string, distance: number) {
    await tx.query(
      `INSERT INTO duplicate_links (request_id, original_id, distance_metres, state)
       VALUES ($1, $2, $3, 'suggested') ON CONFLICT DO NOTHING`,
      [requestId, originalId, distance],
    );
  }

  /** Links of a request either way (as the repeat, or as the original). */
  async of(tx: EntityManager, requestId: string): Promise<DuplicateLink[]> {
    return tx.query<DuplicateLink[]>(
      `SELECT request_id AS "requestId", original_id AS "originalId",
              distance_metres AS "distanceMetres", state
       FROM duplicate_links WHERE request_id = $1 OR original_id = $1 ORDER BY distance_metres`,
      [requestId],
    );
  }

  async decide(
    tx: EntityManager,
    link: { requestId: string; originalId: string; distanceMetres: number },
    state: 'confirmed' | 'dismissed',
    by: string,
    at: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO duplicate_links (request_id, original_id, distance_metres, state, decided_by, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (request_id, original_id) DO UPDATE
         SET state = EXCLUDED.state, decided_by = EXCLUDED.decided_by, decided_at = EXCLUDED.decided_at`,
      [link.requestId, link.originalId, link.distanceMetres, state, by, at],
    );
  }

  /** The requests confirmed as repeats of `originalId` (their reporters follow it). */
  async confirmedRepeats(tx: EntityManager, originalId: string): Promise<string[]> {
    const rows = await tx.query<{ request_id: string }[]>(
      `SELECT request_id FROM duplicate_links WHERE original_id = $1 AND state = 'confirmed'`,
      [originalId],
    );
    return rows.map((r) => r.request_id);
  }
}
