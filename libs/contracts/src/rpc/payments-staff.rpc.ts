import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { TrailMoment } from './date-time.js';
import { NumberFromQuery } from './fields.js';
import {
  CURSOR_PATTERN,
  INVOICE_STATUSES,
  PAYMENT_STATUSES,
  type InvoicesPage,
  type InvoiceStatus,
  type PaymentsPage,
  type PaymentStatus,
} from './payments.rpc.js';
import { rpc } from './rpc.js';

/*
 * Staff views of the payments context: everyone's invoices and payments by status and date,
 * a page at a time (cashiers; auditors read-only), and a receipt as a PDF. The payer's own lists
 * are `payments.invoice.list-own` and `payments.payment.list-own`.
 */

export const PAYMENTS_STAFF_INVOICE_LIST = 'payments.staff.invoice.list';
export const PAYMENTS_STAFF_PAYMENT_LIST = 'payments.staff.payment.list';
export const PAYMENTS_RECEIPT_PDF = 'payments.receipt.pdf';

/**
 * A page of a staff list, newest first: the query of the staff list routes. Each list adds its
 * own `status` filter.
 */
export class StaffListRequest {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only those made at or after this moment.',
  })
  @IsOptional()
  @TrailMoment()
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only those made before this moment.',
  })
  @IsOptional()
  @TrailMoment()
  to?: string;

  @ApiPropertyOptional({
    pattern: CURSOR_PATTERN.source,
    description: 'The `nextCursor` of the previous page.',
  })
  @IsOptional()
  @Matches(CURSOR_PATTERN, { message: 'cursor must be a nextCursor' })
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @NumberFromQuery()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** `payments.staff.invoice.list`: every payer's invoices, by status and issue date. */
export class ListStaffInvoicesRequest extends StaffListRequest {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES })
  @IsOptional()
  @IsIn(INVOICE_STATUSES)
  status?: InvoiceStatus;
}

/** `payments.staff.payment.list`: every payer's payments, by status and start date. */
export class ListStaffPaymentsRequest extends StaffListRequest {
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES })
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: PaymentStatus;
}

/** `payments.receipt.pdf`: a receipt rendered as a PDF (its payer, or staff). */
export class GetReceiptPdfRequest {
  @IsUUID()
  receiptId: string;
}

/** The PDF of a receipt (small: it crosses NATS base64-encoded). */
export class ReceiptPdf {
  @ApiProperty({ example: 'R-2026-000001' }) number: string;
  /** The PDF's bytes, base64. */
  @ApiProperty() contentBase64: string;
}

export const PAYMENTS_STAFF_RPC = {
  [PAYMENTS_STAFF_INVOICE_LIST]: rpc<ListStaffInvoicesRequest, InvoicesPage>(
    ListStaffInvoicesRequest,
  ),
  [PAYMENTS_STAFF_PAYMENT_LIST]: rpc<ListStaffPaymentsRequest, PaymentsPage>(
    ListStaffPaymentsRequest,
  ),
  [PAYMENTS_RECEIPT_PDF]: rpc<GetReceiptPdfRequest, ReceiptPdf>(GetReceiptPdfRequest),
} as const;
