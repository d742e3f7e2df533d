import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  inspectionResultRefusal,
  inspectionWorkflowId,
  PermitsApplicationErrors,
  recordInspectionResult,
  throwRefusal,
  type InspectionPhotoInput,
  type InspectionCaseView,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, newId, TemporalClientHolder } from '#platform';
import { caseActorOf } from '../../cases/case-actor.js';
import { ConditionRepository } from '../../conditions/condition.repository.js';
import { CaseRepository } from '../../cases/case.repository.js';
import { refusalOf, updateIdOf } from '../../cases/case-workflows.js';
import { InspectionRepository, inspectionCaseView } from '../inspection.repository.js';

export interface RecordInspectionResult {
  inspectionId: string;
  outcome: 'pass' | 'fail';
  findings?: string;
  photos?: InspectionPhotoInput[];
}

/**
 * `permits.inspection.record-result`: the assigned inspector (only them) records pass or fail.
 * The findings are stored in `application_notes` first (once per request key) and the
 * `recordInspectionResult` Update of the round's child workflow carries only their id; the
 * photos (already streamed to file storage by the gateway) are recorded once the result was
 * accepted. A refusal from the workflow is the same code the service would give.
 */
@Injectable()
export class RecordInspectionResultUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotent: IdempotentCommands,
    private readonly cases: CaseRepository,
    private readonly inspections: InspectionRepository,
    private readonly temporal: TemporalClientHolder,
    private readonly conditions: ConditionRepository = new ConditionRepository(),
  ) {}

  /**
   * `permits.inspection.result-begin` (before the gateway stores the photos) and the first step
   * of `execute`: the inspection exists, `user` is its assigned inspector, it is still scheduled.
   */
  async check(inspectionId: string, user: RequestActor): Promise<InspectionCaseView> {
    return inspectionCaseView(await this.recordable(inspectionId, user));
  }

  private async recordable(inspectionId: string, user: RequestActor) {
    const found = await this.inspections.find(this.dataSource.manager, inspectionId);
    if (!found)
      throw PermitsApplicationErrors.of('PERMITS.INSPECTION_NOT_FOUND', 'no such inspection');
    throwRefusal(inspectionResultRefusal(user, found));
    if (found.status !== 'scheduled')
      throw PermitsApplicationErrors.of(
        'PERMITS.INSPECTION_NOT_SCHEDULED',
        `the inspection is ${found.status} already`,
        { status: found.status },
      );
    // The round's child does not know its parent's hold: the table does (docs/permits.md
    // "Conditions and holds").
    if (await this.conditions.openHold(this.dataSource.manager, found.applicationId))
      throw PermitsApplicationErrors.onHold();
    return found;
  }

  async execute(
    pattern: string,
    command: RecordInspectionResult,
    user: RequestActor,
  ): Promise<InspectionCaseView> {
    const db = this.dataSource.manager;
    const found = await this.recordable(command.inspectionId, user);
    const findings = command.findings;
    const findingsId = findings
      ? await this.idempotent.run(`${pattern}:findings`, (tx) =>
          this.cases.insertNote(tx, {
            id: newId(),
            applicationId: found.applicationId,
            kind: 'findings',
            authorId: user.userId,
            authorRole: user.role,
            body: findings,
          }),
        )
      : undefined;
    const handle = this.temporal.client.workflow.getHandle(
      inspectionWorkflowId(found.applicationId, found.round),
    );
    try {
      await handle.executeUpdate(recordInspectionResult, {
        args: [
          {
            actor: caseActorOf(user),
            outcome: command.outcome,
            ...(findingsId ? { findingsId } : {}),
          },
        ],
        updateId: updateIdOf(pattern),
      });
    } catch (error) {
      throw refusalOf(error, { status: 'inspection', step: 'inspection_scheduled' });
    }
    const photos = command.photos ?? [];
    if (photos.length > 0)
      await this.idempotent.run(`${pattern}:photos`, async (tx) => {
        await this.inspections.insertPhotos(tx, found.inspectionId, photos);
        return photos.length;
      });
    const after = await this.inspections.find(db, found.inspectionId);
    return inspectionCaseView(after ?? found);
  }
}
