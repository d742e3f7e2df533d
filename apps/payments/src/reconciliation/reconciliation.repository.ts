import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  minorUnitsOf,
  type DiscrepancyKind,
  type DiscrepancyStatus,
  type DiscrepancyView,
  type SettlementReportImport,
} from '#contracts';
import type { FoundDiscrepancy, LedgerRecord, SettlementLine } from './settlement-matching.js';
import type { Position } from '#platform';

interface ReportRow {
  id: string;
  provider: string;
  file_key: string;
  sha256: string;
  size: string;
  file_name: string;
  imported_at: Date;
  line_count: number;
  matched_count: number;
  discrepancy_count: number;
  days: string[];
}

const toReport = (row: ReportRow): SettlementReportImport => ({
  reportId: row.id,
  provider: row.provider,
  fileKey: row.file_key,
  sha256: row.sha256,
  size: minorUnitsOf(row.size),
  fileName: row.file_name,
  importedAt: row.imported_at.toISOString(),
  lineCount: row.line_count,
  matchedCount: row.matched_count,
  discrepancyCount: row.discrepancy_count,
  days: row.days,
});

interface LedgerRow {
  record_type: 'payment' | 'refund';
  id: string;
  payment_id: string;
  provider_ref: string | null;
  succeeded: boolean;
  amount_minor: string;
  currency: string;
  fee_minor: string | null;
  invoice_id: string;
  case_context: string;
  case_id: string;
}

const toRecord = (row: LedgerRow): LedgerRecord => ({
  recordType: row.record_type,
  id: row.id,
  paymentId: row.payment_id,
  providerRef: row.provider_ref,
  succeeded: row.succeeded,
  amountMinor: minorUnitsOf(row.amount_minor),
  currency: row.currency,
  feeMinor: row.fee_minor === null ? 0 : minorUnitsOf(row.fee_minor),
  invoiceId: row.invoice_id,
  caseRef: { context: row.case_context, id: row.case_id },
});

// A payment's success is booked in the ledger in the transaction that records it
// (`payment:<id>:success`), a refund's likewise: `succeeded` reads that entry.
const PAYMENT_RECORDS = `
  SELECT 'payment' AS record_type, p.id, p.id AS payment_id, p.provider_ref,
         EXISTS (SELECT 1 FROM journal_entries e WHERE e.source_key = 'payment:' || p.id || ':success') AS succeeded,
         p.amount_minor, p.currency, p.fee_minor, p.invoice_id, i.case_context, i.case_id
  FROM payments p JOIN invoices i ON i.id = p.invoice_id`;

const REFUND_RECORDS = `
  SELECT 'refund' AS record_type, r.id, r.payment_id, r.provider_ref,
         EXISTS (SELECT 1 FROM journal_entries e WHERE e.source_key = 'refund:' || r.id || ':success') AS succeeded,
         r.amount_minor, r.currency, NULL::bigint AS fee_minor, r.invoice_id, i.case_context, i.case_id
  FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN invoices i ON i.id = r.invoice_id`;

interface DiscrepancyRow {
  id: string;
  report_id: string;
  provider: string;
  kind: DiscrepancyKind;
  record_type: 'payment' | 'refund';
  reference: string;
  provider_ref: string | null;
  payment_id: string | null;
  refund_id: string | null;
  invoice_id: string | null;
  currency: string;
  expected_minor: string | null;
  reported_minor: string | null;
  status: DiscrepancyStatus;
  note: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  found_at: Date;
  case_context: string | null;
  case_id: string | null;
}

const orNull = (value: string | null): number | null =>
  value === null ? null : minorUnitsOf(value);

const toDiscrepancy = (row: DiscrepancyRow): DiscrepancyView => ({
  id: row.id,
  reportId: row.report_id,
  provider: row.provider,
  kind: row.kind,
  recordType: row.record_type,
  reference: row.reference,
  providerRef: row.provider_ref,
  paymentId: row.payment_id,
  refundId: row.refund_id,
  invoiceId: row.invoice_id,
  currency: row.currency,
  expectedMinor: orNull(row.expected_minor),
  reportedMinor: orNull(row.reported_minor),
  status: row.status,
  note: row.note,
  resolvedBy: row.resolved_by,
  resolvedAt: row.resolved_at?.toISOString() ?? null,
  foundAt: row.found_at.toISOString(),
});

