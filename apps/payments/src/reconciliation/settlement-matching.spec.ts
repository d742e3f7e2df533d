import { describe, expect, it } from '@jest/globals';
import {
  daysOf,
  matchLine,
  missingAtProvider,
  reconcile,
  type LedgerRecord,
  type SettlementLine,
} from './settlement-matching.js';

const at = new Date('2026-03-14T10:00:00Z');
const line = (over: Partial<SettlementLine> = {}): SettlementLine => ({
  recordType: 'payment',
  providerRef: 'pay_1',
  reference: 'p-1',
  providerPaymentRef: 'pay_1',
  settledAt: at,
  currency: 'EUR',
  grossMinor: 12_500,
  feeMinor: 250,
  netMinor: 12_250,
  ...over,
});
const record = (over: Partial<LedgerRecord> = {}): LedgerRecord => ({
  recordType: 'payment',
  id: 'p-1',
  paymentId: 'p-1',
  providerRef: 'pay_1',
  succeeded: true,
  amountMinor: 12_500,
  currency: 'EUR',
  feeMinor: 250,
  invoiceId: 'i-1',
  caseRef: { context: 'permits', id: 'c-1' },
  ...over,
});

describe('reconciling a settlement report with the ledger', () => {
  it('matches a line with the success booked for it', () => {
    expect(matchLine(line(), record())).toEqual([]);
    expect(
      matchLine(
        line({ recordType: 'refund', grossMinor: -2_500, feeMinor: 0, netMinor: -2_500 }),
        record({ recordType: 'refund', amountMinor: 2_500, feeMinor: 0 }),
      ),
    ).toEqual([]);
  });

  it('finds a line the ledger has no success for missing here', () => {
    expect(matchLine(line(), undefined)).toEqual([
      expect.objectContaining({ kind: 'missing_here', expectedMinor: null, reportedMinor: 12_500 }),
    ]);
    expect(matchLine(line(), record({ succeeded: false }))).toEqual([
      expect.objectContaining({ kind: 'missing_here', paymentId: 'p-1', invoiceId: 'i-1' }),
    ]);
  });

  it('finds another amount, another currency and another fee', () => {
    expect(matchLine(line({ grossMinor: 12_000 }), record())).toEqual([
      expect.objectContaining({
        kind: 'amount_mismatch',
        expectedMinor: 12_500,
        reportedMinor: 12_000,
      }),
    ]);
    expect(matchLine(line({ currency: 'USD' }), record())).toEqual([
      expect.objectContaining({ kind: 'amount_mismatch' }),
    ]);
    expect(matchLine(line({ feeMinor: 300 }), record())).toEqual([
      expect.objectContaining({ kind: 'fee', expectedMinor: 250, reportedMinor: 300 }),
    ]);
    expect(matchLine(line({ grossMinor: 1, feeMinor: 0 }), record()).map((d) => d.kind)).toEqual([
      'amount_mismatch',
      'fee',
    ]);
  });

  it('finds what the ledger holds for the report’s days and the report lacks', () => {
    const other = record({ id: 'p-2', paymentId: 'p-2', providerRef: 'pay_2' });
    expect(missingAtProvider([line()], [record(), other])).toEqual([
      expect.objectContaining({
        kind: 'missing_at_provider',
        reference: 'p-2',
        expectedMinor: 12_500,
        reportedMinor: null,
      }),
    ]);
    // Named by the provider's reference only: not missing.
    expect(missingAtProvider([line({ reference: 'theirs' })], [record()])).toEqual([]);
  });

  it('gives each line its verdict and the days the report covers', () => {
    const lines = [line(), line({ providerRef: 'pay_9', reference: 'p-9' })];
    const result = reconcile(lines, (l) => (l.reference === 'p-1' ? record() : undefined), []);
    expect(result.matched).toEqual([true, false]);
    expect(result.discrepancies.map((d) => d.kind)).toEqual(['missing_here']);
    expect(daysOf([line(), line({ settledAt: new Date('2026-03-13T23:59:59Z') }), line()])).toEqual(
      ['2026-03-13', '2026-03-14'],
    );
  });
});
