import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DISCREPANCY_KINDS, type DiscrepancyKind } from '../events/payments-operations.events.js';
import { NOTE_MAX_LENGTH, NOTE_PATTERN } from './payments-adjustments.rpc.js';
import { StaffListRequest } from './payments-staff.rpc.js';
import { SettlementReportImport } from './payments.rpc.js';
import { rpc } from './rpc.js';

/*
 * The views of reconciliation (the import itself, `payments.reconciliation.import`, is in
 * payments.rpc.ts): the settlement reports imported, the discrepancies each import found
 * between the report and the ledger, and their resolution by a cashier with a note.
 */

export const PAYMENTS_RECONCILIATION_REPORT_LIST = 'payments.reconciliation.report.list';
export const PAYMENTS_RECONCILIATION_REPORT_GET = 'payments.reconciliation.report.get';
export const PAYMENTS_DISCREPANCY_LIST = 'payments.reconciliation.discrepancy.list';
export const PAYMENTS_DISCREPANCY_GET = 'payments.reconciliation.discrepancy.get';
export const PAYMENTS_DISCREPANCY_RESOLVE = 'payments.reconciliation.discrepancy.resolve';

export const DISCREPANCY_STATUSES = ['open', 'resolved'] as const;
export type DiscrepancyStatus = (typeof DISCREPANCY_STATUSES)[number];

/** `payments.reconciliation.report.list`, and the query of its route. */
export class ListSettlementReportsRequest extends StaffListRequest {}

export class GetSettlementReportRequest {
  @IsUUID()
  reportId: string;
}

/** `payments.reconciliation.discrepancy.list`, and the query of its route. */
export class ListDiscrepanciesRequest extends StaffListRequest {
  @ApiPropertyOptional({ enum: DISCREPANCY_STATUSES })
  @IsOptional()
  @IsIn(DISCREPANCY_STATUSES)
  status?: DiscrepancyStatus;

  @ApiPropertyOptional({ enum: DISCREPANCY_KINDS })
  @IsOptional()
  @IsIn(DISCREPANCY_KINDS)
  kind?: DiscrepancyKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only those of this report.' })
  @IsOptional()
  @IsUUID()
  reportId?: string;
}

export class GetDiscrepancyRequest {
  @IsUUID()
  discrepancyId: string;
}

/** The body of `POST /api/v1/reconciliation/discrepancies/{id}/resolve`. */
export class ResolveDiscrepancyBody {
  @ApiProperty({
    minLength: 1,
    maxLength: NOTE_MAX_LENGTH,
    pattern: NOTE_PATTERN.source,
    description: 'What the cashier found and did (kept by payments, never in an event).',
  })
  @IsString()
  @MaxLength(NOTE_MAX_LENGTH)
  @Matches(NOTE_PATTERN, { message: 'note must be printable text' })
  note: string;
}

/** `payments.reconciliation.discrepancy.resolve`. */
export class ResolveDiscrepancyRequest extends ResolveDiscrepancyBody {
  @IsUUID()
  discrepancyId: string;
}

export class SettlementReportsPage {
  @ApiProperty({ type: [SettlementReportImport] }) items: SettlementReportImport[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor`; null: no more.' })
  nextCursor: string | null;
}

export class DiscrepancyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) reportId: string;
  @ApiProperty({ example: 'sandbox' }) provider: string;
  @ApiProperty({
    enum: DISCREPANCY_KINDS,
    description:
      '`missing_at_provider`: the ledger has it, the report does not; `missing_here`: the report has it, the ledger does not; `amount_mismatch`: the amounts differ; `fee`: the provider kept another fee than the one booked.',
  })
  kind: DiscrepancyKind;
  @ApiProperty({ enum: ['payment', 'refund'] }) recordType: 'payment' | 'refund';
  @ApiProperty({ description: 'The platform’s payment or refund id the line names.' })
  reference: string;
  @ApiProperty({ type: String, nullable: true, description: "The provider's id." })
  providerRef: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) paymentId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) refundId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) invoiceId: string | null;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'What the ledger holds (minor units; the fee for `fee`), null if nothing.',
  })
  expectedMinor: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'What the report says (minor units; the fee for `fee`), null if nothing.',
  })
  reportedMinor: number | null;
  @ApiProperty({ enum: DISCREPANCY_STATUSES }) status: DiscrepancyStatus;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) resolvedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty({ format: 'date-time' }) foundAt: string;
}

export class DiscrepanciesPage {
  @ApiProperty({ type: [DiscrepancyView] }) items: DiscrepancyView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor`; null: no more.' })
  nextCursor: string | null;
}

export const PAYMENTS_RECONCILIATION_VIEWS_RPC = {
  [PAYMENTS_RECONCILIATION_REPORT_LIST]: rpc<ListSettlementReportsRequest, SettlementReportsPage>(
    ListSettlementReportsRequest,
  ),
  [PAYMENTS_RECONCILIATION_REPORT_GET]: rpc<GetSettlementReportRequest, SettlementReportImport>(
    GetSettlementReportRequest,
  ),
  [PAYMENTS_DISCREPANCY_LIST]: rpc<ListDiscrepanciesRequest, DiscrepanciesPage>(
    ListDiscrepanciesRequest,
  ),
  [PAYMENTS_DISCREPANCY_GET]: rpc<GetDiscrepancyRequest, DiscrepancyView>(GetDiscrepancyRequest),
  [PAYMENTS_DISCREPANCY_RESOLVE]: rpc<ResolveDiscrepancyRequest, DiscrepancyView>(
    ResolveDiscrepancyRequest,
  ),
} as const;
