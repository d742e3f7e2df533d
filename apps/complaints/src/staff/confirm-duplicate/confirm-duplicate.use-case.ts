import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  COMPLAINT_DUPLICATE_LINKED_V1,
  COMPLAINTS_DUPLICATE_CONFIRM,
  ComplaintsErrors,
  resolveComplaint,
  type ComplaintCaseView,
  type DuplicateConfirmRequest,
  type RequestActor,
} from '#contracts';
import { IdempotentCommands, Outbox } from '#platform';
import { DuplicateRepository } from '../../duplicates/duplicate.repository.js';
import { distanceMetres } from '../../gazetteer/geo.js';
import { isResolved } from '../../requests/request.js';
import { RequestRepository } from '../../requests/request.repository.js';
import { ComplaintWorkflows, updateIdOf } from '../../workflow/complaint-workflows.js';
import { PublicUpdates } from '../public-updates.js';
import { ReadCasesUseCase } from '../read-cases/read-cases.use-case.js';

/**
 * Confirms `requestId` as a repeat of the open `originalId`: linked both ways, the repeat's
 * reporter follows the original, `duplicate-linked` recorded (one transaction); then the repeat
 * is resolved as `duplicate` by its workflow (which closes it).
 */
@Injectable()
export class ConfirmDuplicateUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly outbox: Outbox,
    private readonly requests: RequestRepository,
    private readonly duplicates: DuplicateRepository,
    private readonly publicUpdates: PublicUpdates,
    private readonly workflows: ComplaintWorkflows,
    private readonly cases: ReadCasesUseCase,
  ) {}

  async execute(user: RequestActor, q: DuplicateConfirmRequest): Promise<ComplaintCaseView> {
    await this.commands.run(COMPLAINTS_DUPLICATE_CONFIRM, async (tx) => {
      const [r, original] = [
        await this.requests.find(tx, q.requestId, { lock: true }),
        await this.requests.find(tx, q.originalId),
      ];
      if (!r) throw ComplaintsErrors.requestNotFound(q.requestId);
      if (!original) throw ComplaintsErrors.requestNotFound(q.originalId);
      if (r.id === original.id)
        throw ComplaintsErrors.duplicateInvalid('a request cannot repeat itself');
      if (isResolved(r.status)) throw ComplaintsErrors.duplicateInvalid('this request is resolved');
      if (original.closedAt || original.duplicateOf)
        throw ComplaintsErrors.duplicateInvalid('the original is closed or itself a duplicate');
      if (original.serviceCode !== r.serviceCode)
        throw ComplaintsErrors.duplicateInvalid('the original is of another service');
      const distance = Math.round(distanceMetres(r, original));
      const now = new Date();
      await this.duplicates.decide(
        tx,
        { requestId: r.id, originalId: original.id, distanceMetres: distance },
        'confirmed',
        user.userId,
        now,
      );
      await this.requests.change(tx, r.id, { duplicateOf: original.id }, now);
      if (r.reporterAccountId)
        await this.requests.follow(tx, original.id, r.reporterAccountId, now);
      await this.outbox.append(tx, {
        subject: COMPLAINT_DUPLICATE_LINKED_V1,
        aggregateId: r.id,
        actor: { kind: 'user', userId: user.userId, role: user.role },
        data: {
          requestId: r.id,
          serviceCode: r.serviceCode,
          departmentCode: r.departmentCode,
          status: r.status,
          originalRequestId: original.id,
          distanceMetres: distance,
        },
      });
    });
    const updateId = await this.publicUpdates.store(
      (await this.requests.find(this.dataSource.manager, q.requestId))!,
      { status: 'duplicate' },
    );
    await this.workflows.update(
      q.requestId,
      resolveComplaint,
      { actor: user, status: 'duplicate', duplicateOf: q.originalId, updateId },
      updateIdOf(COMPLAINTS_DUPLICATE_CONFIRM),
    );
    return this.cases.get(q.requestId);
  }
}
