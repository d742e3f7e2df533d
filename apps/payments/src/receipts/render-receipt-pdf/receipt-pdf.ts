import PDFDocument from 'pdfkit';
import type { ReceiptView } from '#contracts';

/** The digits after the decimal point of a currency (ISO 4217: EUR 2, JPY 0, BHD 3). */
function exponentOf(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * An amount in minor units as people read it (`12500 EUR` → `EUR 125.00`), by its digits:
 * no floating point touches it.
 */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = exponentOf(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${sign}${whole}${digits > 0 ? `.${text.slice(text.length - digits)}` : ''}`;
}

const PROVIDERS: Record<string, string> = {
  cash: 'cash, at the counter',
  'card-terminal': 'card, at the counter (card terminal)',
};

/**
 * A receipt as a one-page A4 PDF: its number, what it is for (the case, the invoice's lines),
 * the amount, how it was paid or refunded. Its creation date is the receipt's, so the same
 * receipt always renders the same bytes.
 */
export function renderReceiptPdf(receipt: ReceiptView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: `Receipt ${receipt.number}`,
      Subject: receipt.kind === 'refund' ? 'Refund receipt' : 'Payment receipt',
      Creator: 'civic-platform payments',
      Producer: 'civic-platform payments',
      CreationDate: new Date(receipt.issuedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const field = (label: string, value: string) =>
    doc
      .font('Helvetica-Bold')
      .text(`${label}: `, { continued: true })
      .font('Helvetica')
      .text(value);

  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .text(receipt.kind === 'refund' ? 'Refund receipt' : 'Receipt');
  doc.font('Helvetica').fontSize(14).text(receipt.number);
  doc.moveDown();
  doc.fontSize(10);
  field('Issued', `${receipt.issuedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} (UTC)`);
  field('Fiscal year', String(receipt.fiscalYear));
  field('Case', `${receipt.caseRef.context} ${receipt.caseRef.id}`);
  field('Invoice', receipt.invoiceId);
  field('Payment', receipt.paymentId);
  if (receipt.refundId) field('Refund', receipt.refundId);
  field('Payer account', receipt.payerAccountId);
  field(
    receipt.kind === 'refund' ? 'Refunded by' : 'Paid by',
    (PROVIDERS[receipt.provider] ?? `${receipt.provider} (online)`) +
      (receipt.providerRef ? `, reference ${receipt.providerRef}` : ''),
  );
  doc.moveDown();

  if (receipt.lines.length > 0) {
    doc.font('Helvetica-Bold').text('Fee', left, doc.y, { continued: false });
    doc.moveDown(0.3);
    for (const line of receipt.lines) {
      const y = doc.y;
      doc
        .font('Helvetica')
        .text(`${line.descriptionKey} (${line.revenueCode})`, left, y, { width: width - 140 });
      doc.text(formatMoney(line.amount.amountMinor, line.amount.currency), left + width - 140, y, {
        width: 140,
        align: 'right',
      });
    }
    doc.moveDown(0.5);
  }
  const y = doc.y;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .stroke();
  doc.moveDown(0.5);
  const totalY = doc.y;
  doc
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(receipt.kind === 'refund' ? 'Refunded' : 'Paid', left, totalY);
  doc.text(formatMoney(receipt.amount.amountMinor, receipt.amount.currency), left, totalY, {
    width,
    align: 'right',
  });
  doc.moveDown(2);
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor('#555555')
    .text(
      `Receipt numbers run without gaps within a fiscal year. Receipt id ${receipt.id}.`,
      left,
      doc.y,
      { width },
    );
  doc.end();
  return done;
}
