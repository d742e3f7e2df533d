import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListStaffInvoicesRequest,
  ListStaffPaymentsRequest,
  PAYMENTS_STAFF_INVOICE_LIST,
  PAYMENTS_STAFF_PAYMENT_LIST,
  type RpcReply,
} from '#contracts';
import { requestUser } from '../nats-actor.js';
import { ListStaffInvoicesUseCase } from './list-staff-invoices/list-staff-invoices.use-case.js';
import { ListStaffPaymentsUseCase } from './list-staff-payments/list-staff-payments.use-case.js';

/** The staff lists of invoices and payments, each mapped to its use case, nothing more. */
@Controller()
export class StaffViewsNatsController {
  constructor(
    private readonly listInvoices: ListStaffInvoicesUseCase,
    private readonly listPayments: ListStaffPaymentsUseCase,
  ) {}

  @MessagePattern(PAYMENTS_STAFF_INVOICE_LIST)
  invoices(
    @Payload() request: ListStaffInvoicesRequest,
  ): Promise<RpcReply<typeof PAYMENTS_STAFF_INVOICE_LIST>> {
    return this.listInvoices.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_STAFF_PAYMENT_LIST)
  payments(
    @Payload() request: ListStaffPaymentsRequest,
  ): Promise<RpcReply<typeof PAYMENTS_STAFF_PAYMENT_LIST>> {
    return this.listPayments.execute({ ...request, user: requestUser() });
  }
}
