import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplaintsErrors, type ComplaintCaseView, type RequestActor } from '#contracts';
import { DuplicateRepository } from '../../duplicates/duplicate.repository.js';
import { ReadCasesUseCase } from '../read-cases/read-cases.use-case.js';

/** Staff decide that a suggested original is not one: the suggestion is kept as dismissed. */
@Injectable()
export class DismissDuplicateUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly duplicates: DuplicateRepository,
    private readonly cases: ReadCasesUseCase,
  ) {}

  async execute(
    user: RequestActor,
    requestId: string,
    originalId: string,
  ): Promise<ComplaintCaseView> {
    const links = await this.duplicates.of(this.dataSource.manager, requestId);
    const link = links.find((l) => l.requestId === requestId && l.originalId === originalId);
    if (!link) throw ComplaintsErrors.duplicateInvalid('no such suggestion');
    await this.duplicates.decide(
      this.dataSource.manager,
      link,
      'dismissed',
      user.userId,
      new Date(),
    );
    return this.cases.get(requestId);
  }
}
