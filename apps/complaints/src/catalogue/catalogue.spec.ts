import { describe, expect, it } from '@jest/globals';
import { checkAttributes, type CatalogueService } from './catalogue.js';

const service = {
  code: 'pothole',
  attributes: [
    {
      code: 'size',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
      descriptions: { en: 'How big?' },
      values: [
        { key: 'small', name: 'Small' },
        { key: 'large', name: 'Large' },
      ],
    },
    {
      code: 'lanes',
      datatype: 'multivaluelist',
      required: false,
      order: 2,
      descriptions: { en: 'Where?' },
      values: [
        { key: 'road', name: 'Road' },
        { key: 'cycle', name: 'Cycle lane' },
      ],
    },
    {
      code: 'depth_cm',
      datatype: 'number',
      required: false,
      order: 3,
      descriptions: {},
      values: [],
    },
    {
      code: 'seen_at',
      datatype: 'datetime',
      required: false,
      order: 4,
      descriptions: {},
      values: [],
    },
    { code: 'note', datatype: 'string', required: false, order: 5, descriptions: {}, values: [] },
  ],
} as unknown as CatalogueService;

/** The code and the field of the refusal, or 'accepted'. */
const outcome = (given: Record<string, string | string[]>) => {
  try {
    checkAttributes(service, given);
    return 'accepted';
  } catch (error) {
    const e = error as { code: string; details: { field: string } };
    return `${e.code} ${e.details.field}`;
  }
};

describe('attribute checks against the service definition', () => {
  it('keeps valid values: a single-value list as text, a multi-value list as a list without repeats', () => {
    expect(
      checkAttributes(service, {
        size: 'large',
        lanes: ['road', 'cycle', 'road'],
        depth_cm: ' 12.5 ',
        seen_at: '2026-03-02T08:00:00+01:00',
      }),
    ).toEqual({
      size: 'large',
      lanes: ['road', 'cycle'],
      depth_cm: '12.5',
      seen_at: '2026-03-02T08:00:00+01:00',
    });
    expect(checkAttributes(service, { size: 'small', lanes: 'cycle' })).toEqual({
      size: 'small',
      lanes: ['cycle'],
    });
  });

  it('refuses a missing or blank required attribute, naming it', () => {
    expect(outcome({})).toBe('COMPLAINTS.ATTRIBUTE_REQUIRED attribute[size]');
    expect(outcome({ size: '  ' })).toBe('COMPLAINTS.ATTRIBUTE_REQUIRED attribute[size]');
  });

  it('refuses a value outside its list, two values for one, a wrong datatype, an unknown code', () => {
    expect(outcome({ size: 'huge' })).toBe('COMPLAINTS.ATTRIBUTE_INVALID attribute[size]');
    expect(outcome({ size: ['small', 'large'] })).toBe(
      'COMPLAINTS.ATTRIBUTE_INVALID attribute[size]',
    );
    expect(outcome({ size: 'small', lanes: ['road', 'sky'] })).toBe(
      'COMPLAINTS.ATTRIBUTE_INVALID attribute[lanes]',
    );
    expect(outcome({ size: 'small', depth_cm: 'deep' })).toBe(
      'COMPLAINTS.ATTRIBUTE_INVALID attribute[depth_cm]',
    );
    expect(outcome({ size: 'small', seen_at: '2026-03-02 08:00' })).toBe(
      'COMPLAINTS.ATTRIBUTE_INVALID attribute[seen_at]',
    );
    expect(outcome({ size: 'small', note: 'x'.repeat(201) })).toBe(
      'COMPLAINTS.ATTRIBUTE_INVALID attribute[note]',
    );
    expect(outcome({ size: 'small', colour: 'red' })).toBe(
      'COMPLAINTS.ATTRIBUTE_INVALID attribute[colour]',
    );
  });
});
