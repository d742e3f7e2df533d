import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  IssuePermitRequest,
  PermitNumberRequest,
  PERMITS_INTERNAL_PERMIT_ISSUE,
  PERMITS_INTERNAL_PERMIT_TRANSITION,
  PERMITS_PERMIT_RENEW,
  PERMITS_PERMIT_REVOKE,
  RecordPermitTransitionInput,
  RevokePermitRequest,
  type RpcReply,
} from '#contracts';
import { caseUser } from '../cases/case-actor.js';
import { IssuePermitUseCase } from './issue-permit/issue-permit.use-case.js';
import { RecordPermitTransitionUseCase } from './record-permit-transition/record-permit-transition.use-case.js';
import { RenewPermitUseCase } from './renew-permit/renew-permit.use-case.js';
import { RevokePermitUseCase } from './revoke-permit/revoke-permit.use-case.js';

/** The issued permits' patterns: issuing (the case workflow), their life (revoke, renew, the permit workflow's transitions). */
@Controller()
export class PermitsNatsController {
  constructor(
    private readonly issue: IssuePermitUseCase,
    private readonly transition: RecordPermitTransitionUseCase,
    private readonly revoke: RevokePermitUseCase,
    private readonly renew: RenewPermitUseCase,
  ) {}

  @MessagePattern(PERMITS_INTERNAL_PERMIT_ISSUE)
  issuePermit(
    @Payload() request: IssuePermitRequest,
  ): Promise<RpcReply<typeof PERMITS_INTERNAL_PERMIT_ISSUE>> {
    return this.issue.execute(request);
  }

  @MessagePattern(PERMITS_INTERNAL_PERMIT_TRANSITION)
  recordTransition(
    @Payload() request: RecordPermitTransitionInput,
  ): Promise<RpcReply<typeof PERMITS_INTERNAL_PERMIT_TRANSITION>> {
    return this.transition.execute(request);
  }

  @MessagePattern(PERMITS_PERMIT_REVOKE)
  revokePermit(
    @Payload() request: RevokePermitRequest,
  ): Promise<RpcReply<typeof PERMITS_PERMIT_REVOKE>> {
    const { permitNumber, ...body } = request;
    return this.revoke.execute(PERMITS_PERMIT_REVOKE, { ...body, permitNumber }, caseUser());
  }

  @MessagePattern(PERMITS_PERMIT_RENEW)
  renewPermit(
    @Payload() request: PermitNumberRequest,
  ): Promise<RpcReply<typeof PERMITS_PERMIT_RENEW>> {
    return this.renew.execute(PERMITS_PERMIT_RENEW, request, caseUser());
  }
}
