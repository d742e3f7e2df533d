import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { enforce, PaymentsAccess, type RequestActor, type TrialBalance } from '#contracts';
import { trialBalance } from '../ledger.js';
import { LedgerRepository } from '../ledger.repository.js';

/**
 * The trial balance at a moment (default now): every account's debits, credits and balance
 * over the entries recorded up to then, and each currency's totals, whose balance is zero.
 */
@Injectable()
export class GetTrialBalanceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
  ) {}

  async execute(query: { at?: string; user: RequestActor }): Promise<TrialBalance> {
    enforce(query.user, {}, ...PaymentsAccess.readLedger());
    const at = query.at ? new Date(query.at) : undefined;
    const lines = trialBalance(await this.ledger.totals(this.dataSource.manager, at));
    return { at: (at ?? new Date()).toISOString(), ...lines };
  }
}
