import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PermitsApplicationErrors, type RecordTransitionRequest } from '#contracts';
import type { Application } from '../application.js';

/**
 * The `issued` transition's own part, inside the transition writer's transaction: the permit
 * row and `permit.issued` (the casework part provides it with `permits.internal.permit.issue`).
 * The writer records the application's new state and the transition row around it.
 */
export abstract class PermitIssuance {
  abstract recordIssued(
    tx: EntityManager,
    application: Application,
    request: RecordTransitionRequest,
  ): Promise<void>;
}

/** Until issuing is wired: the transition is refused. */
@Injectable()
export class NoPermitIssuance extends PermitIssuance {
  recordIssued(_tx: EntityManager, application: Application): Promise<void> {
    return Promise.reject(
      PermitsApplicationErrors.invalidTransition(application.status, application.step),
    );
  }
}