const SELECT_DISCREPANCY = `
  SELECT d.*, i.case_context, i.case_id
  FROM reconciliation_discrepancies d LEFT JOIN invoices i ON i.id = d.invoice_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DiscrepancyWithCase {
  view: DiscrepancyView;
  caseRef: { context: string; id: string } | null;
}

/**
 * Every statement of reconciliation: the reports (one per file's SHA-256), their lines, the
 * ledger's side of a report, and the discrepancies, on the caller's manager.
 */
@Injectable()
export class ReconciliationRepository {
  /** Serialises the imports of one file (until they commit). */
  async lockImport(tx: EntityManager, sha256: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 12))', [
      `settlement-report:${sha256}`,
    ]);
  }

  async reportBySha(
    manager: EntityManager,
    sha256: string,
  ): Promise<SettlementReportImport | undefined> {
    const rows = await manager.query<ReportRow[]>(
      'SELECT * FROM settlement_reports WHERE sha256 = $1',
      [sha256],
    );
    const row = rows[0];
    return row && toReport(row);
  }

  async report(manager: EntityManager, id: string): Promise<SettlementReportImport | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await manager.query<ReportRow[]>(
      'SELECT * FROM settlement_reports WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row && toReport(row);
  }

  async reports(
    manager: EntityManager,
    filter: { from?: Date; to?: Date; after?: Position },
    limit: number,
  ): Promise<SettlementReportImport[]> {
    const rows = await manager.query<ReportRow[]>(
      `SELECT * FROM settlement_reports
       WHERE ($1::timestamptz IS NULL OR imported_at >= $1)
         AND ($2::timestamptz IS NULL OR imported_at < $2)
         AND ($3::timestamptz IS NULL OR (imported_at, id) < ($3, $4::uuid))
       ORDER BY imported_at DESC, id DESC LIMIT $5`,
      [
        filter.from ?? null,
        filter.to ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        limit,
      ],
    );
    return rows.map(toReport);
  }

  /**
   * What the ledger holds of a provider's payments and refunds named by these lines: by the
   * provider's reference, or the platform's own id.
   */
  async recordsNamedBy(
    manager: EntityManager,
    provider: string,
    lines: readonly SettlementLine[],
  ): Promise<LedgerRecord[]> {
    const refs = (type: 'payment' | 'refund') =>
      lines.filter((l) => l.recordType === type).map((l) => l.providerRef);
    const ids = (type: 'payment' | 'refund') =>
      lines.filter((l) => l.recordType === type && UUID.test(l.reference)).map((l) => l.reference);
    const rows = await manager.query<LedgerRow[]>(
      `${PAYMENT_RECORDS}
       WHERE p.provider = $1 AND (p.provider_ref = ANY($2::text[]) OR p.id = ANY($3::uuid[]))
       UNION ALL
       ${REFUND_RECORDS}
       WHERE p.provider = $1 AND (r.provider_ref = ANY($4::text[]) OR r.id = ANY($5::uuid[]))`,
      [provider, refs('payment'), ids('payment'), refs('refund'), ids('refund')],
    );
    return rows.map(toRecord);
  }

  /**
   * The provider's payments and refunds that succeeded on these UTC days and that no imported
   * report of the provider named yet: what a report of those days should name.
   */
  async successesOn(
    manager: EntityManager,
    provider: string,
    days: readonly string[],
  ): Promise<LedgerRecord[]> {
    if (days.length === 0) return [];
    const rows = await manager.query<LedgerRow[]>(
      `${PAYMENT_RECORDS}
       WHERE p.provider = $1 AND p.status = 'success'
         AND to_char(p.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') = ANY($2::text[])
         AND NOT EXISTS (SELECT 1 FROM settlement_lines l JOIN settlement_reports s ON s.id = l.report_id
                         WHERE s.provider = $1 AND l.record_type = 'payment'
                           AND (l.reference = p.id::text OR l.provider_ref = p.provider_ref))
       UNION ALL
       ${REFUND_RECORDS}
       WHERE p.provider = $1 AND r.status = 'success'
         AND to_char(r.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') = ANY($2::text[])
         AND NOT EXISTS (SELECT 1 FROM settlement_lines l JOIN settlement_reports s ON s.id = l.report_id
                         WHERE s.provider = $1 AND l.record_type = 'refund'
                           AND (l.reference = r.id::text OR l.provider_ref = r.provider_ref))`,
      [provider, days],
    );
    return rows.map(toRecord);
  }

  async insertReport(
    tx: EntityManager,
    report: SettlementReportImport & { importedBy: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO settlement_reports (id, provider, file_key, sha256, size, file_name, imported_by,
                                       imported_at, line_count, matched_count, discrepancy_count, days)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        report.reportId,
        report.provider,
        report.fileKey,
        report.sha256,
        report.size,
        report.fileName,
        report.importedBy,
        report.importedAt,
        report.lineCount,
        report.matchedCount,
        report.discrepancyCount,
        report.days,
      ],
    );
  }

  async insertLines(
    tx: EntityManager,
    reportId: string,
    lines: readonly SettlementLine[],
    matched: readonly boolean[],
  ): Promise<void> {
    if (lines.length === 0) return;
    await tx.query(
      `INSERT INTO settlement_lines (report_id, line_no, record_type, provider_ref, reference,
                                     payment_provider_ref, settled_at, currency, gross_minor,
                                     fee_minor, net_minor, matched)
       SELECT $1, n, t, pr, ref, ppr, at, cur, g, f, nt, m
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[],
                   $8::bigint[], $9::bigint[], $10::bigint[], $11::boolean[])
            WITH ORDINALITY AS l(t, pr, ref, ppr, at, cur, g, f, nt, m, n)`,
      [
        reportId,
        lines.map((l) => l.recordType),
        lines.map((l) => l.providerRef),
        lines.map((l) => l.reference),
        lines.map((l) => l.providerPaymentRef),
        lines.map((l) => l.settledAt.toISOString()),
        lines.map((l) => l.currency),
        lines.map((l) => String(l.grossMinor)),
        lines.map((l) => String(l.feeMinor)),
        lines.map((l) => String(l.netMinor)),
        [...matched],
      ],
    );
  }

  async insertDiscrepancies(
    tx: EntityManager,
    report: { id: string; provider: string; at: Date },
    found: readonly (FoundDiscrepancy & { id: string })[],
  ): Promise<void> {
    if (found.length === 0) return;
    const column = <T>(f: (d: FoundDiscrepancy & { id: string }) => T): T[] => found.map(f);
    await tx.query(
      `INSERT INTO reconciliation_discrepancies
         (id, report_id, provider, kind, record_type, reference, provider_ref, payment_id, refund_id,
          invoice_id, currency, expected_minor, reported_minor, status, found_at)
       SELECT id, $2, $3, kind, t, ref, pr, pid, rid, iid, cur, e, r, 'open', $4
       FROM unnest($1::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[],
                   $10::uuid[], $11::uuid[], $12::text[], $13::bigint[], $14::bigint[])
            AS d(id, kind, t, ref, pr, pid, rid, iid, cur, e, r)`,
      [
        column((d) => d.id),
        report.id,
        report.provider,
        report.at,
        column((d) => d.kind),
        column((d) => d.recordType),
        column((d) => d.reference),
        column((d) => d.providerRef),
        column((d) => d.paymentId),
        column((d) => d.refundId),
        column((d) => d.invoiceId),
        column((d) => d.currency),
        column((d) => (d.expectedMinor === null ? null : String(d.expectedMinor))),
        column((d) => (d.reportedMinor === null ? null : String(d.reportedMinor))),
      ],
    );
  }

  async discrepancy(
    manager: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<DiscrepancyWithCase | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await manager.query<DiscrepancyRow[]>(
      `${SELECT_DISCREPANCY} WHERE d.id = $1${options.lock ? ' FOR UPDATE OF d' : ''}`,
      [id],
    );
    const row = rows[0];
    return (
      row && {
        view: toDiscrepancy(row),
        caseRef:
          row.case_context && row.case_id ? { context: row.case_context, id: row.case_id } : null,
      }
    );
  }

  async discrepancies(
    manager: EntityManager,
    filter: {
      status?: DiscrepancyStatus;
      kind?: DiscrepancyKind;
      reportId?: string;
      from?: Date;
      to?: Date;
      after?: Position;
    },
    limit: number,
  ): Promise<DiscrepancyView[]> {
    const rows = await manager.query<DiscrepancyRow[]>(
      `${SELECT_DISCREPANCY}
       WHERE ($1::text IS NULL OR d.status = $1)
         AND ($2::text IS NULL OR d.kind = $2)
         AND ($3::uuid IS NULL OR d.report_id = $3)
         AND ($4::timestamptz IS NULL OR d.found_at >= $4)
         AND ($5::timestamptz IS NULL OR d.found_at < $5)
         AND ($6::timestamptz IS NULL OR (d.found_at, d.id) < ($6, $7::uuid))
       ORDER BY d.found_at DESC, d.id DESC LIMIT $8`,
      [
        filter.status ?? null,
        filter.kind ?? null,
        filter.reportId ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        limit,
      ],
    );
    return rows.map(toDiscrepancy);
  }

  async resolve(
    tx: EntityManager,
    id: string,
    resolution: { note: string; resolvedBy: string; at: Date },
  ): Promise<void> {
    await tx.query(
      `UPDATE reconciliation_discrepancies SET status = 'resolved', note = $2, resolved_by = $3,
              resolved_at = $4
       WHERE id = $1 AND status = 'open'`,
      [id, resolution.note, resolution.resolvedBy, resolution.at],
    );
  }
}
