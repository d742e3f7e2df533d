/**
 * An issued permit's own workflow (docs/permits.md, "A permit's life"): id
 * `permit-<permitNumber>`, started by the permits service when it consumes its own
 * `gov.permits.permit.issued.v1` (id conflict policy "use existing", reuse policy "reject
 * duplicate"). It holds the expiry timer, the renewal window and the revocation Update, so
 * a permit that lasts years does not keep the application's workflow alive. Every transition
 * is written by the permits service through `permitLifeRecordTransition` (state + event in one
 * transaction, once per (permit, seq)). Deterministic (type-level and `define*` only).
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseActor } from './permits.js';

export const PERMIT_WORKFLOW = 'permitWorkflow';

export const permitWorkflowId = (permitNumber: string): string => `permit-${permitNumber}`;

/** Why a supervisor revokes a permit: a fixed list (free text stays in the permits tables). */
export const PERMIT_REVOCATION_REASONS = [
  'conditions_breached',
  'false_information',
  'safety_risk',
  'issued_in_error',
  'holder_request',
  'court_order',
] as const;
export type PermitRevocationReason = (typeof PERMIT_REVOCATION_REASONS)[number];

/** The statuses of an issued permit (the `permits.status` column). */
export type PermitLifeStatus = 'valid' | 'revoked' | 'expired';

export interface PermitLifeInput {
  permitNumber: string;
  /** The application it was issued on. */
  applicationId: string;
  /** The holder's account id (the only one who may ask for a renewal). */
  holderId: string;
  permitType: string;
  typeVersion: number;
  validFrom: string;
  validUntil: string;
  /** Calendar days before `validUntil` from which the holder may ask for a renewal. */
  renewalWindowDays: number;
}

/** What the workflow's Query answers (operators and tests; users read the permits tables). */
export interface PermitLifeState {
  permitNumber: string;
  status: PermitLifeStatus;
  renewalWindow: 'not_open' | 'open' | 'closed';
  /** When the renewal window opens (legal instant, ISO 8601), once computed. */
  renewalOpensAt: string | null;
  renewalApplicationId: string | null;
  /** A revocation or renewal is being recorded (another waits or is refused). */
  pendingChange: boolean;
  /** Transitions recorded through the service. */
  transitions: number;
}
export const permitLifeState = defineQuery<PermitLifeState>('permitLifeState');

export interface PermitLifeReply {
  permitNumber: string;
  status: PermitLifeStatus;
  renewalApplicationId: string | null;
}

export interface RevokePermitArgs {
  actor: CaseActor;
  reasonCode: PermitRevocationReason;
  /** Id of the note the service stored with the revocation's free text. */
  noteId?: string;
}
export const revokePermit = defineUpdate<PermitLifeReply, [RevokePermitArgs]>('revokePermit');

export const requestRenewal = defineUpdate<PermitLifeReply, [{ actor: CaseActor }]>(
  'requestRenewal',
);

// ---- activities ----------------------------------------------------------------------------

export const PERMIT_TRANSITIONS = ['revoked', 'expired', 'renewal-requested'] as const;
export type PermitTransition = (typeof PERMIT_TRANSITIONS)[number];

export interface RecordPermitTransitionRequest {
  permitNumber: string;
  /** The workflow's own count (1, 2, ...): the service records each (permit, seq) once. */
  seq: number;
  transition: PermitTransition;
  /** Absent: the system (the expiry timer) took the step. */
  actor?: CaseActor;
  reasonCode?: string;
  noteId?: string;
}

export interface PermitLifeTimers {
  /** The legal instant the renewal window opens (`validUntil` less the window's days). */
  renewalOpensAt: string;
  /** How long the workflow waits until the window opens, and until the permit expires. */
  renewalOpensInMs: number;
  expiresInMs: number;
}

export interface PermitLifeActivities {
  /**
   * The permit's timers: until `validUntil` and until the renewal window opens, or, with the
   * worker's `PERMITS_VALIDITY_DAY_DURATION`, that long per calendar day of validity from
   * `validFrom` (tests run a month in seconds; the legal instants stay the permit's).
   */
  permitLifeTimers(request: {
    validFrom: string;
    validUntil: string;
    renewalWindowDays: number;
  }): Promise<PermitLifeTimers>;
  /** Writes one transition (and, for `renewal-requested`, the renewal application). */
  permitLifeRecordTransition(request: RecordPermitTransitionRequest): Promise<PermitLifeReply>;
}
