import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  PermitsApplicationErrors,
  scheduleInspection,
  scheduleInspectionRefusal,
  throwRefusal,
  type InspectionCaseView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId } from '#platform';
import { caseActorOf } from '../../cases/case-actor.js';
import { CaseCommands, caseFactsOf } from '../../cases/case-commands.js';
import { InspectionRepository, inspectionCaseView } from '../inspection.repository.js';

/**
 * `permits.inspection.schedule`: a clerk or supervisor (never on their own case) schedules the
 * next inspection round: the `scheduleInspection` Update, with an inspection id the service
 * allocates once per request key (a retry names the same inspection). The workflow starts the
 * round's child and records the `inspections` row through the service. Whether the inspector
 * holds the inspector role is checked by the gateway, which knows accounts
 * (`PERMITS.NOT_AN_INSPECTOR`).
 */
@Injectable()
export class ScheduleInspectionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CaseCommands,
    private readonly idempotent: IdempotentCommands,
    private readonly inspections: InspectionRepository,
  ) {}

  async execute(
    pattern: string,
    command: { applicationId: string; inspectorId: string; date: string },
    user: RequestActor,
  ): Promise<InspectionCaseView> {
    const row = await this.commands.load(command.applicationId);
    throwRefusal(scheduleInspectionRefusal(user, caseFactsOf(row), command.inspectorId));
    const inspectionId = await this.idempotent.run(`${pattern}:id`, () => Promise.resolve(newId()));
    await this.commands.send(row, pattern, scheduleInspection, {
      actor: caseActorOf(user),
      inspectorId: command.inspectorId,
      scheduledFor: command.date,
      inspectionId,
    });
    const found = await this.inspections.find(this.dataSource.manager, inspectionId);
    if (!found)
      throw PermitsApplicationErrors.of('PERMITS.INSPECTION_NOT_FOUND', 'no such inspection');
    return inspectionCaseView(found);
  }
}
