import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermitsWhatIfAccess, type WhatIfJobView, type WhatIfRequest } from '#contracts';
import { newId } from '#platform';
import { enforceCaller, type Caller } from '../../request-actor.js';
import { assertWhatIf } from '../proposal.js';
import { whatIfJobView } from '../what-if-view.js';
import { WhatIfRepository } from '../what-if.repository.js';
import { WhatIfRunner } from '../what-if.runner.js';

/**
 * `permits.what-if.start`: a supervisor asks for a what-if replay. The proposal is checked
 * (something proposed, a period, known types and quantities), queued as a job that reads the
 * cases as they stand now, and the runner is woken; the answer is the queued job (202).
 */
@Injectable()
export class StartWhatIfUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: WhatIfRepository,
    private readonly runner: WhatIfRunner,
  ) {}

  async execute(command: { request: WhatIfRequest; caller: Caller }): Promise<WhatIfJobView> {
    enforceCaller(command.caller, ...PermitsWhatIfAccess.runWhatIf());
    const db = this.dataSource.manager;
    const quantities = await this.jobs.currentQuantities(db);
    assertWhatIf(command.request, (type) => quantities.get(type));
    const job = await this.jobs.insertJob(db, {
      id: newId(),
      requestedBy:
        command.caller.kind === 'user'
          ? command.caller.userId
          : '00000000-0000-0000-0000-000000000000',
      proposal: command.request,
      asOf: new Date(),
    });
    this.runner.wake();
    return whatIfJobView(job);
  }
}
