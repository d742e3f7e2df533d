/** One line of the sandbox's daily settlement report, read from its CSV. */
export interface SandboxSettlementLine {
  readonly recordType: 'payment' | 'refund';
  /** The provider's id of the payment or refund. */
  readonly providerRef: string;
  /** The platform's payment or refund id given at creation. */
  readonly reference: string;
  /** The provider's id of the payment (a refund's payment). */
  readonly providerPaymentRef: string;
  readonly settledAt: Date;
  readonly currency: string;
  /** Positive for a payment, negative for a refund. */
  readonly grossMinor: number;
  readonly feeMinor: number;
  /** `gross - fee`: what the provider pays out for the line. */
  readonly netMinor: number;
}

export const SANDBOX_SETTLEMENT_HEADER =
  'record_type,provider_reference,reference,payment_provider_reference,settled_at,currency,gross_minor,fee_minor,net_minor';

const integer = (text: string, line: number, column: string): number => {
  if (!/^-?\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new Error(`settlement report line ${line}: ${column} is not an integer`);
  return Number(text);
};

/**
 * Reads the sandbox's settlement CSV (its header, then one line per successful payment or
 * refund; references never need quoting). Any line that is not of that form fails the whole
 * report with its line number: a report is taken whole or not at all.
 */
export function parseSandboxSettlementReport(csv: string): SandboxSettlementLine[] {
  const lines = csv.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (lines[0] !== SANDBOX_SETTLEMENT_HEADER)
    throw new Error('settlement report: the header is not the sandbox report header');
  return lines.slice(1).map((text, index) => {
    const line = index + 2;
    const cells = text.split(',');
    if (cells.length !== 9 || cells.some((c) => c.includes('"')))
      throw new Error(`settlement report line ${line}: expected 9 plain cells`);
    const [type, providerRef, reference, paymentRef, at, currency, gross, fee, net] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (type !== 'payment' && type !== 'refund')
      throw new Error(`settlement report line ${line}: unknown record type ${type}`);
    const settledAt = new Date(at);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(settledAt.getTime()))
      throw new Error(`settlement report line ${line}: settled_at is not a time`);
    if (!/^[A-Z]{3}$/.test(currency))
      throw new Error(`settlement report line ${line}: currency is not ISO 4217`);
    if (!providerRef || !reference || !paymentRef)
      throw new Error(`settlement report line ${line}: a reference is empty`);
    const result: SandboxSettlementLine = {
      recordType: type,
      providerRef,
      reference,
      providerPaymentRef: paymentRef,
      settledAt,
      currency,
      grossMinor: integer(gross, line, 'gross_minor'),
      feeMinor: integer(fee, line, 'fee_minor'),
      netMinor: integer(net, line, 'net_minor'),
    };
    if (result.grossMinor - result.feeMinor !== result.netMinor)
      throw new Error(`settlement report line ${line}: net is not gross minus fee`);
    return result;
  });
}
