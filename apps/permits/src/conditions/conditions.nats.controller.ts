import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddConditionRequest,
  HoldApplicationRequest,
  MarkConditionMetRequest,
  PERMITS_APPLICATION_HOLD,
  PERMITS_APPLICATION_RELEASE,
  PERMITS_CONDITION_ADD,
  PERMITS_CONDITION_MET,
  ReleaseApplicationRequest,
  type RpcReply,
} from '#contracts';
import { caseUser } from '../cases/case-actor.js';
import { HoldApplicationUseCase } from '../holds/hold-application/hold-application.use-case.js';
import { ReleaseApplicationUseCase } from '../holds/release-application/release-application.use-case.js';
import { AddConditionUseCase } from './add-condition/add-condition.use-case.js';
import { MarkConditionMetUseCase } from './mark-condition-met/mark-condition-met.use-case.js';

/** Conditions of approval and holds: each pattern mapped to its use case. */
@Controller()
export class ConditionsNatsController {
  constructor(
    private readonly add: AddConditionUseCase,
    private readonly met: MarkConditionMetUseCase,
    private readonly hold: HoldApplicationUseCase,
    private readonly release: ReleaseApplicationUseCase,
  ) {}

  @MessagePattern(PERMITS_CONDITION_ADD)
  addCondition(
    @Payload() request: AddConditionRequest,
  ): Promise<RpcReply<typeof PERMITS_CONDITION_ADD>> {
    return this.add.execute(PERMITS_CONDITION_ADD, request, caseUser());
  }

  @MessagePattern(PERMITS_CONDITION_MET)
  markConditionMet(
    @Payload() request: MarkConditionMetRequest,
  ): Promise<RpcReply<typeof PERMITS_CONDITION_MET>> {
    return this.met.execute(PERMITS_CONDITION_MET, request, caseUser());
  }

  @MessagePattern(PERMITS_APPLICATION_HOLD)
  holdApplication(
    @Payload() request: HoldApplicationRequest,
  ): Promise<RpcReply<typeof PERMITS_APPLICATION_HOLD>> {
    return this.hold.execute(PERMITS_APPLICATION_HOLD, request, caseUser());
  }

  @MessagePattern(PERMITS_APPLICATION_RELEASE)
  releaseApplication(
    @Payload() request: ReleaseApplicationRequest,
  ): Promise<RpcReply<typeof PERMITS_APPLICATION_RELEASE>> {
    return this.release.execute(PERMITS_APPLICATION_RELEASE, request, caseUser());
  }
}
