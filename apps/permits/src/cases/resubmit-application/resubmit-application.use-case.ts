import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  applicantRefusal,
  resubmitApplication,
  throwRefusal,
  type CaseView,
  type RequestActor,
} from '#contracts';
import { caseActorOf } from '../case-actor.js';
import { CaseCommands, caseFactsOf } from '../case-commands.js';

/**
 * `permits.application.resubmit`: the applicant answers a change request (after changing the
 * application with PATCH and new document versions). The Update carries the declared
 * quantities as they are now (a change re-assesses the fee and the approval rule) and the open
 * revision items; the workflow restarts the stopped clock.
 */
@Injectable()
export class ResubmitApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CaseCommands,
  ) {}

  async execute(pattern: string, applicationId: string, user: RequestActor): Promise<CaseView> {
    const row = await this.commands.load(applicationId);
    throwRefusal(applicantRefusal(user, caseFactsOf(row)));
    const open = await this.dataSource.manager.query<{ item_key: string }[]>(
      `SELECT DISTINCT item_key FROM revision_items
       WHERE application_id = $1 AND status = 'open' ORDER BY item_key`,
      [row.id],
    );
    await this.commands.send(row, pattern, resubmitApplication, {
      actor: caseActorOf(user),
      quantities: row.quantities,
      revisionItemKeys: open.map((r) => r.item_key),
    });
    return this.commands.view(row.id);
  }
}
