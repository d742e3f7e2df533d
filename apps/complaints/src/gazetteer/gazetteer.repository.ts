import { readFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { candidateKeys, matchKey, parseGazetteerCsv, type GazetteerAddress } from './gazetteer.js';

interface Row {
  id: string;
  street: string;
  house_number: string;
  zipcode: string;
  lat: number;
  long: number;
}

const toAddress = (r: Row): GazetteerAddress => ({
  id: r.id,
  street: r.street,
  houseNumber: r.house_number,
  zipcode: r.zipcode,
  lat: r.lat,
  long: r.long,
});

/** The seed shipped with the service (copied beside the compiled code by the build). */
export const GAZETTEER_SEED_URL = new URL('./gazetteer-seed.csv', import.meta.url);

@Injectable()
export class GazetteerRepository {
  async findById(tx: EntityManager, id: string): Promise<GazetteerAddress | undefined> {
    const rows = await tx.query<Row[]>('SELECT * FROM gazetteer WHERE id = $1', [id]);
    return rows[0] && toAddress(rows[0]);
  }

  async match(tx: EntityManager, addressString: string): Promise<GazetteerAddress | undefined> {
    const rows = await tx.query<Row[]>(
      'SELECT * FROM gazetteer WHERE match_key = ANY($1) ORDER BY id LIMIT 1',
      [candidateKeys(addressString)],
    );
    return rows[0] && toAddress(rows[0]);
  }

  /** Every address, by street and house number (the house number's digits as a number). */
  async all(tx: EntityManager): Promise<GazetteerAddress[]> {
    const rows = await tx.query<Row[]>(
      `SELECT id, street, house_number, zipcode, lat, long FROM gazetteer
       ORDER BY street, NULLIF(regexp_replace(house_number, '\\D', '', 'g'), '')::numeric NULLS LAST,
         house_number, id`,
    );
    return rows.map(toAddress);
  }

  /** How many of these ids the gazetteer holds already. */
  async countKnown(tx: EntityManager, ids: string[]): Promise<number> {
    const rows = await tx.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM gazetteer WHERE id = ANY($1)',
      [ids],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Adds or replaces addresses by id (an import of a newer CSV). Returns how many. */
  async upsert(tx: EntityManager, addresses: GazetteerAddress[]): Promise<number> {
    for (let i = 0; i < addresses.length; i += 500) {
      const chunk = addresses.slice(i, i + 500);
      await tx.query(
        `INSERT INTO gazetteer (id, street, house_number, zipcode, lat, long, match_key)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],
                              $5::float8[], $6::float8[], $7::text[])
         ON CONFLICT (id) DO UPDATE SET street = EXCLUDED.street,
           house_number = EXCLUDED.house_number, zipcode = EXCLUDED.zipcode,
           lat = EXCLUDED.lat, long = EXCLUDED.long, match_key = EXCLUDED.match_key`,
        [
          chunk.map((a) => a.id),
          chunk.map((a) => a.street),
          chunk.map((a) => a.houseNumber),
          chunk.map((a) => a.zipcode),
          chunk.map((a) => a.lat),
          chunk.map((a) => a.long),
          chunk.map((a) => matchKey(a.street, a.houseNumber)),
        ],
      );
    }
    return addresses.length;
  }
}

/** Reads and parses a gazetteer CSV file. */
export async function readGazetteerCsv(path: string | URL): Promise<GazetteerAddress[]> {
  return parseGazetteerCsv(await readFile(path, 'utf8'));
}
