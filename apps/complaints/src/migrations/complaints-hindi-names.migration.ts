import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_DEPARTMENTS, SEED_GROUPS, SEED_SERVICES } from '../catalogue/catalogue-seed.js';

/**
 * Hindi (`hi`) for the seeded catalogue of a database seeded before it had them: the names of
 * the seeded departments, groups and services, the services' descriptions and their
 * attributes' questions. Data only, and only where a text has no Hindi yet (an admin's own
 * text stays); a database seeded since has them from `ComplaintsSeed` already.
 */
export class ComplaintsHindiNames1768000000004 implements MigrationInterface {
  name = 'ComplaintsHindiNames1768000000004';

  async up(q: QueryRunner): Promise<void> {
    const addHindi = async (
      table: string,
      column: string,
      where: string,
      params: string[],
      hi?: string,
    ) => {
      if (!hi) return;
      await q.query(
        `UPDATE ${table} SET ${column} = ${column} || jsonb_build_object('hi', $1::text)
         WHERE ${where} AND NOT ${column} ? 'hi'`,
        [hi, ...params],
      );
    };
    for (const d of SEED_DEPARTMENTS)
      await addHindi('departments', 'names', 'code = $2', [d.code], d.names.hi);
    for (const g of SEED_GROUPS)
      await addHindi('service_groups', 'names', 'code = $2', [g.code], g.names.hi);
    for (const s of SEED_SERVICES) {
      await addHindi('services', 'names', 'code = $2', [s.serviceCode], s.names.hi);
      await addHindi('services', 'descriptions', 'code = $2', [s.serviceCode], s.descriptions.hi);
      for (const a of s.attributes)
        await addHindi(
          'service_attributes',
          'descriptions',
          'service_code = $2 AND code = $3',
          [s.serviceCode, a.code],
          a.description.hi,
        );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of [
      ['departments', 'names'],
      ['service_groups', 'names'],
      ['services', 'names'],
      ['services', 'descriptions'],
      ['service_attributes', 'descriptions'],
    ])
      await q.query(`UPDATE ${table} SET ${column} = ${column} - 'hi'`);
  }
}
