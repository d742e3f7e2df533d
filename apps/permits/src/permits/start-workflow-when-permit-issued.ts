import { Controller, Inject, Logger } from '@nestjs/common';
import { PERMIT_ISSUED_V1 } from '#contracts';
import { OnEvent, type EventContext, type EventOf } from '#platform';
import { CASEWORK_SETTINGS, type CaseworkSettings } from '../cases/casework.settings.js';
import { PermitLifeRepository } from './permit-life.repository.js';
import { PermitWorkflows } from './permit-workflows.js';

/**
 * Starts an issued permit's own workflow (`permit-<permitNumber>`) when permits consumes its
 * own `permit.issued` through its inbox, with the same id policies as a case's start ("use
 * existing", "reject duplicate"): a redelivered event never starts a second run, and the
 * issuance can never lose its workflow (the event commits with the permit; this start is
 * retried until it succeeds). The application's workflow ended with the issuance.
 */
@Controller()
export class StartWorkflowWhenPermitIssued {
  private readonly logger = new Logger(StartWorkflowWhenPermitIssued.name);

  constructor(
    private readonly permits: PermitLifeRepository,
    private readonly workflows: PermitWorkflows,
    @Inject(CASEWORK_SETTINGS) private readonly settings: CaseworkSettings,
  ) {}

  @OnEvent(PERMIT_ISSUED_V1)
  async handle(event: EventOf<typeof PERMIT_ISSUED_V1>, context: EventContext): Promise<void> {
    const permit = await this.permits.find(context.manager, event.data.permitNumber);
    if (!permit) throw new Error(`permit ${event.data.permitNumber} is not in the table`);
    const outcome = await this.workflows.start({
      permitNumber: permit.permitNumber,
      applicationId: permit.applicationId,
      holderId: permit.holderId,
      permitType: permit.permitType,
      typeVersion: permit.typeVersion,
      validFrom: permit.validFrom.toISOString(),
      validUntil: permit.validUntil.toISOString(),
      renewalWindowDays: this.settings.renewalWindowDays,
    });
    if (outcome === 'closed')
      this.logger.log(
        `permit ${permit.permitNumber} ended already: its issued event changes nothing`,
      );
  }
}
