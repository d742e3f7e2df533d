import { describe, expect, it } from '@jest/globals';
import type { ReceiptView } from '#contracts';
import { formatMoney, renderReceiptPdf } from './receipt-pdf.js';

const receipt: ReceiptView = {
  id: '0196a0c5-49a2-741e-aa07-55ec9ed3160e',
  number: 'R-2026-000042',
  kind: 'payment',
  fiscalYear: 2026,
  invoiceId: '0196a0c5-49a2-741e-aa07-55ec9ed3160f',
  paymentId: '0196a0c5-49a2-741e-aa07-55ec9ed31610',
  refundId: null,
  caseRef: { context: 'permits', id: 'case-1' },
  payerAccountId: '0196a0c5-49a2-741e-aa07-55ec9ed31611',
  amount: { amountMinor: 12_500, currency: 'EUR' },
  lines: [
    {
      revenueCode: 'permits.building',
      descriptionKey: 'fees.building',
      amount: { amountMinor: 12_500, currency: 'EUR' },
    },
  ],
  provider: 'cash',
  providerRef: null,
  issuedAt: '2026-03-14T10:00:00.000Z',
};

describe('a receipt as a PDF', () => {
  it('writes amounts by their digits in the currency’s minor units', () => {
    expect(formatMoney(12_500, 'EUR')).toBe('EUR 125.00');
    expect(formatMoney(5, 'EUR')).toBe('EUR 0.05');
    expect(formatMoney(123_456_789, 'EUR')).toBe('EUR 1,234,567.89');
    expect(formatMoney(1_500, 'JPY')).toBe('JPY 1,500');
    expect(formatMoney(1_234, 'BHD')).toBe('BHD 1.234');
    expect(formatMoney(-250, 'EUR')).toBe('EUR -2.50');
  });

  it('renders one PDF document, the same bytes for the same receipt', async () => {
    const first = await renderReceiptPdf(receipt);
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    expect(first.subarray(-6).toString()).toContain('%%EOF');
    expect((await renderReceiptPdf(receipt)).equals(first)).toBe(true);
  });
});
