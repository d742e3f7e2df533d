import { Injectable } from '@nestjs/common';
import {
  changeComplaintStatus,
  COMPLAINTS_CASE_STATUS,
  resolveComplaint,
  triageComplaint,
  type ComplaintCaseView,
  type ComplaintResolvedStatus,
  type ComplaintWorkingStatus,
  type RequestActor,
  type StatusRequest,
} from '#contracts';
import { ComplaintWorkflows, updateIdOf } from '../../workflow/complaint-workflows.js';
import { PublicUpdates } from '../public-updates.js';
import { ReadCasesUseCase } from '../read-cases/read-cases.use-case.js';
import { staffStep } from '../staff.js';

/**
 * A status change with its public update (the text given, or the status's template): stored
 * first, then the workflow's Update (`triageComplaint`, `changeComplaintStatus` or
 * `resolveComplaint`, see `staffStep`), whose id derives from the request's Idempotency-Key.
 * The workflow records the transition before the Update returns, so the reply is current.
 */
@Injectable()
export class ChangeStatusUseCase {
  constructor(
    private readonly publicUpdates: PublicUpdates,
    private readonly workflows: ComplaintWorkflows,
    private readonly cases: ReadCasesUseCase,
  ) {}

  async execute(user: RequestActor, q: StatusRequest): Promise<ComplaintCaseView> {
    const r = await this.publicUpdates.open(q.requestId);
    const step = staffStep(r.status, q.status);
    const updateId = await this.publicUpdates.store(r, q);
    const id = updateIdOf(COMPLAINTS_CASE_STATUS);
    if (step === 'resolve')
      await this.workflows.update(
        r.id,
        resolveComplaint,
        { actor: user, status: q.status as ComplaintResolvedStatus, updateId },
        id,
      );
    else if (step === 'triage')
      await this.workflows.update(
        r.id,
        triageComplaint,
        {
          actor: user,
          status: q.status as ComplaintWorkingStatus,
          ...(q.priority ? { priority: q.priority } : {}),
          updateId,
        },
        id,
      );
    else
      await this.workflows.update(
        r.id,
        changeComplaintStatus,
        { actor: user, status: q.status as ComplaintWorkingStatus, updateId },
        id,
      );
    return this.cases.get(r.id);
  }
}
