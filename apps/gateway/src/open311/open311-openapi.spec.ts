import { describe, expect, it } from '@jest/globals';
import { formOf } from './open311-form.js';
import { checkOpen311Query } from './open311-openapi.js';

const ID = '0193a0b4-7c1e-7d2a-9b3c-4d5e6f708192';

describe('the Open311 query checks the document states', () => {
  it('passes documented values through, with jurisdiction_id for the route to judge', () => {
    expect(
      checkOpen311Query(
        {
          service_request_id: `${ID},${ID.toUpperCase()}`,
          service_code: 'pothole,001',
          status: 'open,closed',
          start_date: '2026-11-30T10:15:00+05:30',
          jurisdiction_id: 'elsewhere.example',
        },
        ['service_request_id', 'service_code', 'status', 'start_date'],
      ),
    ).toEqual({
      service_request_id: `${ID},${ID.toUpperCase()}`,
      service_code: 'pothole,001',
      status: 'open,closed',
      start_date: '2026-11-30T10:15:00+05:30',
      jurisdiction_id: 'elsewhere.example',
    });
  });

  it.each([
    ['service_request_id', 'not-an-id'],
    ['service_request_id', ''],
    ['status', 'pending'],
    ['status', ''],
    ['start_date', '2026-02-30T00:00:00Z'],
    ['service_code', 'pot hole'],
  ] as const)('refuses %s=%j with 400', (name, value) => {
    expect(() => checkOpen311Query({ [name]: value }, [name])).toThrow(
      expect.objectContaining({ code: 'OPEN311.BAD_REQUEST' }),
    );
  });

  it('refuses a parameter sent twice', () => {
    expect(() => checkOpen311Query({ status: ['open', 'closed'] }, ['status'])).toThrow();
  });
});

describe('a multipart report as the urlencoded form', () => {
  it('keeps a field sent once as text and a repeated one as a list', () => {
    expect(
      formOf([
        ['service_code', 'pothole'],
        ['attribute[lanes]', 'road'],
        ['attribute[lanes]', 'cycle'],
        ['media_url', 'https://a.example/1.jpg'],
      ]),
    ).toEqual({
      service_code: 'pothole',
      'attribute[lanes]': ['road', 'cycle'],
      media_url: 'https://a.example/1.jpg',
    });
  });
});
