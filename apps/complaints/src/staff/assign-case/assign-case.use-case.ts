import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  assignComplaint,
  COMPLAINTS_CASE_ASSIGN,
  ComplaintsErrors,
  type AssignRequest,
  type ComplaintCaseView,
  type RequestActor,
} from '#contracts';
import { CatalogueRepository } from '../../catalogue/catalogue.repository.js';
import { ComplaintWorkflows, updateIdOf } from '../../workflow/complaint-workflows.js';
import { PublicUpdates } from '../public-updates.js';
import { ReadCasesUseCase } from '../read-cases/read-cases.use-case.js';

/** Assigns an open case to a department (and an officer of it) through its workflow. */
@Injectable()
export class AssignCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueRepository,
    private readonly publicUpdates: PublicUpdates,
    private readonly workflows: ComplaintWorkflows,
    private readonly cases: ReadCasesUseCase,
  ) {}

  async execute(user: RequestActor, q: AssignRequest): Promise<ComplaintCaseView> {
    const r = await this.publicUpdates.open(q.requestId);
    if (!(await this.catalogue.departmentExists(this.dataSource.manager, q.departmentCode)))
      throw ComplaintsErrors.departmentNotFound(q.departmentCode);
    await this.workflows.update(
      r.id,
      assignComplaint,
      { actor: user, departmentCode: q.departmentCode, assigneeId: q.officerId ?? null },
      updateIdOf(COMPLAINTS_CASE_ASSIGN),
    );
    return this.cases.get(r.id);
  }
}
