import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ACCESS_DENIED_V1 } from '#contracts';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { gatewayMigrations } from '../../../migrations/index.js';
import { identityUseCases, type IdentityUseCases } from '../../identity.medium-fixture.js';

// The identity use case that announces something: its event goes through the real outbox.
describe('RecordAccessRefusalUseCase', () => {
  let db: MediumDatabase;
  let identity: IdentityUseCases;

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'gateway', migrations: gatewayMigrations });
    identity = identityUseCases(db);
  });
  afterAll(() => db?.close());

  it('writes one access-denied event to the outbox, with ids and codes only', async () => {
    const userId = randomUUID();
    let committed = 0;
    db.outbox.onCommitted(() => (committed += 1));
    await identity.recordAccessRefusal.execute({
      resource: `POST /api/v1/users/${'x'.repeat(80)}`,
      actor: { userId, role: 'clerk' },
      reasonCode: 'ACCESS.ROLE_NOT_ALLOWED',
      refusedBy: 'gateway',
    });
    const rows = await db.outboxRows();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ subject: ACCESS_DENIED_V1, aggregateSequence: 1 });
    expect(row?.envelope).toMatchObject({
      type: ACCESS_DENIED_V1,
      source: '/gov/gateway',
      subject: row?.aggregateId,
      sequence: 1,
      data: {
        resourceType: 'http-route',
        action: 'call',
        reasonCode: 'ACCESS.ROLE_NOT_ALLOWED',
        refusedBy: 'gateway',
        userId,
      },
    });
    expect((row?.envelope.data as { resourceId: string }).resourceId).toHaveLength(64);
    expect(JSON.stringify(row?.envelope)).not.toMatch(/@|fullName|email/i);
    // The relay is woken once the transaction has committed.
    expect(committed).toBe(1);
  });
});
