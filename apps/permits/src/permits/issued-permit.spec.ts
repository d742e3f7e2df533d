import { describe, expect, it } from '@jest/globals';
import type { PermitTypeDefinition } from '../permit-types/permit-type.js';
import { holderHashOf, permitNumberOf, publicHolderNameOf, validityOf } from './issued-permit.js';

describe('issued permits', () => {
  it('numbers a permit <prefix>-P-<year>-<6 digits>', () => {
    expect(permitNumberOf('BP', 2026, 7)).toBe('BP-P-2026-000007');
    expect(permitNumberOf('TL', 2027, 1_234_567)).toBe('TL-P-2027-1234567');
  });

  it('is valid for whole calendar months, the 31st ending on a shorter month’s last day', () => {
    const from = new Date('2026-01-31T10:00:00.000Z');
    expect(validityOf(from, 1).validUntil.toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(validityOf(from, 12).validUntil.toISOString()).toBe('2027-01-31T10:00:00.000Z');
    expect(validityOf(from, 36).validFrom).toBe(from);
  });

  it('binds the holder by a salted hash that depends on the salt', () => {
    const a = holderHashOf('a salt of sixteen+', 'holder-1');
    expect(a).toMatch(/^[a-f0-9]{64}$/);
    expect(holderHashOf('a salt of sixteen+', 'holder-1')).toBe(a);
    expect(holderHashOf('another salt here!', 'holder-1')).not.toBe(a);
  });

  it('shows a holder name only where the type makes its field public', () => {
    const def = { publicHolderField: 'businessName' } as PermitTypeDefinition;
    expect(publicHolderNameOf(def, { businessName: ' Café Rosa ' })).toBe('Café Rosa');
    expect(publicHolderNameOf(def, { businessName: '' })).toBeNull();
    expect(
      publicHolderNameOf({} as PermitTypeDefinition, { businessName: 'Café Rosa' }),
    ).toBeNull();
  });
});
