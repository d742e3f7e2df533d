import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { permitsMigrations } from '../migrations/index.js';
import {
  aUser,
  catalogueUseCases,
  type CatalogueUseCases,
} from '../testing/permits-catalogue.medium-fixture.js';
import type { PermitTypeDefinition } from './permit-type.js';
import {
  BUILDING_PERMIT,
  SEED_HOLIDAYS,
  SEED_PERMIT_TYPES,
  TRADE_LICENCE,
} from './seed-catalogue/catalogue-seed.js';

const CREATE = 'permits.permit-type.create';
const UPDATE = 'permits.permit-type.update';

/** A copy of a definition under another code and prefix (each test its own type). */
let n = 0;
const aType = (base: PermitTypeDefinition = BUILDING_PERMIT): PermitTypeDefinition => {
  n += 1;
  const letters = String.fromCharCode(65 + Math.floor(n / 26), 65 + (n % 26));
  const copy = JSON.parse(JSON.stringify(base)) as PermitTypeDefinition;
  return { ...copy, code: `type-${n}`, prefix: `X${letters}` };
};

describe('the permit type catalogue', () => {
  let db: MediumDatabase;
  let uc: CatalogueUseCases;
  const admin = aUser('admin');

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    uc = catalogueUseCases(db);
  });
  afterAll(() => db?.close());

  const eventsOf = async (aggregateId: string) =>
    (await db.outboxRows()).filter((r) => r.aggregateId === aggregateId);

  it('creates a type at version 1 with its event, readable through the repository', async () => {
    const def = aType();
    const view = await uc.createPermitType.execute(CREATE, { definition: def, caller: admin });
    expect(view).toMatchObject({ code: def.code, version: 1, currentVersion: 1, definition: def });
    const repo = uc.repositories.permitTypes;
    expect(await repo.findCurrent(db.manager, def.code)).toEqual({
      code: def.code,
      version: 1,
      definition: def,
    });
    expect(await repo.findVersion(db.manager, def.code, 1)).toEqual({
      code: def.code,
      version: 1,
      definition: def,
    });
    expect(await repo.findVersion(db.manager, def.code, 2)).toBeNull();
    expect(await repo.findCurrent(db.manager, 'no-such-type')).toBeNull();
    const events = await eventsOf(`permit-type/${def.code}`);
    expect(events.map((e) => [e.subject, e.envelope.data])).toEqual([
      [
        'gov.permits.permit-type.published.v1',
        { permitType: def.code, version: 1, change: 'created' },
      ],
    ]);
    expect(events[0]?.envelope.actor).toBe(
      `user:${admin.kind === 'user' ? admin.userId : ''}:admin`,
    );
    expect(
      await db.query('SELECT created_by FROM permit_type_versions WHERE code = $1', [def.code]),
    ).toEqual([{ created_by: `user:${admin.kind === 'user' ? admin.userId : ''}:admin` }]);
  });

  it('publishes a change as the next version; the earlier version stays as it was', async () => {
    const def = aType();
    await uc.createPermitType.execute(CREATE, { definition: def, caller: admin });
    const changed = { ...def, reviewDays: 25, remedy: 'deemed_refused' as const };
    const v2 = await uc.updatePermitType.execute(UPDATE, {
      code: def.code,
      definition: changed,
      caller: admin,
    });
    expect(v2).toMatchObject({ version: 2, currentVersion: 2, definition: changed });
    const v1 = await uc.getPermitType.execute({ code: def.code, version: 1 });
    expect(v1).toMatchObject({ version: 1, currentVersion: 2, definition: def });
    expect(await uc.getPermitType.execute({ code: def.code })).toMatchObject({ version: 2 });
    expect((await uc.listPermitTypes.execute()).items).toContainEqual(
      expect.objectContaining({ code: def.code, version: 2 }),
    );
    // The same definition again is no change: no version, no event.
    const again = await uc.updatePermitType.execute(UPDATE, {
      code: def.code,
      definition: changed,
      caller: admin,
    });
    expect(again.version).toBe(2);
    expect((await eventsOf(`permit-type/${def.code}`)).map((e) => e.envelope.data)).toEqual([
      { permitType: def.code, version: 1, change: 'created' },
      { permitType: def.code, version: 2, change: 'updated' },
    ]);
    await expect(uc.getPermitType.execute({ code: def.code, version: 3 })).rejects.toMatchObject({
      code: 'PERMITS.PERMIT_TYPE_VERSION_NOT_FOUND',
    });
  });

  it('refuses an existing code, an unknown one, a taken prefix and a code unlike the path', async () => {
    const def = aType();
    await uc.createPermitType.execute(CREATE, { definition: def, caller: admin });
    await expect(
      uc.createPermitType.execute(CREATE, { definition: def, caller: admin }),
    ).rejects.toMatchObject({ code: 'PERMITS.PERMIT_TYPE_EXISTS' });
    const unknown = aType();
    await expect(
      uc.updatePermitType.execute(UPDATE, {
        code: unknown.code,
        definition: unknown,
        caller: admin,
      }),
    ).rejects.toMatchObject({ code: 'PERMITS.PERMIT_TYPE_NOT_FOUND' });
    await expect(uc.getPermitType.execute({ code: unknown.code })).rejects.toMatchObject({
      code: 'PERMITS.PERMIT_TYPE_NOT_FOUND',
    });
    await expect(
      uc.createPermitType.execute(CREATE, {
        definition: { ...aType(), prefix: def.prefix },
        caller: admin,
      }),
    ).rejects.toMatchObject({
      code: 'PERMITS.PERMIT_TYPE_PREFIX_TAKEN',
      details: expect.objectContaining({ takenBy: def.code }),
    });
    await expect(
      uc.updatePermitType.execute(UPDATE, {
        code: def.code,
        definition: { ...def, code: 'another' },
        caller: admin,
      }),
    ).rejects.toMatchObject({
      code: 'PERMITS.INVALID_DEFINITION',
      details: { errors: [expect.objectContaining({ field: 'code', code: 'PATH_MISMATCH' })] },
    });
  });

  it('refuses an invalid definition with every field at fault, writing nothing', async () => {
    const def = aType();
    def.fee.perUnit[0]!.quantity = 'volume_m3';
    def.formSchema = { type: 'object', properties: { a: { type: 'nothing' } } };
    const before = (await db.outboxRows()).length;
    await expect(
      uc.createPermitType.execute(CREATE, { definition: def, caller: admin }),
    ).rejects.toMatchObject({
      code: 'PERMITS.INVALID_DEFINITION',
      details: {
        errors: [
          expect.objectContaining({ field: 'formSchema' }),
          expect.objectContaining({ field: 'fee.perUnit.0.quantity' }),
        ],
      },
    });
    expect(await db.query('SELECT 1 FROM permit_types WHERE code = $1', [def.code])).toEqual([]);
    expect((await db.outboxRows()).length).toBe(before);
  });

  it('lets only an admin publish', async () => {
    for (const role of ['clerk', 'supervisor', 'citizen'] as const)
      await expect(
        uc.createPermitType.execute(CREATE, { definition: aType(), caller: aUser(role) }),
      ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
  });

  it('keeps versions append-only: the database refuses UPDATE and DELETE of a version', async () => {
    const def = aType(TRADE_LICENCE);
    await uc.createPermitType.execute(CREATE, { definition: def, caller: admin });
    await expect(
      db.query(
        `UPDATE permit_type_versions SET definition = definition || '{"reviewDays": 1}' WHERE code = $1`,
        [def.code],
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query('DELETE FROM permit_type_versions WHERE code = $1', [def.code]),
    ).rejects.toThrow(/append-only/);
    // The version in force must exist (checked at commit).
    await expect(
      db.query('UPDATE permit_types SET current_version = 9 WHERE code = $1', [def.code]),
    ).rejects.toThrow(/permit_types_current_version_exists/);
  });
});

