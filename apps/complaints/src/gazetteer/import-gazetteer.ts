import type { DataSource } from 'typeorm';
import { checkGazetteerCsv } from './gazetteer.js';
import { GazetteerRepository } from './gazetteer.repository.js';

export type GazetteerImport =
  { imported: true; added: number; updated: number } | { imported: false; errors: string[] };

/**
 * `npm run gazetteer:import -- <file.csv>`: every row of the CSV checked first (all faults
 * named with their line numbers, and then nothing is written), then all of them upserted by
 * address id in one transaction (an address already known is replaced; none is deleted).
 */
export async function importGazetteer(
  dataSource: DataSource,
  csv: string,
): Promise<GazetteerImport> {
  const { addresses, errors } = checkGazetteerCsv(csv);
  if (errors.length > 0) return { imported: false, errors };
  if (addresses.length === 0)
    return { imported: false, errors: ['the file has a header but no address'] };
  const gazetteer = new GazetteerRepository();
  return dataSource.transaction(async (tx) => {
    const known = await gazetteer.countKnown(
      tx,
      addresses.map((a) => a.id),
    );
    await gazetteer.upsert(tx, addresses);
    return { imported: true, added: addresses.length - known, updated: known };
  });
}
