/**
 * `npm run gazetteer:import -- <file.csv>`: imports a gazetteer CSV
 * (`id,street,house_number,zipcode,lat,long`) into the complaints schema of DATABASE_URL,
 * upserting by address id in one transaction. Every row is checked first; a file with a fault
 * anywhere writes nothing, and each fault is printed with its line number (exit code 1).
 */
import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { SERVICES } from '#contracts';
import { loadConfig, serviceDataSourceOptions } from '#platform';
import { ComplaintsConfig } from '../config.js';
import { importGazetteer } from '../gazetteer/import-gazetteer.js';

async function main(): Promise<void> {
  const [file, ...rest] = process.argv.slice(2);
  if (!file || rest.length > 0) throw new Error('usage: npm run gazetteer:import -- <file.csv>');
  const csv = await readFile(file, 'utf8');
  const config = loadConfig('complaints', ComplaintsConfig);
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: config.DATABASE_URL,
      schema: SERVICES.complaints.schema as string,
      applicationName: 'complaints-gazetteer-import',
      poolSize: 1,
    }),
  );
  await dataSource.initialize();
  try {
    const result = await importGazetteer(dataSource, csv);
    if (!result.imported) {
      for (const error of result.errors) process.stderr.write(`✖ ${file}: ${error}\n`);
      process.stderr.write(`nothing imported (${result.errors.length} faults)\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `imported ${result.added + result.updated} addresses from ${file}: ${result.added} new, ${result.updated} replaced\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`✖ ${(error as Error).message}\n`);
  process.exitCode = 1;
});
