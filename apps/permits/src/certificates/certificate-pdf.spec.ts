import { describe, expect, it } from '@jest/globals';
import { qrCodesInPdf } from '../testing/pdf-qr.medium-fixture.js';
import {
  renderCertificatePdf,
  verificationUrlOf,
  type CertificateContent,
} from './certificate-pdf.js';

const content: CertificateContent = {
  permitNumber: 'TL-P-2026-000042',
  status: 'valid',
  permitTypeName: 'Trade licence',
  permitType: 'trade-licence',
  typeVersion: 1,
  caseNumber: 'TL-2026-000042',
  title: 'Café Rosa',
  siteAddress: 'Hauptstraße 12, 10115 Berlin',
  holderName: 'Café Rosa',
  validFrom: new Date('2026-03-14T10:00:00.000Z'),
  validUntil: new Date('2027-03-14T10:00:00.000Z'),
  issuedAt: new Date('2026-03-14T10:00:00.000Z'),
  revokedAt: null,
  verificationUrl: 'https://permits.city.example/api/v1/permits/TL-P-2026-000042',
};

describe('a permit certificate as a PDF', () => {
  it('points at the public verification under the configured base URL', () => {
    expect(verificationUrlOf('https://city.example/', 'BP-P-2026-000001')).toBe(
      'https://city.example/api/v1/permits/BP-P-2026-000001',
    );
    expect(verificationUrlOf('http://127.0.0.1:3000/civic//', 'BP-P-2026-000001')).toBe(
      'http://127.0.0.1:3000/civic/api/v1/permits/BP-P-2026-000001',
    );
  });

  it('renders one PDF whose QR code decodes back to the verification URL, the same bytes each time', async () => {
    const pdf = await renderCertificatePdf(content);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toContain('%%EOF');
    expect(qrCodesInPdf(pdf)).toEqual([content.verificationUrl]);
    expect((await renderCertificatePdf(content)).equals(pdf)).toBe(true);
  });

  it('still renders a revoked or expired permit, its status written on it', async () => {
    const revoked = await renderCertificatePdf({
      ...content,
      status: 'revoked',
      revokedAt: new Date('2026-06-01T08:00:00.000Z'),
    });
    const expired = await renderCertificatePdf({ ...content, status: 'expired' });
    const valid = await renderCertificatePdf(content);
    // The document's info dictionary names the status (the page text is compressed).
    expect(revoked.toString('latin1')).toContain('Permit certificate \\(revoked\\)');
    expect(expired.toString('latin1')).toContain('Permit certificate \\(expired\\)');
    expect(valid.toString('latin1')).toContain('Permit certificate \\(valid\\)');
    expect(qrCodesInPdf(revoked)).toEqual([content.verificationUrl]);
  });
});
