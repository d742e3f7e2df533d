import { Injectable } from '@nestjs/common';
import { ComplaintsErrors, type ComplaintCaseView, type ModerationRequest } from '#contracts';
import { IdempotentCommands } from '#platform';
import { RequestRepository } from '../../requests/request.repository.js';
import { ReadCasesUseCase } from '../read-cases/read-cases.use-case.js';

/** Staff approve or reject the description and each photo: only approved ones become public. */
@Injectable()
export class ModerateCaseUseCase {
  constructor(
    private readonly commands: IdempotentCommands,
    private readonly requests: RequestRepository,
    private readonly cases: ReadCasesUseCase,
  ) {}

  async execute(q: ModerationRequest): Promise<ComplaintCaseView> {
    await this.commands.run('complaints.case.moderate', async (tx) => {
      const r = await this.requests.find(tx, q.requestId, { lock: true });
      if (!r) throw ComplaintsErrors.requestNotFound(q.requestId);
      if (q.description && r.description)
        await this.requests.change(tx, r.id, { descriptionModeration: q.description }, new Date());
      for (const [id, verdict] of Object.entries(q.media ?? {})) {
        if (verdict !== 'approved' && verdict !== 'rejected')
          throw ComplaintsErrors.mediaInvalid('verdict must be approved or rejected');
        if ((await this.requests.moderateMedia(tx, r.id, id, verdict)) === 0)
          throw ComplaintsErrors.mediaInvalid(`${id} is not a photo of this request`);
      }
    });
    return this.cases.get(q.requestId);
  }
}
