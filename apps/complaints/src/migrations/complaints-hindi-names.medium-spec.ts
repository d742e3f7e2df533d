import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { ComplaintsHindiNames1768000000004 } from './complaints-hindi-names.migration.js';
import { complaintsMigrations } from './index.js';

describe('ComplaintsHindiNames (medium, the real schema)', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'complaints', migrations: complaintsMigrations });
  });
  afterAll(() => db?.close());

  const hindi = async (sql: string, params: unknown[] = []): Promise<string | null> =>
    (await db.dataSource.query<{ hi: string | null }[]>(sql, params))[0]?.hi ?? null;

  it('gives a database seeded before Hindi its Hindi texts, and leaves an admin’s own alone', async () => {
    // As seeded before: no Hindi anywhere; and an admin's own Hindi name for the noise service.
    for (const [table, column] of [
      ['departments', 'names'],
      ['service_groups', 'names'],
      ['services', 'names'],
      ['services', 'descriptions'],
      ['service_attributes', 'descriptions'],
    ])
      await db.dataSource.query(`UPDATE ${table} SET ${column} = ${column} - 'hi'`);
    await db.dataSource.query(
      `UPDATE services SET names = names || '{"hi": "शोर की शिकायत"}'::jsonb WHERE code = 'noise'`,
    );

    const runner = db.dataSource.createQueryRunner();
    try {
      await new ComplaintsHindiNames1768000000004().up(runner);
    } finally {
      await runner.release();
    }

    await expect(
      hindi(`SELECT names->>'hi' AS hi FROM services WHERE code = 'pothole'`),
    ).resolves.toBe('सड़क में गड्ढा');
    await expect(
      hindi(`SELECT descriptions->>'hi' AS hi FROM services WHERE code = 'pothole'`),
    ).resolves.toBe('सड़क की सतह में गड्ढा या दरार।');
    await expect(
      hindi(
        `SELECT descriptions->>'hi' AS hi FROM service_attributes
         WHERE service_code = 'pothole' AND code = 'size'`,
      ),
    ).resolves.toBe('यह कितना बड़ा है?');
    await expect(
      hindi(`SELECT names->>'hi' AS hi FROM departments WHERE code = 'roads'`),
    ).resolves.toBe('सड़क और लोक निर्माण');
    await expect(
      hindi(`SELECT names->>'hi' AS hi FROM service_groups WHERE code = 'streets'`),
    ).resolves.toBe('सड़कें और रोशनी');
    // The admin's own text stays; the other languages too.
    await expect(
      hindi(`SELECT names->>'hi' AS hi FROM services WHERE code = 'noise'`),
    ).resolves.toBe('शोर की शिकायत');
    await expect(
      hindi(`SELECT names->>'nl' AS hi FROM services WHERE code = 'pothole'`),
    ).resolves.toBe('Put in de weg');
    // Every seeded service has a Hindi name.
    await expect(
      db.dataSource.query(`SELECT code FROM services WHERE NOT names ? 'hi'`),
    ).resolves.toEqual([]);
  });
});
