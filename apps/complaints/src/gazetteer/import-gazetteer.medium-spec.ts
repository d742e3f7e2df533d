import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { complaintsMigrations } from '../migrations/index.js';
import { GazetteerRepository } from './gazetteer.repository.js';
import { importGazetteer } from './import-gazetteer.js';

const HEADER = 'id,street,house_number,zipcode,lat,long';

describe('gazetteer CSV import (medium, the real schema)', () => {
  let db: MediumDatabase;
  const gazetteer = new GazetteerRepository();

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'complaints', migrations: complaintsMigrations });
  });
  afterAll(() => db?.close());

  const count = async (): Promise<number> =>
    Number(
      (await db.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM gazetteer'))[0]!.n,
    );

  it('upserts by address id in one go: new ones added, known ones replaced, quoted cells read', async () => {
    const before = await count();
    const result = await importGazetteer(
      db.dataSource,
      [
        HEADER,
        'G00001,Veldstraat,1A,9000,51.034500,3.731900',
        'IMP-1,"Rue ""Haute"", aile B",12,9000,51.04,3.72',
        '',
        'IMP-2,Importlaan,5,9000,51.0547,3.7213',
      ].join('\r\n'),
    );
    expect(result).toEqual({ imported: true, added: 2, updated: 1 });
    expect(await count()).toBe(before + 2);
    const replaced = await gazetteer.findById(db.dataSource.manager, 'G00001');
    expect(replaced).toMatchObject({ houseNumber: '1A', lat: 51.0345 });
    expect(await gazetteer.findById(db.dataSource.manager, 'IMP-1')).toMatchObject({
      street: 'Rue "Haute", aile B',
    });
    // Found by its text as a report gives it.
    expect(await gazetteer.match(db.dataSource.manager, 'Importlaan 5, 9000 Gent')).toMatchObject({
      id: 'IMP-2',
    });
  });

  it('names every fault with its line number and imports nothing from a file that has one', async () => {
    const before = await count();
    const result = await importGazetteer(
      db.dataSource,
      [
        HEADER,
        'IMP-3,Kouter,1,9000,51.05,3.72',
        'IMP-4,Kouter,,9000,51.05,3.72',
        'bad id!,Kouter,3,9000,north,3.72',
        'IMP-3,Kouter,4,9000,51.05,3.72',
        'IMP-5,Kouter,5,9000,51.05',
        'IMP-6,"Kouter,6,9000,51.05,3.72',
      ].join('\n'),
    );
    expect(result).toEqual({
      imported: false,
      errors: [
        'line 3: house_number is empty',
        'line 4: id "bad id!" is not 1-64 letters, digits, ".", "_" or "-"; lat "north" is not -90 to 90',
        'line 5: id IMP-3 is on line 2 already',
        'line 6: 5 cells, not 6',
        'line 7: a quoted cell is not closed',
      ],
    });
    expect(await count()).toBe(before);
    expect(await gazetteer.findById(db.dataSource.manager, 'IMP-3')).toBeUndefined();
    expect(await importGazetteer(db.dataSource, 'id,street\nX,Y')).toEqual({
      imported: false,
      errors: [`line 1: the header must be ${HEADER}`],
    });
  });
});
