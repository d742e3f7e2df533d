import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  SEED_DEPARTMENTS,
  SEED_GROUPS,
  SEED_SERVICES,
  SEED_TEMPLATES,
} from '../catalogue/catalogue-seed.js';
import { CatalogueRepository } from '../catalogue/catalogue.repository.js';
import {
  GAZETTEER_SEED_URL,
  GazetteerRepository,
  readGazetteerCsv,
} from '../gazetteer/gazetteer.repository.js';

/**
 * Seeds the demo city's catalogue (seven services in four groups, five departments), the
 * response templates (en, nl, fr) and the gazetteer (`gazetteer-seed.csv`, 300 addresses).
 * Data, not schema: an admin edits the catalogue afterwards, and a newer gazetteer CSV is
 * imported with `node dist/apps/complaints/src/import-gazetteer.js <file>`.
 */
export class ComplaintsSeed1768000000001 implements MigrationInterface {
  name = 'ComplaintsSeed1768000000001';

  async up(q: QueryRunner): Promise<void> {
    const tx = q.manager;
    const catalogue = new CatalogueRepository();
    for (const d of SEED_DEPARTMENTS) await catalogue.putDepartment(tx, d.code, d.names);
    for (const g of SEED_GROUPS) await catalogue.putGroup(tx, g.code, g.names);
    for (const s of SEED_SERVICES) await catalogue.putService(tx, s);
    for (const t of SEED_TEMPLATES) await catalogue.putTemplate(tx, t);
    await new GazetteerRepository().upsert(tx, await readGazetteerCsv(GAZETTEER_SEED_URL));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['gazetteer', 'response_templates', 'service_attributes', 'services'])
      await q.query(`DELETE FROM ${table}`);
    await q.query('DELETE FROM service_groups');
    await q.query('DELETE FROM departments');
  }
}
