import { AccessDeniedV1, ACCESS_DENIED_V1 } from './identity.events.js';
import {
  AuditAnomalyDetectedV1,
  AuditGapDetectedV1,
  AuditTrailReadV1,
  AUDIT_ANOMALY_DETECTED_V1,
  AUDIT_GAP_DETECTED_V1,
  AUDIT_TRAIL_READ_V1,
} from './audit.events.js';
import { PermitApplicationSubmittedV1, PERMIT_APPLICATION_SUBMITTED_V1 } from './permits.events.js';
import {
  CalendarChangedV1,
  CALENDAR_CHANGED_V1,
  PermitTypePublishedV1,
  PERMIT_TYPE_PUBLISHED_V1,
} from './permits-catalogue.events.js';
import {
  InvoiceCancelledV1,
  InvoiceExpiredV1,
  InvoiceIssuedV1,
  InvoicePaidV1,
  INVOICE_CANCELLED_V1,
  INVOICE_EXPIRED_V1,
  INVOICE_ISSUED_V1,
  INVOICE_PAID_V1,
  PaymentCancelledV1,
  PaymentCorrectedV1,
  PaymentExpiredV1,
  PaymentFailedV1,
  PaymentStartedV1,
  PaymentSucceededV1,
  PAYMENT_CANCELLED_V1,
  PAYMENT_CORRECTED_V1,
  PAYMENT_EXPIRED_V1,
  PAYMENT_FAILED_V1,
  PAYMENT_STARTED_V1,
  PAYMENT_SUCCEEDED_V1,
  RefundFailedV1,
  RefundSubmittedV1,
  RefundSucceededV1,
  REFUND_FAILED_V1,
  REFUND_SUBMITTED_V1,
  REFUND_SUCCEEDED_V1,
} from './payments.events.js';
import {
  AdjustmentApprovedV1,
  AdjustmentProposedV1,
  AdjustmentRejectedV1,
  ADJUSTMENT_APPROVED_V1,
  ADJUSTMENT_PROPOSED_V1,
  ADJUSTMENT_REJECTED_V1,
  DiscrepancyFoundV1,
  DiscrepancyResolvedV1,
  DISCREPANCY_FOUND_V1,
  DISCREPANCY_RESOLVED_V1,
  InvoiceWaivedV1,
  INVOICE_WAIVED_V1,
  SettlementImportedV1,
  SETTLEMENT_IMPORTED_V1,
  TillClosedV1,
  TillOpenedV1,
  TILL_CLOSED_V1,
  TILL_OPENED_V1,
} from './payments-operations.events.js';
import { ServiceRequestCreatedV1, SERVICE_REQUEST_CREATED_V1 } from './complaints.events.js';

/**
 * The one map from subject to payload class. Producers (`publish`) and consumers
 * (`@OnEvent`) are typed by it, so a wrong subject or payload field does not compile, and a
 * wrong payload at run time is rejected by the class's validation rules.
 */
export const EVENT_MAP = {
  [ACCESS_DENIED_V1]: AccessDeniedV1,
  [AUDIT_TRAIL_READ_V1]: AuditTrailReadV1,
  [AUDIT_GAP_DETECTED_V1]: AuditGapDetectedV1,
  [AUDIT_ANOMALY_DETECTED_V1]: AuditAnomalyDetectedV1,
  [PERMIT_APPLICATION_SUBMITTED_V1]: PermitApplicationSubmittedV1,
  [PERMIT_TYPE_PUBLISHED_V1]: PermitTypePublishedV1,
  [CALENDAR_CHANGED_V1]: CalendarChangedV1,
  [INVOICE_ISSUED_V1]: InvoiceIssuedV1,
  [INVOICE_PAID_V1]: InvoicePaidV1,
  [INVOICE_CANCELLED_V1]: InvoiceCancelledV1,
  [INVOICE_EXPIRED_V1]: InvoiceExpiredV1,
  [PAYMENT_STARTED_V1]: PaymentStartedV1,
  [PAYMENT_SUCCEEDED_V1]: PaymentSucceededV1,
  [PAYMENT_FAILED_V1]: PaymentFailedV1,
  [PAYMENT_CANCELLED_V1]: PaymentCancelledV1,
  [PAYMENT_EXPIRED_V1]: PaymentExpiredV1,
  [PAYMENT_CORRECTED_V1]: PaymentCorrectedV1,
  [REFUND_SUBMITTED_V1]: RefundSubmittedV1,
  [REFUND_SUCCEEDED_V1]: RefundSucceededV1,
  [REFUND_FAILED_V1]: RefundFailedV1,
  [TILL_OPENED_V1]: TillOpenedV1,
  [TILL_CLOSED_V1]: TillClosedV1,
  [ADJUSTMENT_PROPOSED_V1]: AdjustmentProposedV1,
  [ADJUSTMENT_APPROVED_V1]: AdjustmentApprovedV1,
  [ADJUSTMENT_REJECTED_V1]: AdjustmentRejectedV1,
  [INVOICE_WAIVED_V1]: InvoiceWaivedV1,
  [SETTLEMENT_IMPORTED_V1]: SettlementImportedV1,
  [DISCREPANCY_FOUND_V1]: DiscrepancyFoundV1,
  [DISCREPANCY_RESOLVED_V1]: DiscrepancyResolvedV1,
  [SERVICE_REQUEST_CREATED_V1]: ServiceRequestCreatedV1,
} as const;

export type EventSubject = keyof typeof EVENT_MAP;
export type EventMap = { [K in EventSubject]: InstanceType<(typeof EVENT_MAP)[K]> };

export const isEventSubject = (subject: string): subject is EventSubject =>
  Object.hasOwn(EVENT_MAP, subject);
