import type { DiscrepancyKind } from '#contracts';

/*
 * Reconciliation as pure functions: a provider's settlement report matched against what the
 * ledger holds, line by line by provider reference, and what the ledger holds for the report's
 * days that the report lacks. Nothing here does I/O; the import use case gathers the ledger's
 * side and writes what this finds.
 */

/** One line of a settlement report, whatever the provider's format. */
export interface SettlementLine {
  readonly recordType: 'payment' | 'refund';
  /** The provider's id of the payment or refund. */
  readonly providerRef: string;
  /** The platform's payment or refund id it was created with. */
  readonly reference: string;
  readonly providerPaymentRef: string;
  readonly settledAt: Date;
  readonly currency: string;
  /** Positive for a payment, negative for a refund. */
  readonly grossMinor: number;
  readonly feeMinor: number;
  readonly netMinor: number;
}

export interface CaseRef {
  readonly context: string;
  readonly id: string;
}

/** A payment or refund as the platform holds it (its success is booked in the ledger). */
export interface LedgerRecord {
  readonly recordType: 'payment' | 'refund';
  readonly id: string;
  readonly paymentId: string;
  readonly providerRef: string | null;
  readonly succeeded: boolean;
  readonly amountMinor: number;
  readonly currency: string;
  /** The provider's fee booked (payments; a refund has none). */
  readonly feeMinor: number;
  readonly invoiceId: string;
  readonly caseRef: CaseRef;
}

export interface FoundDiscrepancy {
  readonly kind: DiscrepancyKind;
  readonly recordType: 'payment' | 'refund';
  readonly reference: string;
  readonly providerRef: string | null;
  readonly paymentId: string | null;
  readonly refundId: string | null;
  readonly invoiceId: string | null;
  readonly caseRef: CaseRef | null;
  readonly currency: string;
  /** What the ledger holds (refunds as positive amounts), null when it holds nothing. */
  readonly expectedMinor: number | null;
  /** What the report says (refunds as positive amounts), null when it says nothing. */
  readonly reportedMinor: number | null;
}

/** The UTC day of a moment, `YYYY-MM-DD`. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The UTC days a report's lines were settled on, in order. */
export const daysOf = (lines: readonly SettlementLine[]): string[] =>
  [...new Set(lines.map((l) => utcDay(l.settledAt)))].sort();

const aboutRecord = (record: LedgerRecord) => ({
  paymentId: record.paymentId,
  refundId: record.recordType === 'refund' ? record.id : null,
  invoiceId: record.invoiceId,
  caseRef: record.caseRef,
});

/**
 * What one line and the ledger's record of it (found by provider reference, or by the
 * platform's reference) disagree on: nothing when the record succeeded with the same amount,
 * currency and fee. A line the ledger has no success for is `missing_here`; a different amount
 * or currency `amount_mismatch`; another fee than the one booked `fee` (a refund carries none).
 */
export function matchLine(
  line: SettlementLine,
  record: LedgerRecord | undefined,
): FoundDiscrepancy[] {
  const reported = Math.abs(line.grossMinor);
  const base = {
    recordType: line.recordType,
    reference: line.reference,
    providerRef: line.providerRef,
    currency: line.currency,
  };
  if (!record || record.recordType !== line.recordType || !record.succeeded)
    return [
      {
        ...base,
        kind: 'missing_here',
        paymentId: record?.paymentId ?? null,
        refundId: record?.recordType === 'refund' ? record.id : null,
        invoiceId: record?.invoiceId ?? null,
        caseRef: record?.caseRef ?? null,
        expectedMinor: null,
        reportedMinor: reported,
      },
    ];
  const found: FoundDiscrepancy[] = [];
  const sign = line.recordType === 'refund' ? -1 : 1;
  if (record.currency !== line.currency || record.amountMinor * sign !== line.grossMinor)
    found.push({
      ...base,
      ...aboutRecord(record),
      kind: 'amount_mismatch',
      expectedMinor: record.amountMinor,
      reportedMinor: reported,
    });
  if (record.feeMinor !== line.feeMinor)
    found.push({
      ...base,
      ...aboutRecord(record),
      kind: 'fee',
      expectedMinor: record.feeMinor,
      reportedMinor: line.feeMinor,
    });
  return found;
}

/**
 * Successes the ledger holds for the report's days that no line of the report names: missing
 * at the provider. (`expected` leaves out those a report already settled.)
 */
export function missingAtProvider(
  lines: readonly SettlementLine[],
  expected: readonly LedgerRecord[],
): FoundDiscrepancy[] {
  const named = new Set(
    lines.flatMap((l) => [
      `${l.recordType}:${l.reference}`,
      `${l.recordType}:ref:${l.providerRef}`,
    ]),
  );
  return expected
    .filter(
      (r) =>
        !named.has(`${r.recordType}:${r.id}`) &&
        !(r.providerRef && named.has(`${r.recordType}:ref:${r.providerRef}`)),
    )
    .map((r) => ({
      kind: 'missing_at_provider' as const,
      recordType: r.recordType,
      reference: r.id,
      providerRef: r.providerRef,
      ...aboutRecord(r),
      currency: r.currency,
      expectedMinor: r.amountMinor,
      reportedMinor: null,
    }));
}

/** The whole report: each line's verdict (matched or not) and every discrepancy. */
export function reconcile(
  lines: readonly SettlementLine[],
  recordOf: (line: SettlementLine) => LedgerRecord | undefined,
  expected: readonly LedgerRecord[],
): { matched: boolean[]; discrepancies: FoundDiscrepancy[] } {
  const matched: boolean[] = [];
  const discrepancies: FoundDiscrepancy[] = [];
  for (const line of lines) {
    const found = matchLine(line, recordOf(line));
    matched.push(found.length === 0);
    discrepancies.push(...found);
  }
  discrepancies.push(...missingAtProvider(lines, expected));
  return { matched, discrepancies };
}
