import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two searches by place every report makes, as index scans (GiST on the built-in `point`
 * type; no PostGIS): the nearest gazetteer street (its whole table was read for each report)
 * and the likely original among the open requests (every open request of the service in the
 * window was read: under load, each report read all those filed before it). Both look up
 * `point(long, lat) <@ box(...)` around the report.
 */
export class ComplaintsPointIndexes1768000000003 implements MigrationInterface {
  name = 'ComplaintsPointIndexes1768000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX gazetteer_point ON gazetteer USING gist (point(long, lat))`);
    await q.query(`CREATE INDEX requests_open_point ON requests USING gist (point(long, lat))
                     WHERE closed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX requests_open_point`);
    await q.query(`DROP INDEX gazetteer_point`);
  }
}
