import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  COMPLAINTS_INTERNAL_REQUEST_TRANSITION,
  COMPLAINTS_REQUEST_CREATE,
  type CreateComplaintRequest,
} from '#contracts';
import { IdempotentCommands } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { CatalogueRepository } from '../catalogue/catalogue.repository.js';
import { ReadCatalogueUseCase } from '../catalogue/read-catalogue/read-catalogue.use-case.js';
import { DEMO_CITY_BOUNDARY } from '../config.js';
import { DuplicateRepository } from '../duplicates/duplicate.repository.js';
import { GazetteerRepository } from '../gazetteer/gazetteer.repository.js';
import { complaintsMigrations } from '../migrations/index.js';
import { StatsUseCase } from '../stats/stats.use-case.js';
import { RecordTransitionUseCase } from '../workflow/record-transition/record-transition.use-case.js';
import { CreateRequestUseCase } from './create-request/create-request.use-case.js';
import { ReadRequestsUseCase } from './read-requests/read-requests.use-case.js';
import { RequestRepository } from './request.repository.js';

const REPORTER = {
  email: 'jane.reporter@example.org',
  phone: '+32470123456',
  firstName: 'Jane',
  lastName: 'Reporter',
  deviceId: 'device-7f3a9c',
  open311AccountId: 'acct-private-42',
};
const PERSONAL = Object.values(REPORTER);

/** Fails when any of the reporter's personal values appears anywhere in `value`. */
const expectNoPersonalData = (value: unknown): void => {
  const text = JSON.stringify(value);
  for (const p of PERSONAL) expect(text).not.toContain(p);
  expect(text).not.toContain('Veldstraat 3');
};

