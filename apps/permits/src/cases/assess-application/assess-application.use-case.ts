import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermitsApplicationErrors, type CaseAssessment } from '#contracts';
import { assessFee, secondApprovalRequired } from '../../permit-types/permit-type.js';
import { CaseRepository } from '../case.repository.js';
import { PermitTypeRepository } from '../../permit-types/permit-type.repository.js';
import { pinnedDefinition } from '../pinned-type-versions.js';

/**
 * `permits.internal.application.assess`: the fee and the approval rule of an application under
 * its pinned type version and its declared quantities as they are now (a resubmission that
 * changed them is assessed again). A read: the workflow records what follows from it.
 */
@Injectable()
export class AssessApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly types: PermitTypeRepository,
  ) {}

  async execute(query: { applicationId: string }): Promise<CaseAssessment> {
    const db = this.dataSource.manager;
    const row = await this.cases.find(db, query.applicationId);
    if (!row || row.status === 'draft') throw PermitsApplicationErrors.applicationNotFound();
    const definition = await pinnedDefinition(this.types, db, row.permitType, row.typeVersion);
    const fee = assessFee(definition, row.quantities);
    return {
      quantities: row.quantities,
      currency: fee.currency,
      lines: fee.lines,
      totalMinor: fee.totalMinor,
      secondApprovalRequired: secondApprovalRequired(definition, row.quantities),
    };
  }
}
