import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApplicationRequest,
  DraftApplicationRequest,
  ListApplicationsRequest,
  PERMITS_APPLICATION_DRAFT,
  PERMITS_APPLICATION_GET,
  PERMITS_APPLICATION_LIST,
  PERMITS_APPLICATION_SUBMIT,
  PERMITS_APPLICATION_UPDATE,
  PERMITS_APPLICATION_WITHDRAW,
  PERMITS_INTERNAL_APPLICATION_TRANSITION,
  RecordTransitionInput,
  UpdateApplicationRequest,
  type RpcReply,
} from '#contracts';
import { requestUser } from '../request-actor.js';
import { DraftApplicationUseCase } from './draft-application/draft-application.use-case.js';
import { GetApplicationUseCase } from './get-application/get-application.use-case.js';
import { ListApplicationsUseCase } from './list-applications/list-applications.use-case.js';
import { RecordTransitionUseCase } from './record-transition/record-transition.use-case.js';
import { SubmitApplicationUseCase } from './submit-application/submit-application.use-case.js';
import { UpdateApplicationUseCase } from './update-application/update-application.use-case.js';
import { WithdrawApplicationUseCase } from './withdraw-application/withdraw-application.use-case.js';

/** The application patterns, each mapped to its use case, nothing more. */
@Controller()
export class ApplicationsNatsController {
  constructor(
    private readonly draftApplication: DraftApplicationUseCase,
    private readonly updateApplication: UpdateApplicationUseCase,
    private readonly getApplication: GetApplicationUseCase,
    private readonly listApplications: ListApplicationsUseCase,
    private readonly submitApplication: SubmitApplicationUseCase,
    private readonly withdrawApplication: WithdrawApplicationUseCase,
    private readonly recordTransition: RecordTransitionUseCase,
  ) {}

  @MessagePattern(PERMITS_APPLICATION_DRAFT)
  draft(
    @Payload() request: DraftApplicationRequest,
  ): Promise<RpcReply<typeof PERMITS_APPLICATION_DRAFT>> {
    return this.draftApplication.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_APPLICATION_UPDATE)
  update(
    @Payload() request: UpdateApplicationRequest,
  ): Promise<RpcReply<typeof PERMITS_APPLICATION_UPDATE>> {
    return this.updateApplication.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_APPLICATION_GET)
  get(@Payload() request: ApplicationRequest): Promise<RpcReply<typeof PERMITS_APPLICATION_GET>> {
    return this.getApplication.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_APPLICATION_LIST)
  list(
    @Payload() request: ListApplicationsRequest,
  ): Promise<RpcReply<typeof PERMITS_APPLICATION_LIST>> {
    return this.listApplications.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_APPLICATION_SUBMIT)
  submit(
    @Payload() request: ApplicationRequest,
  ): Promise<RpcReply<typeof PERMITS_APPLICATION_SUBMIT>> {
    return this.submitApplication.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_APPLICATION_WITHDRAW)
  withdraw(
    @Payload() request: ApplicationRequest,
  ): Promise<RpcReply<typeof PERMITS_APPLICATION_WITHDRAW>> {
    return this.withdrawApplication.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_INTERNAL_APPLICATION_TRANSITION)
  transition(
    @Payload() request: RecordTransitionInput,
  ): Promise<RpcReply<typeof PERMITS_INTERNAL_APPLICATION_TRANSITION>> {
    return this.recordTransition.execute(request);
  }
}