describe('complaints use cases (medium)', () => {
  let db: MediumDatabase;
  let create: CreateRequestUseCase;
  let reads: ReadRequestsUseCase;
  let transitions: RecordTransitionUseCase;
  let catalogue: ReadCatalogueUseCase;
  let stats: StatsUseCase;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'complaints', migrations: complaintsMigrations });
    const commands = new IdempotentCommands(db.dataSource, db.outbox);
    const catalogueRepo = new CatalogueRepository();
    const requests = new RequestRepository();
    create = new CreateRequestUseCase(
      commands,
      db.outbox,
      catalogueRepo,
      new GazetteerRepository(),
      requests,
      new DuplicateRepository(),
      db.dataSource,
      {
        COMPLAINTS_BOUNDARY: DEMO_CITY_BOUNDARY,
        COMPLAINTS_PUBLIC_COORDINATE_DECIMALS: 3,
        COMPLAINTS_CONTACT_SALT: 'medium-spec-contact-salt',
        COMPLAINTS_MEDIA_BASE_URL: 'https://city.example/media/',
      },
    );
    reads = new ReadRequestsUseCase(db.dataSource, requests, catalogueRepo);
    transitions = new RecordTransitionUseCase(commands, db.outbox, requests, catalogueRepo);
    catalogue = new ReadCatalogueUseCase(db.dataSource, catalogueRepo);
    stats = new StatsUseCase(db.dataSource, { COMPLAINTS_STATS_MIN_COUNT: 5 });
  });
  afterAll(() => db?.close());

  const report = (fields: Partial<CreateComplaintRequest>) =>
    create.execute(COMPLAINTS_REQUEST_CREATE, {
      request: {
        serviceCode: 'pothole',
        channel: 'open311',
        attributes: { size: 'large', lanes: ['road', 'cycle'] },
        ...fields,
      },
      user: undefined,
    });

  it('serves the seeded catalogue: seven services in groups, attributes in order, names per language', async () => {
    const services = await catalogue.list('nl');
    expect(services.map((s) => s.serviceCode).sort()).toEqual(
      ['dumping', 'garbage', 'graffiti', 'noise', 'pothole', 'streetlight', 'water_leak'].sort(),
    );
    expect(services.find((s) => s.serviceCode === 'pothole')).toMatchObject({
      serviceName: 'Put in de weg',
      group: 'Straten en verlichting',
      metadata: true,
    });
    const definition = await catalogue.get('pothole');
    expect(definition.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['size', 'singlevaluelist', true, 1],
      ['lanes', 'multivaluelist', false, 2],
      ['depth_cm', 'number', false, 3],
    ]);
    await expect(catalogue.get('nope')).rejects.toMatchObject({
      code: 'COMPLAINTS.SERVICE_NOT_FOUND',
    });
  });

  it('files a report by address, keeps personal data private, publishes only rounded facts', async () => {
    const created = await report({
      addressString: 'Veldstraat 3, 9000 Gent',
      description: 'Deep hole in front of my house, call me',
      ...REPORTER,
    });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.reporterSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const [view] = await reads.byIds([created.serviceRequestId]);
    expect(view).toMatchObject({
      status: 'open',
      externalStatusCode: 'for_triage',
      address: 'Veldstraat',
      description: null, // not moderated yet
      serviceName: 'Pothole',
    });
    expect(String(view!.lat).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(3);
    expectNoPersonalData(view);
    expectNoPersonalData(await reads.search({}));
    expectNoPersonalData(await reads.updates({}));
    expect(await reads.token(created.token)).toEqual({
      token: created.token,
      serviceRequestId: created.serviceRequestId,
    });
    const events = (await db.outboxRows()).filter(
      (e) => e.aggregateId === created.serviceRequestId,
    );
    expect(events.map((e) => e.subject)).toEqual(['gov.complaints.request.received.v1']);
    expect(events[0]!.envelope.data).toMatchObject({
      serviceCode: 'pothole',
      departmentCode: 'roads',
      channel: 'open311',
      reporterContactHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expectNoPersonalData(events);
    expect(JSON.stringify(events)).not.toContain('Deep hole');
  });

  it('refuses bad input with the field at fault and creates nothing', async () => {
    const before = (await db.outboxRows()).length;
    const cases: [Partial<CreateComplaintRequest>, string][] = [
      [{ serviceCode: 'unknown', lat: 51.05, long: 3.72 }, 'COMPLAINTS.SERVICE_NOT_FOUND'],
      [{}, 'COMPLAINTS.LOCATION_REQUIRED'],
      [{ lat: 48.85, long: 2.35 }, 'COMPLAINTS.OUTSIDE_BOUNDARY'],
      [{ addressString: 'Nowhere Lane 1' }, 'COMPLAINTS.ADDRESS_NOT_FOUND'],
      [{ lat: 51.05, long: 3.72, attributes: {} }, 'COMPLAINTS.ATTRIBUTE_REQUIRED'],
      [{ lat: 51.05, long: 3.72, attributes: { size: 'huge' } }, 'COMPLAINTS.ATTRIBUTE_INVALID'],
      [
        { lat: 51.05, long: 3.72, attributes: { size: 'small', depth_cm: 'deep' } },
        'COMPLAINTS.ATTRIBUTE_INVALID',
      ],
      [
        { lat: 51.05, long: 3.72, description: 'x'.repeat(4001) },
        'COMPLAINTS.DESCRIPTION_TOO_LONG',
      ],
    ];
    await Promise.all(
      cases.map(([fields, code]) => expect(report(fields)).rejects.toMatchObject({ code })),
    );
    expect((await db.outboxRows()).length).toBe(before);
    await expect(reads.token('A'.repeat(32))).rejects.toMatchObject({
      code: 'COMPLAINTS.TOKEN_NOT_FOUND',
    });
    await expect(reads.byIds(['0196a0c5-49a2-741e-aa07-55ec9ed3160e'])).rejects.toMatchObject({
      code: 'COMPLAINTS.REQUEST_NOT_FOUND',
    });
  });

  it('suggests an open report of the same service within its radius as the original', async () => {
    const first = await report({ lat: 51.0601, long: 3.7201 });
    const near = await report({ lat: 51.0611, long: 3.7211 }); // ~130 m
    const far = await report({ lat: 51.0701, long: 3.7401 }); // > 1 km
    const other = await create.execute(COMPLAINTS_REQUEST_CREATE, {
      request: {
        serviceCode: 'noise',
        channel: 'api',
        lat: 51.0602,
        long: 3.7202,
        attributes: { source: 'venue' },
      },
      user: { userId: '0196a0c5-49a2-741e-aa07-55ec9ed31600', role: 'citizen' },
    });
    expect(near.suspectedDuplicateOf).toBe(first.serviceRequestId);
    expect(far.suspectedDuplicateOf).toBeNull();
    expect(other.suspectedDuplicateOf).toBeNull();
  });

  it('records the workflow transitions once each: resolve, close, reopen, with their events', async () => {
    const created = await report({ lat: 51.045, long: 3.71 });
    const id = created.serviceRequestId;
    const step = (seq: number, transition: string, facts: object = {}) =>
      transitions.execute(COMPLAINTS_INTERNAL_REQUEST_TRANSITION, {
        requestId: id,
        seq,
        transition: transition as never,
        facts,
      });
    const expected = new Date(Date.now() + 86_400_000).toISOString();
    await step(1, 'sla-started', { expectedAt: expected });
    await step(2, 'triaged', { status: 'investigating', priority: 'high' });
    await step(3, 'escalated', { stage: 'resolution', resolutionDueAt: expected });
    await step(4, 'resolved', {
      status: 'fixed',
      reopenUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    // A repeat of a recorded seq changes nothing.
    await step(4, 'resolved', { status: 'fixed' });
    expect(await step(5, 'closed')).toMatchObject({ status: 'fixed', open311Status: 'closed' });
    expect((await reads.byIds([id]))[0]).toMatchObject({
      status: 'closed',
      externalStatusCode: 'fixed',
    });
    expect(
      await step(6, 'reopened', { status: 'investigating', reopenedBy: 'feedback' }),
    ).toMatchObject({
      status: 'investigating',
      open311Status: 'open',
    });
    const events = (await db.outboxRows()).filter((e) => e.aggregateId === id);
    expect(events.map((e) => e.subject)).toEqual([
      'gov.complaints.request.received.v1',
      'gov.complaints.request.triaged.v1',
      'gov.complaints.request.escalated.v1',
      'gov.complaints.request.resolved.v1',
      'gov.complaints.request.closed.v1',
      'gov.complaints.request.reopened.v1',
    ]);
    expect(events[5]!.envelope.data).toMatchObject({
      reasonCode: 'feedback_not_fixed',
      reopenCount: 1,
    });
    const updates = await reads.updates({ serviceRequestId: id });
    expect(updates.map((u) => [u.status, u.externalStatusCode])).toEqual([
      ['open', 'for_triage'],
      ['closed', 'fixed'],
      ['open', 'investigating'],
    ]);
  });

  it('publishes stats with small groups suppressed', async () => {
    const result = await stats.execute({});
    expect(result.minimumCount).toBe(5);
    expect(result.rows.every((r) => r.suppressed || r.responses >= 5)).toBe(true);
  });
});
