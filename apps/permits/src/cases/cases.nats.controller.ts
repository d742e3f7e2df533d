import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApplicationRef,
  AssessApplicationRequest,
  PERMITS_APPLICATION_RESUBMIT,
  PERMITS_INTERNAL_APPLICATION_ASSESS,
  type RpcReply,
} from '#contracts';
import { AssessApplicationUseCase } from './assess-application/assess-application.use-case.js';
import { caseUser } from './case-actor.js';
import { ResubmitApplicationUseCase } from './resubmit-application/resubmit-application.use-case.js';

/** The case patterns of applications, each mapped to its use case, nothing more. */
@Controller()
export class CasesNatsController {
  constructor(
    private readonly assess: AssessApplicationUseCase,
    private readonly resubmit: ResubmitApplicationUseCase,
  ) {}

  @MessagePattern(PERMITS_INTERNAL_APPLICATION_ASSESS)
  assessApplication(
    @Payload() request: AssessApplicationRequest,
  ): Promise<RpcReply<typeof PERMITS_INTERNAL_APPLICATION_ASSESS>> {
    return this.assess.execute(request);
  }

  @MessagePattern(PERMITS_APPLICATION_RESUBMIT)
  resubmitApplication(
    @Payload() request: ApplicationRef,
  ): Promise<RpcReply<typeof PERMITS_APPLICATION_RESUBMIT>> {
    return this.resubmit.execute(PERMITS_APPLICATION_RESUBMIT, request.applicationId, caseUser());
  }
}
