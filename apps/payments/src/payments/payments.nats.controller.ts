import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetPaymentRequest,
  GetReceiptRequest,
  ListOwnRequest,
  PAYMENTS_LEDGER_TRIAL_BALANCE,
  PAYMENTS_PAYMENT_GET,
  PAYMENTS_PAYMENT_LIST_OWN,
  PAYMENTS_PAYMENT_START,
  PAYMENTS_RECEIPT_GET,
  StartPaymentRequest,
  TrialBalanceRequest,
  type RpcReply,
} from '#contracts';
import { GetTrialBalanceUseCase } from '../ledger/get-trial-balance/get-trial-balance.use-case.js';
import { requestUser } from '../nats-actor.js';
import { GetReceiptUseCase } from '../receipts/get-receipt/get-receipt.use-case.js';
import { GetPaymentUseCase } from './get-payment/get-payment.use-case.js';
import { ListOwnPaymentsUseCase } from './list-own-payments/list-own-payments.use-case.js';
import { StartPaymentUseCase } from './start-payment/start-payment.use-case.js';

/** The payment, receipt and ledger patterns, each mapped to its use case, nothing more. */
@Controller()
export class PaymentsNatsController {
  constructor(
    private readonly startPayment: StartPaymentUseCase,
    private readonly getPayment: GetPaymentUseCase,
    private readonly listOwn: ListOwnPaymentsUseCase,
    private readonly getReceipt: GetReceiptUseCase,
    private readonly trialBalance: GetTrialBalanceUseCase,
  ) {}

  @MessagePattern(PAYMENTS_PAYMENT_START)
  start(@Payload() request: StartPaymentRequest): Promise<RpcReply<typeof PAYMENTS_PAYMENT_START>> {
    return this.startPayment.execute({ invoiceId: request.invoiceId, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_PAYMENT_GET)
  get(@Payload() request: GetPaymentRequest): Promise<RpcReply<typeof PAYMENTS_PAYMENT_GET>> {
    return this.getPayment.execute({ paymentId: request.paymentId, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_PAYMENT_LIST_OWN)
  listOwnPayments(
    @Payload() request: ListOwnRequest,
  ): Promise<RpcReply<typeof PAYMENTS_PAYMENT_LIST_OWN>> {
    return this.listOwn.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_RECEIPT_GET)
  receipt(@Payload() request: GetReceiptRequest): Promise<RpcReply<typeof PAYMENTS_RECEIPT_GET>> {
    return this.getReceipt.execute({ receiptId: request.receiptId, user: requestUser() });
  }

  @MessagePattern(PAYMENTS_LEDGER_TRIAL_BALANCE)
  balance(
    @Payload() request: TrialBalanceRequest,
  ): Promise<RpcReply<typeof PAYMENTS_LEDGER_TRIAL_BALANCE>> {
    return this.trialBalance.execute({ ...request, user: requestUser() });
  }
}
