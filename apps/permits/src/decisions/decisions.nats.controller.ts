import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DecideApplicationRequest, PERMITS_APPLICATION_DECIDE, type RpcReply } from '#contracts';
import { caseUser } from '../cases/case-actor.js';
import { DecideApplicationUseCase } from './decide-application/decide-application.use-case.js';

/** The decisions' pattern, mapped to its use case. */
@Controller()
export class DecisionsNatsController {
  constructor(private readonly decide: DecideApplicationUseCase) {}

  @MessagePattern(PERMITS_APPLICATION_DECIDE)
  decideApplication(
    @Payload() request: DecideApplicationRequest,
  ): Promise<RpcReply<typeof PERMITS_APPLICATION_DECIDE>> {
    const { applicationId, ...body } = request;
    return this.decide.execute(PERMITS_APPLICATION_DECIDE, { ...body, applicationId }, caseUser());
  }
}
