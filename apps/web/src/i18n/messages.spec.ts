import { describe, expect, it } from '@jest/globals';
import { en, type MessageKey } from './messages.en';
import { hi } from './messages.hi';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('the message files', () => {
  it('give every English message in Hindi, with the same placeholders', () => {
    expect(Object.keys(hi).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      expect({ key, placeholders: placeholders(hi[key]) }).toEqual({
        key,
        placeholders: placeholders(en[key]),
      });
      expect({ key, blank: hi[key].trim() === '' }).toEqual({ key, blank: false });
    }
  });

  it('translate the Hindi page: its messages are written in Devanagari, not left in English', () => {
    // Names and examples (GOV.UK, BP-P-2026-000123) stay as they are; every message has Hindi.
    const untranslated = (Object.keys(en) as MessageKey[]).filter(
      (key) => !/[\u0900-\u097F]/.test(hi[key]),
    );
    expect(untranslated).toEqual([]);
  });
});
