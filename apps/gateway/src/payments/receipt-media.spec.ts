import { describe, expect, it } from '@jest/globals';
import { prefersPdf } from './receipt-media.js';

describe('a receipt as JSON or as a PDF', () => {
  it('is JSON without Accept, with JSON or anything accepted', () => {
    expect(prefersPdf(undefined)).toBe(false);
    expect(prefersPdf('application/json')).toBe(false);
    expect(prefersPdf('*/*')).toBe(false);
    expect(prefersPdf('application/*')).toBe(false);
  });

  it('is a PDF when the client asks for one above JSON', () => {
    expect(prefersPdf('application/pdf')).toBe(true);
    expect(prefersPdf('application/pdf, */*;q=0.5')).toBe(true);
    expect(prefersPdf('application/json;q=0.4, application/pdf')).toBe(true);
    expect(prefersPdf('Application/PDF')).toBe(true);
  });

  it('stays JSON when JSON ranks higher or the PDF is refused', () => {
    expect(prefersPdf('application/json, application/pdf;q=0.9')).toBe(false);
    expect(prefersPdf('application/pdf;q=0, */*')).toBe(false);
    expect(prefersPdf('application/pdf;q=0.5, application/json;q=0.5')).toBe(false);
  });
});
