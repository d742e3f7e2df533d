import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PAYMENTS_REFUND_CREATE, type PaymentView } from '#contracts';
import { newId } from '#platform';
import { mediumDatabase, type MediumDatabase } from '#testing';
import { paymentsMigrations } from '../migrations/index.js';
import { SANDBOX_SETTLEMENT_HEADER } from '../providers/sandbox/sandbox-settlement.js';
import {
  aSucceededPayment,
  operationsUseCases,
  subjectsOf,
  type OperationsUseCases,
} from '../testing/payments-operations.medium-fixture.js';
import { aUser } from '../testing/payments.medium-fixture.js';

describe('reconciliation: a settlement report matched against the ledger', () => {
  let db: MediumDatabase;
  let uc: OperationsUseCases;
  const cashier = aUser('cashier');
  const auditor = aUser('auditor');

  beforeAll(async () => {
    db = await mediumDatabase({ service: 'payments', migrations: paymentsMigrations });
    uc = operationsUseCases(db);
  });
  afterAll(() => db?.close());

  const now = new Date().toISOString();
  const paymentLine = (p: PaymentView, gross = p.amount.amountMinor, fee = 250) =>
    `payment,${p.providerRef},${p.id},${p.providerRef},${now},EUR,${gross},${fee},${gross - fee}`;
  const csv = (...lines: string[]) => [SANDBOX_SETTLEMENT_HEADER, ...lines, ''].join('\r\n');

  const importing = async (text: string, provider = 'sandbox') =>
    uc.importReport.execute({
      ...(await uc.upload(text)),
      fileName: 'settlement-today.csv',
      provider,
      user: cashier,
    });

  it('matches lines by provider reference and lists what disagrees: amount, fee, missing on either side', async () => {
    const payer = aUser();
    const matched = (await aSucceededPayment(uc, db, payer)).payment;
    const short = (await aSucceededPayment(uc, db, payer)).payment;
    const feeDiffers = (await aSucceededPayment(uc, db, payer)).payment;
    const missing = await aSucceededPayment(uc, db, payer);
    const refunded = (await aSucceededPayment(uc, db, payer)).payment;
    const refund = await uc.createRefund.execute(PAYMENTS_REFUND_CREATE, {
      paymentId: refunded.id,
      amount: 2_500,
      refundAmountAvailable: 12_500,
      reasonCode: 'overcharged',
      caller: { kind: 'user', userId: cashier.userId, role: 'cashier' },
    });
    const done = uc.provider.setRefund(refund.id, 'success');
    await db.outbox.transaction(db.manager, (tx) => uc.outcomes.recordRefund(tx, done));
    const unknown = newId();
    const text = csv(
      paymentLine(matched),
      paymentLine(short, 12_000),
      paymentLine(feeDiffers, 12_500, 300),
      paymentLine(refunded),
      `refund,${done.refundRef},${refund.id},${refunded.providerRef},${now},EUR,-2500,0,-2500`,
      `payment,pr_unknown,${unknown},pr_unknown,${now},EUR,4000,100,3900`,
    );
    const report = await importing(text);
    expect(report).toMatchObject({
      provider: 'sandbox',
      fileName: 'settlement-today.csv',
      lineCount: 6,
      matchedCount: 3,
      days: [now.slice(0, 10)],
    });
    const found = await uc.listDiscrepancies.execute({
      reportId: report.reportId,
      limit: 100,
      user: auditor,
    });
    const byReference = new Map(found.items.map((d) => [`${d.kind}:${d.reference}`, d]));
    expect(byReference.get(`amount_mismatch:${short.id}`)).toMatchObject({
      expectedMinor: 12_500,
      reportedMinor: 12_000,
      paymentId: short.id,
      invoiceId: short.invoiceId,
      status: 'open',
    });
    expect(byReference.get(`fee:${feeDiffers.id}`)).toMatchObject({
      expectedMinor: 250,
      reportedMinor: 300,
    });
    expect(byReference.get(`missing_here:${unknown}`)).toMatchObject({
      expectedMinor: null,
      reportedMinor: 4_000,
      paymentId: null,
    });
    expect(byReference.get(`missing_at_provider:${missing.payment.id}`)).toMatchObject({
      expectedMinor: 12_500,
      reportedMinor: null,
      invoiceId: missing.invoice.id,
    });
    expect(report.discrepancyCount).toBe(found.items.length);
    expect(
      found.items.filter((d) => [matched.id, refunded.id, refund.id].includes(d.reference)),
    ).toEqual([]);
    expect(await subjectsOf(db, report.reportId)).toEqual([
      'gov.payments.settlement.imported.v1',
      ...found.items.map(() => 'gov.payments.discrepancy.found.v1'),
    ]);
    const missingEvent = (await db.outboxRows()).find(
      (r) =>
        r.subject === 'gov.payments.discrepancy.found.v1' &&
        (r.envelope.data as { reference: string }).reference === missing.payment.id,
    );
    expect(missingEvent?.envelope.data).toMatchObject({
      kind: 'missing_at_provider',
      caseContext: missing.invoice.caseRef.context,
      caseId: missing.invoice.caseRef.id,
      invoiceId: missing.invoice.id,
    });

    // The same file again is the same import: nothing new.
    const events = (await db.outboxRows()).length;
    expect(await importing(text)).toEqual(report);
    expect((await db.outboxRows()).length).toBe(events);

    // A cashier resolves one with a note; once.
    const discrepancy = byReference.get(`fee:${feeDiffers.id}`);
    const resolved = await uc.resolveDiscrepancy.execute({
      discrepancyId: discrepancy?.id ?? '',
      note: 'The provider charged the card surcharge; agreed with them.',
      user: cashier,
    });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: cashier.userId });
    expect(await uc.getDiscrepancy.execute({ discrepancyId: resolved.id, user: auditor })).toEqual(
      resolved,
    );
    await expect(
      uc.resolveDiscrepancy.execute({ discrepancyId: resolved.id, note: 'again', user: cashier }),
    ).rejects.toMatchObject({ code: 'PAYMENTS.DISCREPANCY_RESOLVED' });
    await expect(
      uc.resolveDiscrepancy.execute({ discrepancyId: resolved.id, note: 'x', user: auditor }),
    ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
    const resolvedEvent = (await db.outboxRows()).find(
      (r) => r.subject === 'gov.payments.discrepancy.resolved.v1',
    );
    expect(resolvedEvent?.envelope.data).not.toHaveProperty('note');
    const open = await uc.listDiscrepancies.execute({
      reportId: report.reportId,
      status: 'open',
      limit: 100,
      user: auditor,
    });
    expect(open.items).toHaveLength(found.items.length - 1);

    // A later report of the day that names the missing payment matches it.
    const later = await importing(csv(paymentLine(missing.payment)));
    expect(later).toMatchObject({ lineCount: 1, matchedCount: 1 });
    const laterFound = await uc.listDiscrepancies.execute({
      reportId: later.reportId,
      limit: 100,
      user: auditor,
    });
    // What an earlier report named (matched or not) is not missing at the provider either.
    expect(laterFound.items).toEqual([]);
    const reports = await uc.listReports.execute({ limit: 1, user: auditor });
    expect(reports.items[0]?.reportId).toBe(later.reportId);
  });

  it('refuses a file that is not the provider’s report, a provider without one, a file not as stored', async () => {
    const upload = await uc.upload('not,a,settlement,report\n');
    await expect(
      uc.importReport.execute({ ...upload, fileName: 'x.csv', provider: 'sandbox', user: cashier }),
    ).rejects.toMatchObject({
      code: 'PAYMENTS.SETTLEMENT_REPORT_INVALID',
      details: { errors: [{ field: 'file' }] },
    });
    await expect(
      uc.importReport.execute({
        ...(await uc.upload(csv('payment,a,b,c,2026-01-01T00:00:00Z,EUR,10,1,8'))),
        fileName: 'x.csv',
        provider: 'sandbox',
        user: cashier,
      }),
    ).rejects.toMatchObject({
      code: 'PAYMENTS.SETTLEMENT_REPORT_INVALID',
      message: expect.stringMatching(/line 2/),
    });
    await expect(
      uc.importReport.execute({
        ...upload,
        fileName: 'x.csv',
        provider: 'elsewhere',
        user: cashier,
      }),
    ).rejects.toMatchObject({ details: { errors: [{ field: 'provider' }] } });
    await expect(
      uc.importReport.execute({
        ...upload,
        sha256: '0'.repeat(64),
        fileName: 'x.csv',
        provider: 'sandbox',
        user: cashier,
      }),
    ).rejects.toMatchObject({ details: { errors: [{ field: 'sha256' }] } });
    await expect(
      uc.importReport.execute({
        ...upload,
        fileKey: `reconciliation/reports/${'1'.repeat(64)}`,
        fileName: 'x.csv',
        provider: 'sandbox',
        user: cashier,
      }),
    ).rejects.toMatchObject({ details: { errors: [{ field: 'file' }] } });
    await expect(
      uc.importReport.execute({ ...upload, fileName: 'x.csv', provider: 'sandbox', user: auditor }),
    ).rejects.toMatchObject({ code: 'POLICY.ROLE_NOT_ALLOWED' });
    expect(
      await db.query('SELECT * FROM settlement_reports WHERE sha256 = $1', [upload.sha256]),
    ).toEqual([]);
  });
});
