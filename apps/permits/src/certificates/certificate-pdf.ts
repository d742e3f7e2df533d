import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * What the certificate uses of pdfkit beyond the declarations the receipts made
 * (apps/payments/src/receipts/render-receipt-pdf/pdfkit.d.ts; pdfkit ships no types).
 */
interface ImageDrawing {
  image(src: Buffer, x: number, y: number, options: { width: number; height: number }): unknown;
}

/** What a permit's certificate shows. */
export interface CertificateContent {
  permitNumber: string;
  /** As public verification says it now: `valid`, `expired` or `revoked`. */
  status: 'valid' | 'expired' | 'revoked';
  permitTypeName: string;
  permitType: string;
  typeVersion: number;
  caseNumber: string | null;
  title: string;
  siteAddress: string;
  /** The holder's display name where the type makes it public; else none is printed. */
  holderName: string | null;
  validFrom: Date;
  validUntil: Date;
  issuedAt: Date;
  revokedAt: Date | null;
  /** The public verification of this permit, which the QR code opens. */
  verificationUrl: string;
}

/** `<base>/api/v1/permits/<number>`: the gateway's public verification of a permit. */
export const verificationUrlOf = (publicBaseUrl: string, permitNumber: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/api/v1/permits/${encodeURIComponent(permitNumber)}`;

/** The QR code of a URL as a grayscale PNG (error correction M, a quiet zone of 4 modules). */
export const qrPng = (url: string): Promise<Buffer> =>
  QRCode.toBuffer(url, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 8,
    rendererOpts: { colorType: 0 },
  } as QRCode.QRCodeToBufferOptions);

const STATUS_TEXT: Record<CertificateContent['status'], { label: string; color: string }> = {
  valid: { label: 'VALID', color: '#00703c' },
  expired: { label: 'EXPIRED', color: '#b58840' },
  revoked: { label: 'REVOKED', color: '#d4351c' },
};

const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
const utcMoment = (at: Date): string =>
  `${at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;

/**
 * An issued permit as a one-page A4 PDF: its number and status (a revoked or expired permit
 * still renders, its status in large letters), the type, case, site, validity, and a QR code
 * of its public verification URL with the URL printed beside it. Its creation date is the
 * issue date, so the same permit in the same status always renders the same bytes.
 */
export async function renderCertificatePdf(content: CertificateContent): Promise<Buffer> {
  const qr = await qrPng(content.verificationUrl);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: `Permit ${content.permitNumber}`,
      Subject: `Permit certificate (${content.status})`,
      Creator: 'civic-platform permits',
      Producer: 'civic-platform permits',
      CreationDate: content.issuedAt,
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

  doc.font('Helvetica-Bold').fontSize(22).text('Permit certificate');
  doc.font('Helvetica').fontSize(14).text(content.permitTypeName);
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(18).text(content.permitNumber);
  const status = STATUS_TEXT[content.status];
  doc.fillColor(status.color).fontSize(16).text(status.label).fillColor('#000000');
  if (content.status !== 'valid')
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(
        content.status === 'revoked'
          ? `This permit was revoked${content.revokedAt ? ` on ${utcMoment(content.revokedAt)}` : ''}: it no longer permits anything.`
          : `This permit expired on ${utcMoment(content.validUntil)}.`,
      );
  doc.moveDown();

  doc.fontSize(10);
  field('Permit type', `${content.permitType} (version ${content.typeVersion})`);
  if (content.caseNumber) field('Case', content.caseNumber);
  field('For', content.title);
  field('Site', content.siteAddress);
  if (content.holderName) field('Holder', content.holderName);
  field('Valid from', utcDay(content.validFrom));
  field('Valid until', `${utcDay(content.validUntil)} (${utcMoment(content.validUntil)})`);
  field('Issued', utcMoment(content.issuedAt));
  doc.moveDown();

  const y = doc.y;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .stroke();
  const qrSize = 150;
  const qrTop = y + 16;
  (doc as unknown as ImageDrawing).image(qr, left, qrTop, { width: qrSize, height: qrSize });
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .text('Check this permit', left + qrSize + 16, qrTop + 10, { width: width - qrSize - 16 });
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(
      'Scan the code, or open the address below: the city answers whether this permit is valid ' +
        'now, expired or revoked. This paper alone proves nothing about its status today.',
      left + qrSize + 16,
      doc.y + 4,
      { width: width - qrSize - 16 },
    );
  doc.moveDown(0.5);
  doc
    .font('Courier')
    .fontSize(8)
    .text(content.verificationUrl, left + qrSize + 16, doc.y, {
      width: width - qrSize - 16,
    });
  doc.end();
  return done;
}