describe('the seed step', () => {
  let db: MediumDatabase;
  let uc: CatalogueUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    uc = catalogueUseCases(db, { CITY_TIME_ZONE: 'Europe/Vienna' });
  });
  afterAll(() => db?.close());

  const seed = () =>
    uc.seedCatalogue.execute({
      permitTypes: SEED_PERMIT_TYPES,
      calendar: { timeZone: 'Europe/Vienna', weekendDays: [6, 7] },
      holidays: SEED_HOLIDAYS,
    });

  it('fills an empty catalogue and calendar once, and leaves what exists alone', async () => {
    expect(await seed()).toEqual({
      permitTypesCreated: ['building', 'street-event', 'trade-licence'],
      calendarSettingsSet: true,
      holidayYearsSet: [2026, 2027],
    });
    const calendar = await uc.getCalendar.execute();
    expect(calendar).toMatchObject({ version: 3, timeZone: 'Europe/Vienna', weekendDays: [6, 7] });
    expect(calendar.holidays).toHaveLength(20);
    // An admin's change survives the next seed run.
    await uc.updatePermitType.execute(UPDATE, {
      code: 'building',
      definition: { ...BUILDING_PERMIT, reviewDays: 30 },
      caller: aUser('admin'),
    });
    expect(await seed()).toEqual({
      permitTypesCreated: [],
      calendarSettingsSet: false,
      holidayYearsSet: [],
    });
    expect(await uc.getPermitType.execute({ code: 'building' })).toMatchObject({
      version: 2,
      definition: { reviewDays: 30 },
    });
    const subjects = (await db.outboxRows()).map((r) => [r.subject, r.envelope.actor]);
    expect(subjects).toEqual([
      ['gov.permits.permit-type.published.v1', 'system'],
      ['gov.permits.permit-type.published.v1', 'system'],
      ['gov.permits.permit-type.published.v1', 'system'],
      ['gov.permits.calendar.changed.v1', 'system'],
      ['gov.permits.calendar.changed.v1', 'system'],
      ['gov.permits.calendar.changed.v1', 'system'],
      ['gov.permits.permit-type.published.v1', expect.stringMatching(/^user:.*:admin$/)],
    ]);
  });
});
