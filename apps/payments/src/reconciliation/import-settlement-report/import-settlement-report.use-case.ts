import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DISCREPANCY_FOUND_V1,
  enforce,
  PAYMENTS_RECONCILIATION_IMPORT,
  PaymentsAccess,
  PaymentsErrors,
  SETTLEMENT_IMPORTED_V1,
  type RequestActor,
  type SettlementReportImport,
} from '#contracts';
import { IdempotentCommands, newId, Outbox } from '#platform';
import { FileStorage, isFileStorageError } from '#storage';
import {
  daysOf,
  reconcile,
  type LedgerRecord,
  type SettlementLine,
} from '../settlement-matching.js';
import { settlementFormatOf } from '../settlement-formats.js';
import { ReconciliationRepository } from '../reconciliation.repository.js';

export interface ImportSettlementReport {
  fileKey: string;
  sha256: string;
  size: number;
  fileName: string;
  provider: string;
  user: RequestActor;
}

/** A file name as people read it: no control characters (never a path either way). */
const printable = (name: string): string =>
  // eslint-disable-next-line no-control-regex
  name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || 'report.csv';

/**
 * A cashier imports a provider's settlement report that the gateway streamed into file storage
 * (the file never crosses NATS): payments reads it from the same storage, checks it is the file
 * the gateway hashed, and parses it with the provider's format (taken whole or refused,
 * `PAYMENTS.SETTLEMENT_REPORT_INVALID` naming the line). The same file (SHA-256) imported again
 * is the first import. In one transaction: each line matched against the ledger by the
 * provider's reference (amount, currency, fee), the successes of the report's days that it
 * lacks, the report with its lines, every discrepancy with `discrepancy.found`, and
 * `settlement.imported`.
 */
@Injectable()
export class ImportSettlementReportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly storage: FileStorage,
    private readonly reconciliation: ReconciliationRepository,
  ) {}

  async execute(command: ImportSettlementReport): Promise<SettlementReportImport> {
    enforce(command.user, {}, ...PaymentsAccess.runCounter());
    const manager = this.dataSource.manager;
    const first = await this.reconciliation.reportBySha(manager, command.sha256);
    if (first) return first;
    const parse = settlementFormatOf(command.provider);
    if (!parse)
      throw PaymentsErrors.settlementReportInvalid(
        'provider',
        `no settlement report format is known for provider ${command.provider}`,
      );
    const lines = await this.read(command, parse);
    const { reportId } = await this.commands.run(PAYMENTS_RECONCILIATION_IMPORT, async (tx) => {
      await this.reconciliation.lockImport(tx, command.sha256);
      const again = await this.reconciliation.reportBySha(tx, command.sha256);
      if (again) return { reportId: again.reportId };
      const named = await this.reconciliation.recordsNamedBy(tx, command.provider, lines);
      const days = daysOf(lines);
      const expected = await this.reconciliation.successesOn(tx, command.provider, days);
      const recordOf = (line: SettlementLine): LedgerRecord | undefined =>
        named.find((r) => r.recordType === line.recordType && r.providerRef === line.providerRef) ??
        named.find((r) => r.recordType === line.recordType && r.id === line.reference);
      const { matched, discrepancies } = reconcile(lines, recordOf, expected);
      const id = newId();
      const at = new Date();
      const report: SettlementReportImport = {
        reportId: id,
        provider: command.provider,
        fileKey: command.fileKey,
        sha256: command.sha256,
        size: command.size,
        fileName: printable(command.fileName),
        importedAt: at.toISOString(),
        lineCount: lines.length,
        matchedCount: matched.filter(Boolean).length,
        discrepancyCount: discrepancies.length,
        days,
      };
      const actor = { kind: 'user' as const, userId: command.user.userId, role: command.user.role };
      await this.reconciliation.insertReport(tx, { ...report, importedBy: `user:${actor.userId}` });
      await this.reconciliation.insertLines(tx, id, lines, matched);
      const found = discrepancies.map((d) => ({ ...d, id: newId() }));
      await this.reconciliation.insertDiscrepancies(
        tx,
        { id, provider: command.provider, at },
        found,
      );
      await this.outbox.append(tx, {
        subject: SETTLEMENT_IMPORTED_V1,
        aggregateId: id,
        actor,
        data: {
          reportId: id,
          provider: command.provider,
          sha256: command.sha256,
          lineCount: report.lineCount,
          matchedCount: report.matchedCount,
          discrepancyCount: report.discrepancyCount,
        },
      });
      await this.outbox.appendAll(
        tx,
        found.map((d) => ({
          subject: DISCREPANCY_FOUND_V1,
          aggregateId: id,
          actor,
          data: {
            discrepancyId: d.id,
            reportId: id,
            kind: d.kind,
            ...(d.invoiceId ? { invoiceId: d.invoiceId } : {}),
            ...(d.caseRef ? { caseContext: d.caseRef.context, caseId: d.caseRef.id } : {}),
            recordType: d.recordType,
            reference: d.reference.slice(0, 200),
            ...(d.paymentId ? { paymentId: d.paymentId } : {}),
            ...(d.refundId ? { refundId: d.refundId } : {}),
            currency: d.currency,
            ...(d.expectedMinor !== null ? { expectedMinor: d.expectedMinor } : {}),
            ...(d.reportedMinor !== null ? { reportedMinor: d.reportedMinor } : {}),
          },
        })),
      );
      return { reportId: id };
    });
    const report = await this.reconciliation.report(manager, reportId);
    if (!report) throw PaymentsErrors.settlementReportNotFound();
    return report;
  }

  /** The stored file, as the gateway hashed it, read whole and parsed. */
  private async read(
    command: ImportSettlementReport,
    parse: (text: string) => SettlementLine[],
  ): Promise<SettlementLine[]> {
    let text: string;
    try {
      const info = await this.storage.head(command.fileKey);
      if (!info) throw PaymentsErrors.settlementReportInvalid('file', 'it is not in file storage');
      if (info.sha256 !== command.sha256)
        throw PaymentsErrors.settlementReportInvalid('sha256', 'it is not the stored file’s');
      const file = await this.storage.get(command.fileKey);
      const chunks: Buffer[] = [];
      for await (const chunk of file.stream) chunks.push(chunk as Buffer);
      text = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      if (isFileStorageError(error, 'INVALID_KEY') || isFileStorageError(error, 'NOT_FOUND'))
        throw PaymentsErrors.settlementReportInvalid('file', 'it is not in file storage');
      throw error;
    }
    try {
      return parse(text);
    } catch (error) {
      throw PaymentsErrors.settlementReportInvalid('file', (error as Error).message);
    }
  }
}
