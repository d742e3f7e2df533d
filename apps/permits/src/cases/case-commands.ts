import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import {
  PermitsApplicationErrors,
  type CaseView,
  type PermitCaseFacts,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
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
    private readonly idempotent: IdempotentCommands,
  ) {}

  /**
   * A command's free text stored once per request key in `application_notes` (never in the
   * Update, which carries only its id); undefined when there is no text.
   */
  async noteOnce(
    pattern: string,
    applicationId: string,
    user: RequestActor,
    kind: 'hold',
    text: string | undefined,
  ): Promise<string | undefined> {
    const body = text?.trim();
    if (!body) return undefined;
    return this.idempotent.run(`${pattern}:note`, (tx) =>
      this.cases.insertNote(tx, {
        id: newId(),
        applicationId,
        kind,
        authorId: user.userId,
        authorRole: user.role,
        body,
      }),
    );
  }

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
