import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type RequestActor } from '#contracts';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { permitsMigrations } from '../../migrations/index.js';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { TRADE_LICENCE } from '../../permit-types/seed-catalogue/catalogue-seed.js';
import { aCitizen, aStaff } from '../../testing/applications.medium-fixture.js';
import { qrCodesInPdf } from '../../testing/pdf-qr.medium-fixture.js';
import { catalogueUseCases } from '../../testing/permits-catalogue.medium-fixture.js';
import { CertificateRepository } from '../certificate.repository.js';
import { RenderCertificateUseCase } from './render-certificate.use-case.js';

const BASE = 'https://permits.city.example/civic';

describe('RenderCertificateUseCase', () => {
  let db: MediumDatabase;
  let render: RenderCertificateUseCase;
  let counter = 0;

  /** An issued trade licence of `holder`, inserted as the issuing step leaves it. */
  async function aPermit(
    holder: RequestActor,
    permit: { status?: string; validUntil?: string; revokedAt?: string } = {},
  ): Promise<string> {
    counter += 1;
    const applicationId = randomUUID();
    const permitNumber = `TL-P-2026-${String(counter).padStart(6, '0')}`;
    await db.query(
      `INSERT INTO applications (id, case_number, applicant_id, permit_type, type_version, status,
                                 step, title, site_address, details, submitted_at, closed_at)
       VALUES ($1, $2, $3, 'trade-licence', 1, 'issued', 'closed', 'Café Rosa',
               'Hauptstraße 12', '{"business_name": "Café Rosa"}', now(), now())`,
      [applicationId, `TL-2026-${String(counter).padStart(6, '0')}`, holder.userId],
    );
    await db.query(
      `INSERT INTO permits (permit_number, application_id, permit_type, type_version, holder_id,
                            holder_hash, holder_display_name, status, valid_from, valid_until,
                            issued_at, revoked_at, revoke_reason)
       VALUES ($1, $2, 'trade-licence', 1, $3, $4, 'Café Rosa', $5, '2026-01-10T09:00:00Z', $6,
               '2026-01-10T09:00:00Z', $7, $8)`,
      [
        permitNumber,
        applicationId,
        holder.userId,
        'a'.repeat(64),
        permit.status ?? 'valid',
        permit.validUntil ?? '2099-01-10T09:00:00Z',
        permit.revokedAt ?? null,
        permit.revokedAt ? 'fraud' : null,
      ],
    );
    return permitNumber;
  }

  const pdfOf = (reply: { contentBase64: string }) => Buffer.from(reply.contentBase64, 'base64');

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'permits', migrations: permitsMigrations });
    await catalogueUseCases(db).createPermitType.execute('seed', {
      definition: TRADE_LICENCE,
      caller: SYSTEM_ACTOR,
    });
    render = new RenderCertificateUseCase(
      db.dataSource,
      new CertificateRepository(),
      new PermitTypeRepository(),
      { PUBLIC_BASE_URL: `${BASE}/` },
    );
  });
  afterAll(() => db?.close());

  it('gives the holder and staff the PDF, its QR code opening the public verification', async () => {
    const holder = aCitizen();
    const permitNumber = await aPermit(holder);
    const reply = await render.execute({ permitNumber, user: holder });
    expect(reply.permitNumber).toBe(permitNumber);
    const pdf = pdfOf(reply);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(qrCodesInPdf(pdf)).toEqual([`${BASE}/api/v1/permits/${permitNumber}`]);
    expect(pdf.toString('latin1')).toContain('Permit certificate \\(valid\\)');
    for (const role of ['clerk', 'supervisor', 'inspector', 'auditor'] as const)
      expect((await render.execute({ permitNumber, user: aStaff(role) })).contentBase64).toBe(
        reply.contentBase64,
      );
  });

  it('refuses other citizens and unknown numbers', async () => {
    const permitNumber = await aPermit(aCitizen());
    await expect(render.execute({ permitNumber, user: aCitizen() })).rejects.toMatchObject({
      code: 'POLICY.NOT_OWNER',
    });
    await expect(render.execute({ permitNumber, user: aStaff('cashier') })).rejects.toMatchObject({
      code: 'POLICY.NOT_OWNER',
    });
    await expect(
      render.execute({ permitNumber: 'TL-P-2026-999999', user: aStaff('clerk') }),
    ).rejects.toMatchObject({ code: 'PERMITS.PERMIT_NOT_FOUND' });
  });

  it('still renders a revoked or expired permit, marked so', async () => {
    const holder = aCitizen();
    const revoked = await aPermit(holder, {
      status: 'revoked',
      revokedAt: '2026-02-01T08:00:00Z',
    });
    const lapsed = await aPermit(holder, { validUntil: '2026-01-20T09:00:00Z' });
    const revokedPdf = pdfOf(await render.execute({ permitNumber: revoked, user: holder }));
    const expiredPdf = pdfOf(await render.execute({ permitNumber: lapsed, user: holder }));
    expect(revokedPdf.toString('latin1')).toContain('Permit certificate \\(revoked\\)');
    expect(expiredPdf.toString('latin1')).toContain('Permit certificate \\(expired\\)');
    expect(qrCodesInPdf(expiredPdf)).toEqual([`${BASE}/api/v1/permits/${lapsed}`]);
  });
});
