import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsString, IsUUID, validateSync } from 'class-validator';
import { EVENT_MAP, type EventSubject } from './event-map.js';
import { HashedField, IdField, personalDataViolations } from './personal-data.js';
import { parseSubject } from './subjects.js';
import { CONTEXT_STREAMS, streamOfSubject } from './streams.js';
import { PAYMENTS_AGGREGATES_WITHOUT_CASE } from './payments-operations.events.js';

const subjects = Object.keys(EVENT_MAP) as EventSubject[];

describe('event contracts', () => {
  it.each(subjects)(
    '%s follows gov.<context>.<aggregate>.<event>.v<N> and has a stream',
    (subject) => {
      const parts = parseSubject(subject);
      expect(parts).toBeDefined();
      expect(streamOfSubject(subject)?.context).toBe(parts?.context);
    },
  );

  it.each(subjects)(
    '%s carries no field that looks personal unless it is marked as an id or a hash',
    (subject) => {
      expect(personalDataViolations(EVENT_MAP[subject])).toEqual([]);
    },
  );

  const aboutACase = (subject: EventSubject): boolean =>
    !(PAYMENTS_AGGREGATES_WITHOUT_CASE as readonly string[]).includes(
      parseSubject(subject)?.aggregate ?? '',
    );

  it.each(subjects.filter((s) => s.startsWith('gov.payments.') && aboutACase(s)))(
    '%s carries the case reference, so the owning context can route it to its case',
    (subject) => {
      const fields = getMetadataStorage()
        .getTargetValidationMetadatas(EVENT_MAP[subject], '', true, false)
        .map((m) => m.propertyName);
      expect(fields).toEqual(expect.arrayContaining(['caseContext', 'caseId', 'invoiceId']));
    },
  );

  it('catches a payload that declares a personal-looking field without a mark', () => {
    class LeakyV1 {
      @IsString() fullName: string;
      @IsString() email: string;
      @IsString() @HashedField() phoneHash: string;
      @IsUUID() @IdField() accountId: string;
      @IsString() permitType: string;
    }
    expect(personalDataViolations(LeakyV1)).toEqual(['fullName', 'email']);
    // A mark holds for the classes that inherit the field; an unmarked field is caught there too.
    class LeakierV1 extends LeakyV1 {
      @IsString() contactNote: string;
    }
    expect(personalDataViolations(LeakierV1).sort()).toEqual(['contactNote', 'email', 'fullName']);
  });

  it('rejects a wrong payload at run time with the field at fault', () => {
    const payload = plainToInstance(EVENT_MAP['gov.payments.payment.succeeded.v1'], {
      paymentId: '0196a0c5-49a2-741e-aa07-55ec9ed3160e',
      invoiceId: 'not-a-uuid',
      caseContext: 'permits',
      caseId: '0196a0c5-49a2-741e-aa07-55ec9ed3160f',
      amountMinor: 1250,
      currency: 'EUR',
      provider: 'sandbox',
      receiptId: '0196a0c5-49a2-741e-aa07-55ec9ed31610',
      invoiceClosed: false,
    });
    expect(validateSync(payload).map((e) => e.property)).toEqual(['invoiceId']);
  });

  it('checks the case reference a payments event carries', () => {
    const payload = plainToInstance(EVENT_MAP['gov.payments.invoice.expired.v1'], {
      invoiceId: '0196a0c5-49a2-741e-aa07-55ec9ed3160e',
      caseContext: 'Permits!',
      caseId: 'a case',
      amountMinor: 1250,
      currency: 'EUR',
      dueAt: '2026-01-31T23:00:00.000Z',
    });
    expect(validateSync(payload).map((e) => e.property)).toEqual(['caseContext', 'caseId']);
  });

  it('declares one stream per context with distinct subjects', () => {
    const names = CONTEXT_STREAMS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const stream of CONTEXT_STREAMS)
      expect(stream.subjects).toEqual([`gov.${stream.context}.>`]);
  });
});
