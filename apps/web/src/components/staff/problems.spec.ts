import { describe, expect, it } from '@jest/globals';
import type { Translate } from '../../i18n/i18n';
import { problemErrors, shownErrors } from './problems';

describe('problemErrors: a problem+json answer as the form shows it', () => {
  it('puts each field problem beside the form field it names (a prefix covers nested fields)', () => {
    expect(
      problemErrors(
        {
          code: 'VALIDATION_FAILED',
          errors: [
            { field: 'revisionItems.0.note', code: 'MAX_LENGTH', message: 'too long' },
            { field: 'revisionItems.1.note', code: 'MAX_LENGTH', message: 'too long' },
            { field: 'reasonCode', code: 'MATCHES', message: 'not a code' },
          ],
        },
        {
          revisionItems: { id: 'changes-items', message: 'staff.error.itemsInvalid' },
          reasonCode: { id: 'changes-reason', message: 'staff.error.reasonMissing' },
        },
      ),
    ).toEqual([
      { field: 'changes-items', key: 'staff.error.itemsInvalid' },
      { field: 'changes-reason', key: 'staff.error.reasonMissing' },
    ]);
  });

  it('maps a code that means a field to that field', () => {
    expect(
      problemErrors(
        { code: 'PERMITS.NOT_AN_INSPECTOR' },
        {},
        {
          'PERMITS.NOT_AN_INSPECTOR': {
            id: 'schedule-inspector',
            message: 'staff.error.inspectorMissing',
          },
        },
      ),
    ).toEqual([{ field: 'schedule-inspector', key: 'staff.error.inspectorMissing' }]);
  });

  it('says a known refusal in words, anything else as "try again", never the server’s English', () => {
    expect(problemErrors({ code: 'POLICY.SAME_APPROVER', detail: 'x' })).toEqual([
      { key: 'staff.problem.sameApprover' },
    ]);
    expect(problemErrors({ code: 'SOMETHING.NEW' })).toEqual([{ key: 'staff.problem.other' }]);
    expect(problemErrors(undefined)).toEqual([{ key: 'staff.problem.other' }]);
  });
});

describe('shownErrors: the errors kept as keys, translated when the page shows them', () => {
  it('translates each in the language of the moment, with its values', () => {
    const t: Translate = (key, values) => `${key}${values ? JSON.stringify(values) : ''}`;
    expect(
      shownErrors(
        [
          { field: 'photos', key: 'staff.error.tooManyPhotos', values: { max: 10 } },
          { key: 'error.unavailable' },
        ],
        t,
      ),
    ).toEqual([
      { field: 'photos', message: 'staff.error.tooManyPhotos{"max":10}' },
      { message: 'error.unavailable' },
    ]);
  });
});
