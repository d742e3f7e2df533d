import type { SandboxStore } from '../store/sandbox.store.js';

/** The columns of the daily settlement report, in order. */
export const SETTLEMENT_COLUMNS = [
  'record_type',
  'provider_reference',
  'reference',
  'payment_provider_reference',
  'settled_at',
  'currency',
  'gross_minor',
  'fee_minor',
  'net_minor',
] as const;

/** `YYYY-MM-DD`, a real calendar day. */
export function parseDay(day: string): { from: number; to: number } | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const from = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(from) || new Date(from).toISOString().slice(0, 10) !== day) return undefined;
  return { from, to: from + 86_400_000 };
}

const cell = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The settlement report of one UTC day as CSV: every payment that succeeded that day (gross
 * amount, the provider's fee, net) and every refund that succeeded that day (negative gross
 * and net, no fee), in the order they happened. Amounts are integer minor units.
 */
export function settlementReport(store: SandboxStore, day: { from: number; to: number }): string {
  const rows: { at: number; id: string; cells: (string | number)[] }[] = [];
  for (const p of store.paymentsSucceededBetween(day.from, day.to)) {
    const fee = p.fee ?? 0;
    rows.push({
      at: p.succeeded_at as number,
      id: p.id,
      cells: ['payment', p.id, p.reference, p.id, '', p.currency, p.amount, fee, p.amount - fee],
    });
  }
  for (const r of store.refundsSucceededBetween(day.from, day.to)) {
    rows.push({
      at: r.succeeded_at as number,
      id: r.id,
      cells: ['refund', r.id, r.reference, r.payment_id, '', r.currency, -r.amount, 0, -r.amount],
    });
  }
  rows.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lines = [
    SETTLEMENT_COLUMNS.join(','),
    ...rows.map(({ at, cells }) => {
      cells[4] = new Date(at).toISOString();
      return cells.map(cell).join(',');
    }),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
