import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  InvoicesPage,
  ListStaffInvoicesRequest,
  ListStaffPaymentsRequest,
  PAYMENTS_STAFF_INVOICE_LIST,
  PAYMENTS_STAFF_PAYMENT_LIST,
  PaymentsPage,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';

/**
 * Staff views of every payer's invoices and payments (the payer's own are `GET
 * /api/v1/invoices` and `GET /api/v1/payments`). Answered by the payments service.
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1/staff')
@UseFilters(ServiceRefusalsFilter)
export class StaffViewsHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Get('invoices')
  @Roles('cashier', 'auditor')
  @ApiOperation({
    summary: "Every payer's invoices by status and date, newest first",
    description:
      'Roles: cashier, auditor. Filters: `status`, `from` (at or after) and `to` (before) on when it was issued. Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: InvoicesPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  invoices(@Query() query: ListStaffInvoicesRequest): Promise<InvoicesPage> {
    return this.nats.client.request(PAYMENTS_STAFF_INVOICE_LIST, query);
  }

  @Get('payments')
  @Roles('cashier', 'auditor')
  @ApiOperation({
    summary: "Every payer's payments by status and date, newest first",
    description:
      'Roles: cashier, auditor. Online and counter payments (`provider` `cash` or `card-terminal`). Filters: `status`, `from` and `to` on when it started. Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: PaymentsPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  payments(@Query() query: ListStaffPaymentsRequest): Promise<PaymentsPage> {
    return this.nats.client.request(PAYMENTS_STAFF_PAYMENT_LIST, query);
  }
}
