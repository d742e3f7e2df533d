import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IssuePermitRequest, PERMITS_INTERNAL_PERMIT_ISSUE, type RpcReply } from '#contracts';
import { IssuePermitUseCase } from './issue-permit/issue-permit.use-case.js';

/** The issued permits' patterns (the workflow's issuing step). */
@Controller()
export class PermitsNatsController {
  constructor(private readonly issue: IssuePermitUseCase) {}

  @MessagePattern(PERMITS_INTERNAL_PERMIT_ISSUE)
  issuePermit(
    @Payload() request: IssuePermitRequest,
  ): Promise<RpcReply<typeof PERMITS_INTERNAL_PERMIT_ISSUE>> {
    return this.issue.execute(request);
  }
}
