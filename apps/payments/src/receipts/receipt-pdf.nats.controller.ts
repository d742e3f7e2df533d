import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetReceiptPdfRequest, PAYMENTS_RECEIPT_PDF, type RpcReply } from '#contracts';
import { requestUser } from '../nats-actor.js';
import { RenderReceiptPdfUseCase } from './render-receipt-pdf/render-receipt-pdf.use-case.js';

/** A receipt's PDF, mapped to its use case. */
@Controller()
export class ReceiptPdfNatsController {
  constructor(private readonly renderPdf: RenderReceiptPdfUseCase) {}

  @MessagePattern(PAYMENTS_RECEIPT_PDF)
  pdf(@Payload() request: GetReceiptPdfRequest): Promise<RpcReply<typeof PAYMENTS_RECEIPT_PDF>> {
    return this.renderPdf.execute({ receiptId: request.receiptId, user: requestUser() });
  }
}
