import { Controller, Logger } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/common';
import {
  INVOICE_CANCELLED_V1,
  INVOICE_EXPIRED_V1,
  INVOICE_PAID_V1,
  INVOICE_WAIVED_V1,
  REFUND_FAILED_V1,
  REFUND_SUCCEEDED_V1,
  SERVICES,
  type PaymentsFact,
} from '#contracts';
import { OnEvent, type EventOf } from '#platform';
import { CaseWorkflows } from './case-workflows.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type InvoiceEvent = EventOf<
  | typeof INVOICE_PAID_V1
  | typeof INVOICE_EXPIRED_V1
  | typeof INVOICE_CANCELLED_V1
  | typeof INVOICE_WAIVED_V1
  | typeof REFUND_SUCCEEDED_V1
  | typeof REFUND_FAILED_V1
>;

/**
 * Turns payments' facts about permit cases (their `caseContext` is `permits`, their `caseId`
 * the application id) into the `paymentsFact` Signal of the case's workflow, each with its
 * event id (the workflow ignores an id it has seen, so a redelivery changes nothing). Events
 * about other contexts' cases are acked and ignored.
 */
@Controller()
export class SignalWorkflowWhenPaymentsFact {
  private readonly logger = new Logger(SignalWorkflowWhenPaymentsFact.name);

  constructor(private readonly workflows: CaseWorkflows) {}

  @OnEvent(INVOICE_PAID_V1)
  invoicePaid(event: EventOf<typeof INVOICE_PAID_V1>): Promise<void> {
    return this.signal(event, 'invoice-paid', { paymentId: event.data.paymentId });
  }

  @OnEvent(INVOICE_WAIVED_V1)
  invoiceWaived(event: EventOf<typeof INVOICE_WAIVED_V1>): Promise<void> {
    return this.signal(event, 'invoice-waived');
  }

  @OnEvent(INVOICE_EXPIRED_V1)
  invoiceExpired(event: EventOf<typeof INVOICE_EXPIRED_V1>): Promise<void> {
    return this.signal(event, 'invoice-expired');
  }

  @OnEvent(INVOICE_CANCELLED_V1)
  invoiceCancelled(event: EventOf<typeof INVOICE_CANCELLED_V1>): Promise<void> {
    return this.signal(event, 'invoice-cancelled');
  }

  @OnEvent(REFUND_SUCCEEDED_V1)
  refundSucceeded(event: EventOf<typeof REFUND_SUCCEEDED_V1>): Promise<void> {
    return this.signal(event, 'refund-succeeded', {
      refundId: event.data.refundId,
      paymentId: event.data.paymentId,
    });
  }

  @OnEvent(REFUND_FAILED_V1)
  refundFailed(event: EventOf<typeof REFUND_FAILED_V1>): Promise<void> {
    return this.signal(event, 'refund-failed', {
      refundId: event.data.refundId,
      paymentId: event.data.paymentId,
    });
  }

  private async signal(
    event: InvoiceEvent,
    kind: PaymentsFact['kind'],
    ids: { refundId?: string; paymentId?: string } = {},
  ): Promise<void> {
    const { caseContext, caseId, invoiceId, amountMinor } = event.data;
    if (caseContext !== SERVICES.permits.context) return;
    if (!UUID.test(caseId)) {
      this.logger.warn(`${event.type} ${event.id}: case ${caseId} is not an application id`);
      return;
    }
    const fact: PaymentsFact = {
      eventId: event.id,
      kind,
      invoiceId,
      amountMinor,
      ...(ids.refundId ? { refundId: ids.refundId } : {}),
      ...(ids.paymentId ? { paymentId: ids.paymentId } : {}),
    };
    try {
      await this.workflows.signalPaymentsFact(caseId, fact);
    } catch (error) {
      // A case whose workflow has ended (or never existed) has nothing to learn from it.
      if (error instanceof WorkflowNotFoundError) {
        this.logger.warn(`${event.type} ${event.id}: no running case ${caseId}`);
        return;
      }
      throw error;
    }
  }
}
