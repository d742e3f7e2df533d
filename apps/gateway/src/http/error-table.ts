import type { ErrorCode } from '#contracts';

/**
 * How the gateway answers each code a service (or the gateway's own identity context) may
 * give: the HTTP status, and whether the code is a refusal of access, which the gateway
 * records as `gov.identity.access.denied.v1` wherever it was decided. This is the one place
 * where domain codes meet HTTP; a code declared in `libs/contracts/src/errors` without a line
 * here does not compile.
 */
export interface ErrorAnswer {
  status: number;
  /** A refusal of access: recorded in the audit trail as an access-denied event. */
  refusal?: true;
  /**
   * The code the client sees instead of the domain code: a per-account login limit answers
   * `RATE_LIMITED` like the per-address limit, so a client handles one "slow down" code and an
   * attacker is not told which limit it met.
   */
  answerCode?: string;
  /** Headers every answer with this code carries. */
  headers?: Readonly<Record<string, string>>;
}

const BEARER_CHALLENGE = { 'www-authenticate': 'Bearer realm="civic", error="invalid_token"' };

export const ERROR_TABLE = {
  // A service's refusal of fields looks like the gateway's own: one code for clients to handle.
  'PLATFORM.VALIDATION_FAILED': { status: 422, answerCode: 'VALIDATION_FAILED' },
  'PLATFORM.ACTOR_REQUIRED': { status: 401 },
  'PLATFORM.SYSTEM_ACTOR_REFUSED': { status: 403, refusal: true },
  'PLATFORM.INTERNAL': { status: 502 },
  'PLATFORM.REMOTE_ERROR': { status: 502 },
  'PLATFORM.SERVICE_UNAVAILABLE': { status: 503 },
  'PLATFORM.SERVICE_TIMEOUT': { status: 504 },
  'PLATFORM.IDEMPOTENCY_KEY_IN_FLIGHT': { status: 409 },
  'PLATFORM.IDEMPOTENCY_KEY_REUSED': { status: 422 },

  'POLICY.ROLE_NOT_ALLOWED': { status: 403, refusal: true },
  'POLICY.NOT_OWNER': { status: 403, refusal: true },
  'POLICY.OWN_CASE': { status: 403, refusal: true },
  'POLICY.SAME_APPROVER': { status: 403, refusal: true },
  'POLICY.OWN_PROPOSAL': { status: 403, refusal: true },

  'AUDIT.NOT_FOUND': { status: 404 },
  // A proof of a range the log does not hold (a tree larger than the log, an entry outside
  // the tree, a first tree larger than the second): no such proof exists.
  'AUDIT.INVALID_RANGE': { status: 404 },
  'AUDIT.PERMIT_NOT_FOUND': { status: 404 },

  // Open data: a file name outside the fixed list of datasets and formats.
  'INSIGHTS.DATASET_NOT_FOUND': { status: 404 },

  'IDENTITY.EMAIL_TAKEN': { status: 409 },
  'IDENTITY.INVALID_CREDENTIALS': { status: 401 },
  'IDENTITY.ACCOUNT_LOCKED': { status: 429 },
  'IDENTITY.ACCOUNT_RATE_LIMITED': { status: 429, answerCode: 'RATE_LIMITED' },
  'IDENTITY.INVALID_REFRESH_TOKEN': { status: 401 },
  'IDENTITY.UNAUTHENTICATED': { status: 401, headers: BEARER_CHALLENGE },
  'IDENTITY.TOTP_REQUIRED': { status: 401 },
  'IDENTITY.INVALID_TOTP': { status: 401 },
  'IDENTITY.TOTP_ALREADY_ENABLED': { status: 409 },
  'IDENTITY.TOTP_NOT_STARTED': { status: 409 },
  'IDENTITY.TWO_FACTOR_REQUIRED': { status: 403, refusal: true },
  'IDENTITY.USER_NOT_FOUND': { status: 404 },

  // Open311 (answered as the standard's error list under /open311/v2).
  'OPEN311.API_KEY_NOT_FOUND': { status: 404 },
  'OPEN311.INVALID_API_KEY': { status: 403 },
  'OPEN311.JURISDICTION_NOT_FOUND': { status: 404 },
  'OPEN311.BAD_REQUEST': { status: 400 },
  'IDENTITY.FORBIDDEN': { status: 403, refusal: true },
  // The assisted channel: claim codes (a walk-in's new account) and assist codes (an account's
  // one-time permission for a clerk); a clerk acting without a live delegation is a refusal.
  'IDENTITY.CLAIM_CODE_INVALID': { status: 401 },
  'IDENTITY.CLAIM_CODE_EXPIRED': { status: 410 },
  'IDENTITY.CLAIM_CODE_USED': { status: 410 },
  'IDENTITY.CLAIM_ATTEMPTS_EXCEEDED': { status: 410 },
  'IDENTITY.ASSIST_CODE_INVALID': { status: 422 },
  'IDENTITY.ASSIST_CODE_EXPIRED': { status: 410 },
  'IDENTITY.ASSIST_CODE_USED': { status: 410 },
  'IDENTITY.NOT_DELEGATED': { status: 403, refusal: true },
  // Ending a delegation: none with this id for the caller (the clerk or the person).
  'IDENTITY.DELEGATION_NOT_FOUND': { status: 404 },
  // Reissuing a claim code: the account was claimed (nothing to reissue); the clerk names
  // another identity document than the one seen at creation (a refusal, recorded).
  'IDENTITY.ACCOUNT_CLAIMED': { status: 409 },
  'IDENTITY.IDENTITY_DOCUMENT_MISMATCH': { status: 403, refusal: true },

  'COMPLAINTS.SERVICE_NOT_FOUND': { status: 404 },
  'COMPLAINTS.REQUEST_NOT_FOUND': { status: 404 },
  'COMPLAINTS.TOKEN_NOT_FOUND': { status: 404 },
  'COMPLAINTS.LOCATION_REQUIRED': { status: 422 },
  'COMPLAINTS.ADDRESS_NOT_FOUND': { status: 422 },
  'COMPLAINTS.OUTSIDE_BOUNDARY': { status: 422 },
  'COMPLAINTS.ATTRIBUTE_REQUIRED': { status: 422 },
  'COMPLAINTS.ATTRIBUTE_INVALID': { status: 422 },
  'COMPLAINTS.DESCRIPTION_TOO_LONG': { status: 422 },
  'COMPLAINTS.MEDIA_INVALID': { status: 422 },
  // Also a photo not (yet) approved: the public cannot tell it from one that does not exist.
  'COMPLAINTS.MEDIA_NOT_FOUND': { status: 404 },
  // Neither the reporter's account nor the request's secret: a refusal, recorded.
  'COMPLAINTS.REPORTER_REQUIRED': { status: 403, refusal: true },
  'COMPLAINTS.NOT_REPORTER': { status: 403, refusal: true },
  'COMPLAINTS.INVALID_TRANSITION': { status: 409 },
  'COMPLAINTS.DECISION_PENDING': { status: 409 },
  'COMPLAINTS.NOT_RESOLVED': { status: 409 },
  'COMPLAINTS.FEEDBACK_ALREADY_GIVEN': { status: 409 },
  'COMPLAINTS.REOPEN_WINDOW_PASSED': { status: 409 },
  'COMPLAINTS.DUPLICATE_INVALID': { status: 409 },
  'COMPLAINTS.DEPARTMENT_NOT_FOUND': { status: 422 },
  'COMPLAINTS.TEMPLATE_NOT_FOUND': { status: 422 },
  'COMPLAINTS.CATALOGUE_INVALID': { status: 422 },
  'COMPLAINTS.WORKFLOW_UNAVAILABLE': { status: 503 },

  'PAYMENTS.INVOICE_NOT_FOUND': { status: 404 },
  'PAYMENTS.PAYMENT_NOT_FOUND': { status: 404 },
  'PAYMENTS.REFUND_NOT_FOUND': { status: 404 },
  'PAYMENTS.RECEIPT_NOT_FOUND': { status: 404 },
  'PAYMENTS.INVOICE_NOT_OPEN': { status: 409 },
  'PAYMENTS.INVOICE_PURPOSE_TAKEN': { status: 409 },
  'PAYMENTS.INVOICE_CASE_MISMATCH': { status: 409 },
  // A second live payment on one invoice: the client resumes the first (details.paymentId).
  'PAYMENTS.PAYMENT_IN_PROGRESS': { status: 409 },
  'PAYMENTS.INVALID_TRANSITION': { status: 409 },
  'PAYMENTS.CURRENCY_NOT_ACCEPTED': { status: 422 },
  'PAYMENTS.AMOUNT_TOO_LARGE': { status: 422 },
  // The payment is kept; a retry with the same Idempotency-Key finishes it (5xx are not kept).
  'PAYMENTS.PROVIDER_UNAVAILABLE': { status: 503 },
  'PAYMENTS.UNKNOWN_PROVIDER': { status: 404 },
  // A forged, stale or malformed webhook (recorded by payments; nothing changed): its signature
  // is what authenticates it.
  'PAYMENTS.WEBHOOK_REFUSED': { status: 401 },
  'PAYMENTS.REFUND_NOT_AVAILABLE': { status: 409 },
  // What the caller believes refundable is not what is: read again (GOV.UK Pay's 412).
  'PAYMENTS.REFUND_AMOUNT_AVAILABLE_MISMATCH': { status: 412 },
  'PAYMENTS.REFUND_EXCEEDS_AVAILABLE': { status: 409 },
  // A counter payment's refund is paid out at a till (the body names the session); an online
  // payment's is not. Conflicts with what the payment is, not malformed requests.
  'PAYMENTS.REFUND_NEEDS_TILL_SESSION': { status: 409 },
  'PAYMENTS.REFUND_NOT_AT_COUNTER': { status: 409 },
  'PAYMENTS.REFUND_NOT_AWAITING_PAYOUT': { status: 409 },
  'PAYMENTS.TILL_SESSION_NOT_FOUND': { status: 404 },
  'PAYMENTS.TILL_SESSION_CLOSED': { status: 409 },
  // Another cashier's till: a refusal of access, recorded.
  'PAYMENTS.TILL_SESSION_NOT_YOURS': { status: 403, refusal: true },
  'PAYMENTS.TILL_ALREADY_OPEN': { status: 409 },
  'PAYMENTS.TILL_CASH_INSUFFICIENT': { status: 409 },
  'PAYMENTS.ADJUSTMENT_NOT_FOUND': { status: 404 },
  'PAYMENTS.ADJUSTMENT_NOT_PROPOSED': { status: 409 },
  'PAYMENTS.ADJUSTMENT_PENDING': { status: 409 },
  // What the invoice asks now decides it: a conflict with its state.
  'PAYMENTS.ADJUSTMENT_TOO_LARGE': { status: 409 },
  // Not the provider's settlement CSV, a provider without one, a file not as stored.
  'PAYMENTS.SETTLEMENT_REPORT_INVALID': { status: 422 },
  'PAYMENTS.SETTLEMENT_REPORT_NOT_FOUND': { status: 404 },
  'PAYMENTS.DISCREPANCY_NOT_FOUND': { status: 404 },
  'PAYMENTS.DISCREPANCY_RESOLVED': { status: 409 },

  // Applications, documents, decisions, inspections, permits.
  'PERMITS.APPLICATION_NOT_FOUND': { status: 404 },
  'PERMITS.APPLICATION_NOT_EDITABLE': { status: 409 },
  // Every missing document and invalid field at once, in details.
  'PERMITS.APPLICATION_INCOMPLETE': { status: 422 },
  'PERMITS.INVALID_TRANSITION': { status: 409 },
  // Two clerks deciding at once: the second is told to read again.
  'PERMITS.DECISION_IN_PROGRESS': { status: 409 },
  'PERMITS.REASON_REQUIRED': { status: 422 },
  'PERMITS.REVISION_ITEMS_REQUIRED': { status: 422 },
  'PERMITS.INSPECTION_REQUIRED': { status: 409 },
  'PERMITS.INSPECTION_NOT_FOUND': { status: 404 },
  'PERMITS.INSPECTION_NOT_SCHEDULED': { status: 409 },
  'PERMITS.NOT_ASSIGNED_INSPECTOR': { status: 403, refusal: true },
  'PERMITS.REINSPECTION_LIMIT_REACHED': { status: 409 },
  'PERMITS.SECOND_APPROVAL_ROLE': { status: 403, refusal: true },
  'PERMITS.DOCUMENT_NOT_FOUND': { status: 404 },
  'PERMITS.DOCUMENT_KIND_UNKNOWN': { status: 422 },
  'PERMITS.DOCUMENT_KIND_NOT_ALLOWED': { status: 409 },
  'PERMITS.DOCUMENT_TOO_LARGE': { status: 413 },
  'PERMITS.DOCUMENT_CONTENT_TYPE': { status: 415 },
  'PERMITS.DOCUMENT_UPLOAD_NOT_FOUND': { status: 404 },
  'PERMITS.TASK_NOT_FOUND': { status: 404 },
  'PERMITS.PERMIT_NOT_FOUND': { status: 404 },
  // Submitted, but its workflow has not started yet: ask again in a moment.
  'PERMITS.CASE_NOT_STARTED': { status: 409 },
  // Scheduling an inspection for a user without the inspector role (or no such active user).
  'PERMITS.NOT_AN_INSPECTOR': { status: 422 },
  'PERMITS.PERMIT_TYPE_UNKNOWN': { status: 422 },
  // An issued permit's life: revoked or expired already; renewal outside its window or twice.
  'PERMITS.PERMIT_NOT_ACTIVE': { status: 409 },
  'PERMITS.RENEWAL_WINDOW_CLOSED': { status: 409 },
  'PERMITS.RENEWAL_ALREADY_REQUESTED': { status: 409 },
  'PERMITS.PERMIT_CHANGE_IN_PROGRESS': { status: 409 },
  // A supervisor's hold: nothing moves the case until it is released.
  'PERMITS.APPLICATION_ON_HOLD': { status: 409 },
  'PERMITS.APPLICATION_NOT_ON_HOLD': { status: 409 },
  // Conditions of approval not yet met: the permit is not issued.
  'PERMITS.CONDITIONS_UNMET': { status: 409 },
  'PERMITS.CONDITION_NOT_FOUND': { status: 404 },
  'PERMITS.CONDITION_ALREADY_MET': { status: 409 },
  'PERMITS.PERMIT_TYPE_NOT_FOUND': { status: 404 },
  'PERMITS.PERMIT_TYPE_VERSION_NOT_FOUND': { status: 404 },
  // Creating a code that exists: a new version is a PUT of the type.
  'PERMITS.PERMIT_TYPE_EXISTS': { status: 409 },
  'PERMITS.PERMIT_TYPE_PREFIX_TAKEN': { status: 409 },
  // A definition or calendar change whose parts do not fit together (details.errors names each field).
  'PERMITS.INVALID_DEFINITION': { status: 422 },
  'PERMITS.INVALID_CALENDAR': { status: 422 },
  'PERMITS.INVALID_WHAT_IF': { status: 422 },
  'PERMITS.WHAT_IF_NOT_FOUND': { status: 404 },
} as const satisfies Record<ErrorCode, ErrorAnswer>;

/** The answer for a code, or undefined for a code no context declares (a 502 then). */
export const errorAnswer = (code: string): ErrorAnswer | undefined =>
  Object.hasOwn(ERROR_TABLE, code) ? ERROR_TABLE[code as ErrorCode] : undefined;
