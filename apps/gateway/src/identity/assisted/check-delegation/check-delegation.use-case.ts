import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityErrors, type OnBehalfOf, type RequestActor } from '#contracts';
import { AssistedRepository } from '../assisted.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a clerk may act for an applicant under `delegationId` now: the delegation is this
 * clerk's, has neither expired nor been ended (by the clerk or the person), and its account is
 * not closed. Answers what the permits service is
 * told (`onBehalfOf`); IDENTITY.NOT_DELEGATED otherwise (a refusal, recorded).
 */
@Injectable()
export class CheckDelegationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assisted: AssistedRepository,
  ) {}

  async execute(command: { delegationId: string; clerk: RequestActor }): Promise<OnBehalfOf> {
    const delegation = UUID.test(command.delegationId)
      ? await this.assisted.findLiveDelegation(
          this.dataSource.manager,
          command.delegationId,
          command.clerk.userId,
        )
      : undefined;
    if (!delegation) throw IdentityErrors.notDelegated();
    return { applicantId: delegation.applicant_id, delegationId: delegation.id };
  }
}
