import { describe, expect, it } from '@jest/globals';
import { openDataCsv, openDataJson, parseOpenDataFile } from './open-data-files.js';

describe('open-data files', () => {
  it('knows the fixed datasets in csv and json, and nothing else', () => {
    expect(parseOpenDataFile('satisfaction.csv')).toEqual({
      dataset: 'satisfaction',
      format: 'csv',
    });
    expect(parseOpenDataFile('applications-by-month.json')).toEqual({
      dataset: 'applications-by-month',
      format: 'json',
    });
    for (const bad of [
      'satisfaction.xml',
      'people.csv',
      'satisfaction',
      '.csv',
      'satisfaction.csv.json',
    ])
      expect(() => parseOpenDataFile(bad)).toThrow(
        expect.objectContaining({ code: 'INSIGHTS.DATASET_NOT_FOUND' }),
      );
  });

  const data = {
    dataset: 'payments-by-month' as const,
    columns: ['month', 'currency', 'payments', 'amountMinor'],
    rows: [
      { month: '2026-03', currency: 'INR', payments: 7, amountMinor: 70000, suppressed: [] },
      {
        month: '2026-04',
        currency: 'INR',
        payments: null,
        amountMinor: null,
        suppressed: ['amountMinor', 'payments'],
      },
    ],
  };

  it('writes CSV with a header, CRLF, and `suppressed` in withheld cells', () => {
    expect(openDataCsv(data)).toBe(
      'month,currency,payments,amountMinor\r\n2026-03,INR,7,70000\r\n2026-04,INR,suppressed,suppressed\r\n',
    );
  });

  it('writes JSON as an array of the rows, withheld fields null and named', () => {
    expect(JSON.parse(openDataJson(data))).toEqual(data.rows);
  });
});
