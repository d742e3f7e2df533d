import { Injectable } from '@nestjs/common';
import { PermitsApplicationErrors, type CaseUpdateReply, type RequestActor } from '#contracts';
import type { Application } from '../application.js';

/**
 * The seam to a submitted application's workflow: after submission, a withdrawal is an Update
 * of the case's workflow (which cancels the invoice or refunds, then records the transition).
 * The casework part provides the implementation (`{ provide: CaseUpdates, useClass: ... }`).
 */
export abstract class CaseUpdates {
  abstract withdraw(application: Application, user: RequestActor): Promise<CaseUpdateReply>;
}

/** Until the casework is wired: a submitted application cannot be withdrawn here. */
@Injectable()
export class NoCaseUpdates extends CaseUpdates {
  withdraw(application: Application): Promise<CaseUpdateReply> {
    return Promise.reject(
      PermitsApplicationErrors.invalidTransition(application.status, application.step),
    );
  }
}
