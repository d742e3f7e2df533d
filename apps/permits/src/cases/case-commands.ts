import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { PermitsApplicationErrors, type CaseView, type PermitCaseFacts } from '#contracts';
import { CaseRepository, caseView, type CaseRow } from './case.repository.js';
import { CaseWorkflows, updateIdOf } from './case-workflows.js';

/** The facts the shared access rules read of a case row. */
export const caseFactsOf = (row: CaseRow): PermitCaseFacts => ({
  applicantId: row.applicantId,
  approverIds: row.approverIds,
  secondApprovalRequired: row.secondApprovalRequired,
  filedBy: row.filedBy,
});

/**
 * What every case-work command does around its own checks: load the submitted case, send the
 * Update (its id from the request key and the pattern), and answer the case as the table says
 * once the Update returned (the workflow has recorded its transition by then).
 */
@Injectable()
export class CaseCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly workflows: CaseWorkflows,
  ) {}

  /** A submitted case (a draft has no case work: not found). */
  async load(applicationId: string): Promise<CaseRow> {
    const row = await this.cases.find(this.dataSource.manager, applicationId);
    if (!row || row.status === 'draft') throw PermitsApplicationErrors.applicationNotFound();
    return row;
  }

  async send<Ret, Arg>(
    row: CaseRow,
    pattern: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
  ): Promise<Ret> {
    return this.workflows.update(row, definition, arg, updateIdOf(pattern));
  }

  async view(applicationId: string): Promise<CaseView> {
    const row = await this.cases.find(this.dataSource.manager, applicationId);
    if (!row) throw PermitsApplicationErrors.applicationNotFound();
    return caseView(row);
  }
}
