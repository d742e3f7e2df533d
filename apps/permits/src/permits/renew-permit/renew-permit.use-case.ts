import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  PermitsApplicationErrors,
  renewalRefusal,
  requestRenewal,
  throwRefusal,
  type ApplicationView,
  type RequestActor,
} from '#contracts';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { ApplicationViews } from '../../applications/application-views.js';
import { caseActorOf } from '../../cases/case-actor.js';
import { PermitLifeRepository } from '../permit-life.repository.js';
import { PermitWorkflows } from '../permit-workflows.js';

/**
 * `permits.permit.renew`: the holder asks for a renewal of a valid permit within the window
 * before it expires. The service checks that the permit exists and is the caller's (a
 * stranger's permit is not found), and is still valid; the permit's workflow decides the
 * window (`PERMITS.RENEWAL_WINDOW_CLOSED`) and takes one renewal
 * (`PERMITS.RENEWAL_ALREADY_REQUESTED`), recording `renewal-requested` through the service,
 * which creates and submits the renewal application in the same transaction. The answer is
 * the renewal application's view.
 */
@Injectable()
export class RenewPermitUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly permits: PermitLifeRepository,
    private readonly workflows: PermitWorkflows,
    private readonly applications: ApplicationRepository,
    private readonly views: ApplicationViews,
  ) {}

  async execute(
    pattern: string,
    command: { permitNumber: string },
    user: RequestActor,
  ): Promise<ApplicationView> {
    const db = this.dataSource.manager;
    const permit = await this.permits.find(db, command.permitNumber);
    if (!permit) throw PermitsApplicationErrors.permitNotFound();
    if (renewalRefusal(user, { holderId: permit.holderId }) && user.role === 'citizen')
      throw PermitsApplicationErrors.permitNotFound();
    throwRefusal(renewalRefusal(user, { holderId: permit.holderId }));
    if (permit.status !== 'valid')
      throw PermitsApplicationErrors.of(
        'PERMITS.PERMIT_NOT_ACTIVE',
        `permit ${permit.permitNumber} is ${permit.status}`,
        { status: permit.status },
      );
    const answer = await this.workflows.update(permit.permitNumber, pattern, requestRenewal, {
      actor: caseActorOf(user),
    });
    const renewal = answer.renewalApplicationId
      ? await this.applications.findById(db, answer.renewalApplicationId)
      : undefined;
    if (!renewal) throw PermitsApplicationErrors.applicationNotFound();
    return this.views.view(db, renewal, user);
  }
}
