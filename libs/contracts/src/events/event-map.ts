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
import { PaymentSucceededV1, PAYMENT_SUCCEEDED_V1 } from './payments.events.js';
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
  [PAYMENT_SUCCEEDED_V1]: PaymentSucceededV1,
  [SERVICE_REQUEST_CREATED_V1]: ServiceRequestCreatedV1,
} as const;

export type EventSubject = keyof typeof EVENT_MAP;
export type EventMap = { [K in EventSubject]: InstanceType<(typeof EVENT_MAP)[K]> };

export const isEventSubject = (subject: string): subject is EventSubject =>
  Object.hasOwn(EVENT_MAP, subject);
