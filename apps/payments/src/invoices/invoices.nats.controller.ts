import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CancelCaseInvoiceRequest,
  CancelInvoiceRequest,
  CreateInvoiceRequest,
  GetInvoiceRequest,
  IssueFeeRequest,
  ListOwnRequest,
  PAYMENTS_INTERNAL_INVOICE_CANCEL,
  PAYMENTS_INTERNAL_INVOICE_CREATE,
  PAYMENTS_INVOICE_CANCEL,
  PAYMENTS_INVOICE_CREATE,
  PAYMENTS_INVOICE_GET,
  PAYMENTS_INVOICE_LIST_OWN,
  type RpcReply,
} from '#contracts';
import { requestCaller, requestUser } from '../nats-actor.js';
import { CancelInvoiceUseCase } from './cancel-invoice/cancel-invoice.use-case.js';
import { GetInvoiceUseCase } from './get-invoice/get-invoice.use-case.js';
import { IssueInvoiceUseCase } from './issue-invoice/issue-invoice.use-case.js';
import { ListOwnInvoicesUseCase } from './list-own-invoices/list-own-invoices.use-case.js';

/** The invoice patterns, each mapped to its use case, nothing more. */
@Controller()
export class InvoicesNatsController {
  constructor(
    private readonly issueInvoice: IssueInvoiceUseCase,
    private readonly cancelInvoice: CancelInvoiceUseCase,
    private readonly getInvoice: GetInvoiceUseCase,
    private readonly listOwn: ListOwnInvoicesUseCase,
  ) {}

  @MessagePattern(PAYMENTS_INTERNAL_INVOICE_CREATE)
  create(
    @Payload() request: CreateInvoiceRequest,
  ): Promise<RpcReply<typeof PAYMENTS_INTERNAL_INVOICE_CREATE>> {
    return this.issueInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CREATE, {
      payerId: request.payerAccountId,
      caseRef: request.caseRef,
      purpose: request.purpose,
      lines: request.lines,
      ...(request.currency ? { currency: request.currency } : {}),
      dueAt: request.dueAt,
      caller: requestCaller(),
    });
  }

  @MessagePattern(PAYMENTS_INVOICE_CREATE)
  issueFee(@Payload() request: IssueFeeRequest): Promise<RpcReply<typeof PAYMENTS_INVOICE_CREATE>> {
    return this.issueInvoice.execute(PAYMENTS_INVOICE_CREATE, {
      payerId: request.payerAccountId,
      ...(request.caseRef ? { caseRef: request.caseRef } : {}),
      purpose: request.purpose,
      lines: request.lines,
      dueAt: request.dueAt,
      caller: requestCaller(),
    });
  }

  @MessagePattern(PAYMENTS_INTERNAL_INVOICE_CANCEL)
  cancelForCase(
    @Payload() request: CancelCaseInvoiceRequest,
  ): Promise<RpcReply<typeof PAYMENTS_INTERNAL_INVOICE_CANCEL>> {
    return this.cancelInvoice.execute(PAYMENTS_INTERNAL_INVOICE_CANCEL, {
      ...request,
      caller: requestCaller(),
    });
  }

  @MessagePattern(PAYMENTS_INVOICE_CANCEL)
  cancel(
    @Payload() request: CancelInvoiceRequest,
  ): Promise<RpcReply<typeof PAYMENTS_INVOICE_CANCEL>> {
    return this.cancelInvoice.execute(PAYMENTS_INVOICE_CANCEL, {
      ...request,
      caller: requestCaller(),
    });
  }

  @MessagePattern(PAYMENTS_INVOICE_GET)
  get(@Payload() request: GetInvoiceRequest): Promise<RpcReply<typeof PAYMENTS_INVOICE_GET>> {
    return this.getInvoice.execute({ invoiceId: request.invoiceId, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_INVOICE_LIST_OWN)
  listOwnInvoices(
    @Payload() request: ListOwnRequest,
  ): Promise<RpcReply<typeof PAYMENTS_INVOICE_LIST_OWN>> {
    return this.listOwn.execute({ ...request, user: requestUser() });
  }
}
