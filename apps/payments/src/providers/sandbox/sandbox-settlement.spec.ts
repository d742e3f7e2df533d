import { describe, expect, it } from '@jest/globals';
import { parseSandboxSettlementReport, SANDBOX_SETTLEMENT_HEADER } from './sandbox-settlement.js';

describe("the sandbox's settlement report", () => {
  it('reads payments and refunds with gross, fee and net in minor units', () => {
    const csv = [
      SANDBOX_SETTLEMENT_HEADER,
      'payment,pay_1,ref-1,pay_1,2026-03-01T10:00:01.000Z,GBP,1000,34,966',
      'refund,rfd_1,rref-1,pay_1,2026-03-01T11:00:00.000Z,GBP,-300,0,-300',
      '',
    ].join('\r\n');
    expect(parseSandboxSettlementReport(csv)).toEqual([
      {
        recordType: 'payment',
        providerRef: 'pay_1',
        reference: 'ref-1',
        providerPaymentRef: 'pay_1',
        settledAt: new Date('2026-03-01T10:00:01.000Z'),
        currency: 'GBP',
        grossMinor: 1_000,
        feeMinor: 34,
        netMinor: 966,
      },
      {
        recordType: 'refund',
        providerRef: 'rfd_1',
        reference: 'rref-1',
        providerPaymentRef: 'pay_1',
        settledAt: new Date('2026-03-01T11:00:00.000Z'),
        currency: 'GBP',
        grossMinor: -300,
        feeMinor: 0,
        netMinor: -300,
      },
    ]);
  });

  it('reads a day without lines as none', () => {
    expect(parseSandboxSettlementReport(`${SANDBOX_SETTLEMENT_HEADER}\r\n`)).toEqual([]);
  });

  it.each([
    ['another header', 'a,b,c\r\n', 'the header'],
    [
      'an amount as a decimal',
      `${SANDBOX_SETTLEMENT_HEADER}\npayment,p,r,p,2026-03-01T10:00:00Z,GBP,10.00,0,10.00\n`,
      'line 2: gross_minor',
    ],
    [
      'net that is not gross minus fee',
      `${SANDBOX_SETTLEMENT_HEADER}\npayment,p,r,p,2026-03-01T10:00:00Z,GBP,1000,34,1000\n`,
      'line 2: net',
    ],
    [
      'a missing cell',
      `${SANDBOX_SETTLEMENT_HEADER}\npayment,p,r,p,2026-03-01T10:00:00Z,GBP,1000,34\n`,
      'line 2: expected 9',
    ],
    [
      'an unknown record',
      `${SANDBOX_SETTLEMENT_HEADER}\nchargeback,p,r,p,2026-03-01T10:00:00Z,GBP,1,0,1\n`,
      'line 2: unknown record type',
    ],
  ])('fails whole on %s', (_what, csv, message) => {
    expect(() => parseSandboxSettlementReport(csv)).toThrow(message);
  });
});
