import { describe, expect, it } from '@jest/globals';
import { verifyPermitProof } from '#audit-log';
import type { DomainError } from '#contracts';
import { Metrics } from '#platform';
import { InMemoryAuditLog } from '../testing/in-memory-audit-log.js';
import { ProvePermit } from './prove-permit.use-case.js';

const PERMIT = 'BLD-P-2026-000007';

const given = () => {
  const log = new InMemoryAuditLog();
  for (let i = 0; i < 9; i += 1) log.append(`app-${i}`, { i });
  log.append(
    PERMIT,
    { permitNumber: PERMIT, validUntil: '2027-11-01T00:00:00.000Z' },
    { type: 'gov.permits.permit.issued.v1' },
  );
  // Another event about the same subject string that is not of a permit's life.
  log.append(PERMIT, { note: 'x' }, { type: 'gov.permits.application.submitted.v1' });
  for (let i = 0; i < 5; i += 1) log.append(`app-x${i}`, { i });
  const metrics = new Metrics('audit');
  return { log, metrics, prove: new ProvePermit(log.asRepository(), metrics) };
};

const trustedKeysOf = async (log: InMemoryAuditLog) =>
  new Map((await log.publicKeys()).map((k) => [k.keyId, k.publicKey]));

const counted = async (metrics: Metrics) =>
  (await metrics.registry.getMetricsAsJSON())
    .find((m) => m.name === 'civic_audit_permit_proofs_total')
    ?.values.map((v) => [v.labels.outcome, v.value]);

describe('ProvePermit', () => {
  it("answers the permit's entries in the latest signed head, with proofs that verify offline", async () => {
    const { log, prove } = given();
    log.sign();
    log.append(PERMIT, { permitNumber: PERMIT }, { type: 'gov.permits.permit.revoked.v1' });
    const head = log.sign();
    // Recorded after the latest head: not in this proof yet.
    log.append(PERMIT, { permitNumber: PERMIT }, { type: 'gov.permits.permit.expired.v1' });
    const proof = await prove.execute({ permitNumber: PERMIT });
    expect(proof).toMatchObject({
      format: 'civic-permit-proof-v1',
      permitNumber: PERMIT,
      treeHead: head,
      entries: [
        { seq: 9, type: 'gov.permits.permit.issued.v1', subject: PERMIT },
        { seq: 16, type: 'gov.permits.permit.revoked.v1', subject: PERMIT },
      ],
    });
    // The bytes as stored: their leaf hashes are the log's.
    expect(proof.entries.map((e) => e.leafHash)).toEqual(
      [9, 16].map((seq) => log.rows[seq]?.leaf_hash.toString('hex')),
    );
    const result = verifyPermitProof(proof, {
      trustedKeys: await trustedKeysOf(log),
    });
    expect(result).toMatchObject({ ok: true, status: 'revoked', failures: [] });
  });

  it('refuses a number the signed log does not know, and counts every answer in metrics', async () => {
    const { log, prove, metrics } = given();
    // No tree head yet: nothing is proven.
    await expect(prove.execute({ permitNumber: PERMIT })).rejects.toMatchObject({
      code: 'AUDIT.PERMIT_NOT_FOUND',
      details: { permitNumber: PERMIT },
    } satisfies Partial<DomainError>);
    log.sign();
    await expect(prove.execute({ permitNumber: 'BLD-P-2026-999999' })).rejects.toMatchObject({
      code: 'AUDIT.PERMIT_NOT_FOUND',
    });
    await prove.execute({ permitNumber: PERMIT });
    await prove.execute({ permitNumber: PERMIT });
    expect(await counted(metrics)).toEqual(
      expect.arrayContaining([
        ['not_found', 2],
        ['proven', 2],
      ]),
    );
  });
});
