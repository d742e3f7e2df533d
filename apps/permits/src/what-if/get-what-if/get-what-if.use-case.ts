import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermitsWhatIfAccess, PermitsWhatIfErrors, type WhatIfJobView } from '#contracts';
import { enforceCaller, type Caller } from '../../request-actor.js';
import { whatIfJobView } from '../what-if-view.js';
import { WhatIfRepository } from '../what-if.repository.js';

/** `permits.what-if.get`: a what-if job, with its report once done (supervisors). */
@Injectable()
export class GetWhatIfUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: WhatIfRepository,
  ) {}

  async execute(command: { id: string; caller: Caller }): Promise<WhatIfJobView> {
    enforceCaller(command.caller, ...PermitsWhatIfAccess.runWhatIf());
    const job = await this.jobs.findJob(this.dataSource.manager, command.id);
    if (!job) throw PermitsWhatIfErrors.notFound();
    return whatIfJobView(job);
  }
}
