import { describe, expect, it } from '@jest/globals';
import { compileFormSchema } from '../permit-types/form-schema.js';
import { testPermitType } from '../testing/applications.medium-fixture.js';
import {
  checkCompleteness,
  documentPrefix,
  formatCaseNumber,
  isComplete,
  isDocumentKey,
} from './application.js';

const type = testPermitType('building', 'BP');
const validate = compileFormSchema(type.formSchema);

describe('what keeps an application from being submitted', () => {
  it('given nothing filled in, lists every missing document and invalid field at once', () => {
    const result = checkCompleteness(type, { details: {}, quantities: {} }, [], validate);
    expect(result.missingDocuments).toEqual(['site_plan']);
    expect(result.invalidFields.map((f) => f.field).sort()).toEqual([
      'details.storeys',
      'details.use',
      'quantities.floor_area_m2',
    ]);
    expect(isComplete(result)).toBe(false);
  });

  it('given wrong values and unknown quantities, names each', () => {
    const result = checkCompleteness(
      type,
      { details: { storeys: 0, use: 'farm' }, quantities: { floor_area_m2: 200_000, storeys: 2 } },
      [{ kind: 'site_plan', status: 'stored' }],
      validate,
    );
    expect(result.missingDocuments).toEqual([]);
    expect(result.invalidFields.map((f) => [f.field, f.code])).toEqual([
      ['details.storeys', 'MINIMUM'],
      ['details.use', 'ENUM'],
      ['quantities.floor_area_m2', 'MAX'],
      ['quantities.storeys', 'UNKNOWN'],
    ]);
  });

  it('given a pending upload only, the document still counts as missing', () => {
    const result = checkCompleteness(
      type,
      { details: { storeys: 1, use: 'residential' }, quantities: { floor_area_m2: 10 } },
      [{ kind: 'site_plan', status: 'pending' }],
      validate,
    );
    expect(result).toEqual({ missingDocuments: ['site_plan'], invalidFields: [] });
  });

  it('given everything, it is complete', () => {
    expect(
      isComplete(
        checkCompleteness(
          type,
          { details: { storeys: 1, use: 'residential' }, quantities: { floor_area_m2: 10 } },
          [{ kind: 'site_plan', status: 'stored' }],
          validate,
        ),
      ),
    ).toBe(true);
  });
});

describe('case numbers', () => {
  it('are <prefix>-<year>-<6 digits>, growing past six digits', () => {
    expect(formatCaseNumber('BP', 2026, 123)).toBe('BP-2026-000123');
    expect(formatCaseNumber('TL', 2027, 1)).toBe('TL-2027-000001');
    expect(formatCaseNumber('BP', 2026, 1_234_567)).toBe('BP-2026-1234567');
  });
});

describe("a document's storage key", () => {
  it('is the file under the prefix handed out for that document, and no other', () => {
    const sha = 'a'.repeat(64);
    expect(isDocumentKey(`${documentPrefix('app', 'doc')}/${sha}`, 'app', 'doc')).toBe(true);
    expect(isDocumentKey(`${documentPrefix('app', 'other')}/${sha}`, 'app', 'doc')).toBe(false);
    expect(isDocumentKey(`${documentPrefix('app', 'doc')}/${sha}/x`, 'app', 'doc')).toBe(false);
  });
});
