import { describe, expect, it } from '@jest/globals';
import { cleanFileName } from './receive-upload.js';

describe("an upload's file name as kept", () => {
  it('keeps an ordinary name as it is', () => {
    expect(cleanFileName('settlement-2026-11-29.csv')).toBe('settlement-2026-11-29.csv');
    expect(cleanFileName('Relevé de caisse (novembre).csv')).toBe(
      'Relevé de caisse (novembre).csv',
    );
  });

  it('drops path separators and control or format characters, and trims', () => {
    expect(cleanFileName(' ..\\..\\evil/report.csv ')).toBe('....evilreport.csv');
    expect(cleanFileName('a\u0000b\r\nc\u202Ed.csv')).toBe('abcd.csv');
  });

  it('keeps at most 255 characters', () => {
    expect(cleanFileName('x'.repeat(300))).toHaveLength(255);
  });
});
