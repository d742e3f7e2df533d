import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CancelInvoiceBody,
  InvoicesPage,
  InvoiceView,
  IssueFeeRequest,
  ListOwnRequest,
  PAYMENTS_INVOICE_CANCEL,
  PAYMENTS_INVOICE_CREATE,
  PAYMENTS_INVOICE_GET,
  PAYMENTS_INVOICE_LIST_OWN,
  PAYMENTS_LEDGER_TRIAL_BALANCE,
  PAYMENTS_PAYMENT_GET,
  PAYMENTS_PAYMENT_LIST_OWN,
  PAYMENTS_PAYMENT_START,
  PAYMENTS_RECEIPT_GET,
  PAYMENTS_RECEIPT_PDF,
  PaymentsPage,
  PaymentView,
  ReceiptView,
  TrialBalance,
  TrialBalanceRequest,
} from '#contracts';
import { NatsBus } from '#platform';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from './payments.dto.js';
import { prefersPdf } from './receipt-media.js';

/**
 * Invoices, payments, receipts and the ledger, answered by the payments service over NATS. The
 * gateway checks the role; the service decides ownership (a payer sees and pays their own).
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('api/v1')
// A service's own refusal becomes an access-denied event (only routes that forward).
@UseFilters(ServiceRefusalsFilter)
export class PaymentsHttpController {
  constructor(private readonly nats: NatsBus) {}

  @Post('invoices')
  @Roles('cashier')
  @Idempotent('required')
  @ApiOperation({
    summary: 'Issue a miscellaneous fee to a payer',
    description:
      'Roles: cashier (never to their own account). Amounts are integer minor units in the platform currency. For a case (`caseRef`), one invoice per purpose: the same lines again answer the first invoice; other lines are refused 409 with the next `fee-adjustment-<n>` in the hint.',
  })
  @ApiResponse({ status: 201, type: InvoiceView })
  @ProblemResponses(400, 401, 403, 409, 413, 415, 422, 503, 504)
  issueFee(@Body() body: IssueFeeRequest): Promise<InvoiceView> {
    return this.nats.client.request(PAYMENTS_INVOICE_CREATE, body);
  }

  @Get('invoices')
  @Roles('citizen')
  @ApiOperation({
    summary: 'My invoices, newest first',
    description: 'Roles: citizen (their own). Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: InvoicesPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  listOwnInvoices(@Query() query: ListOwnRequest): Promise<InvoicesPage> {
    return this.nats.client.request(PAYMENTS_INVOICE_LIST_OWN, query);
  }

  @Get('invoices/:id')
  @Roles('citizen', 'cashier', 'auditor')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'An invoice',
    description: 'Roles: citizen (their own), cashier, auditor.',
  })
  @ApiResponse({ status: 200, type: InvoiceView })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  invoice(@Param('id', uuidParam('id')) id: string): Promise<InvoiceView> {
    return this.nats.client.request(PAYMENTS_INVOICE_GET, { invoiceId: id });
  }

  @Post('invoices/:id/cancel')
  @Roles('cashier')
  @Idempotent('required')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Cancel an open invoice',
    description:
      'Roles: cashier (not an invoice of their own). Refused 409 `PAYMENTS.PAYMENT_IN_PROGRESS` while a payment of it is in progress (ask again once it has finished) and `PAYMENTS.INVOICE_NOT_OPEN` once paid or expired; cancelling a cancelled invoice answers it unchanged.',
  })
  @ApiResponse({ status: 200, type: InvoiceView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  cancelInvoice(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CancelInvoiceBody,
  ): Promise<InvoiceView> {
    return this.nats.client.request(PAYMENTS_INVOICE_CANCEL, {
      invoiceId: id,
      reasonCode: body.reasonCode,
    });
  }

  @Post('invoices/:id/payments')
  @Roles('citizen')
  @Idempotent('required')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Pay an invoice: start a payment at the provider',
    description:
      "Roles: citizen (their own invoice). The amount and currency are the invoice's and the return URL is the platform's: the body is empty. Answers the payment with `nextUrl`, where the payer completes it on the provider's page. One payment in progress per invoice: a second is refused 409 `PAYMENTS.PAYMENT_IN_PROGRESS` (its `paymentId` in the details). 503 `PAYMENTS.PROVIDER_UNAVAILABLE`: the payment is kept; the same request with the same Idempotency-Key finishes it.",
  })
  @ApiResponse({ status: 201, type: PaymentView })
  @ProblemResponses(401, 403, 404, 409, 422, 503, 504)
  startPayment(@Param('id', uuidParam('id')) id: string): Promise<PaymentView> {
    return this.nats.client.request(PAYMENTS_PAYMENT_START, { invoiceId: id });
  }

  @Get('payments')
  @Roles('citizen')
  @ApiOperation({
    summary: 'My payments, newest first',
    description: 'Roles: citizen (their own). Cursor pagination: pass `nextCursor` as `cursor`.',
  })
  @ApiResponse({ status: 200, type: PaymentsPage })
  @ProblemResponses(401, 403, 422, 503, 504)
  listOwnPayments(@Query() query: ListOwnRequest): Promise<PaymentsPage> {
    return this.nats.client.request(PAYMENTS_PAYMENT_LIST_OWN, query);
  }

  @Get('payments/:id')
  @Roles('citizen', 'cashier', 'auditor')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'A payment: its state (GOV.UK Pay’s), next URL while unfinished, receipt, refunds',
    description: 'Roles: citizen (their own), cashier, auditor.',
  })
  @ApiResponse({ status: 200, type: PaymentView })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  payment(@Param('id', uuidParam('id')) id: string): Promise<PaymentView> {
    return this.nats.client.request(PAYMENTS_PAYMENT_GET, { paymentId: id });
  }

  @Get('receipts/:id')
  @Roles('citizen', 'cashier', 'auditor')
  @ApiParam(ID_PARAM)
  @ApiExtraModels(ReceiptView)
  @ApiOperation({
    summary: 'A receipt, as JSON or as a PDF',
    description:
      'Roles: citizen (their own), cashier, auditor. Numbered without gaps per fiscal year (`R-2026-000001`). JSON by default; a PDF with `Accept: application/pdf` (ranked above JSON).',
  })
  @ApiResponse({
    status: 200,
    description: 'The receipt: JSON, or a PDF document when the request accepts it above JSON',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReceiptView) } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  async receipt(
    @Param('id', uuidParam('id')) id: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceiptView | StreamableFile> {
    void reply.header('vary', 'Accept');
    if (!prefersPdf(accept))
      return this.nats.client.request(PAYMENTS_RECEIPT_GET, { receiptId: id });
    const pdf = await this.nats.client.request(PAYMENTS_RECEIPT_PDF, { receiptId: id });
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `inline; filename="${pdf.number}.pdf"`);
    return new StreamableFile(Buffer.from(pdf.contentBase64, 'base64'));
  }

  @Get('ledger/trial-balance')
  @Roles('cashier', 'auditor')
  @ApiOperation({
    summary: "The ledger's trial balance at a moment",
    description:
      "Roles: cashier, auditor. Each account's debits, credits and balance over the entries recorded up to `at` (default now), and each currency's totals, whose balance is always 0.",
  })
  @ApiResponse({ status: 200, type: TrialBalance })
  @ProblemResponses(401, 403, 422, 503, 504)
  trialBalance(@Query() query: TrialBalanceRequest): Promise<TrialBalance> {
    return this.nats.client.request(PAYMENTS_LEDGER_TRIAL_BALANCE, query);
  }
}
