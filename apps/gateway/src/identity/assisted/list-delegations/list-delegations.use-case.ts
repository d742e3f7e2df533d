import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestActor } from '#contracts';
import { AssistedRepository, delegationView, type DelegationView } from '../assisted.repository.js';

/**
 * The delegations live on the caller's own account: which clerks may file for them now (by
 * way and time; the person ends any of them with `EndDelegationUseCase`).
 */
@Injectable()
export class ListDelegationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assisted: AssistedRepository,
  ) {}

  async execute(command: { actor: RequestActor }): Promise<{ items: DelegationView[] }> {
    const rows = await this.assisted.listLiveForApplicant(
      this.dataSource.manager,
      command.actor.userId,
    );
    return { items: rows.map(delegationView) };
  }
}
