import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ClaimTaskRequest,
  ListTasksRequest,
  PERMITS_TASK_CLAIM,
  PERMITS_TASK_LIST,
  PERMITS_TASK_REASSIGN,
  ReassignTaskRequest,
  type RpcReply,
} from '#contracts';
import { caseUser } from '../cases/case-actor.js';
import { ClaimTaskUseCase } from './claim-task/claim-task.use-case.js';
import { ListTasksUseCase } from './list-tasks/list-tasks.use-case.js';
import { ReassignTaskUseCase } from './reassign-task/reassign-task.use-case.js';

/** The work queue's patterns, each mapped to its use case, nothing more. */
@Controller()
export class TasksNatsController {
  constructor(
    private readonly list: ListTasksUseCase,
    private readonly claim: ClaimTaskUseCase,
    private readonly reassign: ReassignTaskUseCase,
  ) {}

  @MessagePattern(PERMITS_TASK_LIST)
  listTasks(@Payload() _request: ListTasksRequest): Promise<RpcReply<typeof PERMITS_TASK_LIST>> {
    return this.list.execute(caseUser());
  }

  @MessagePattern(PERMITS_TASK_CLAIM)
  claimTask(@Payload() request: ClaimTaskRequest): Promise<RpcReply<typeof PERMITS_TASK_CLAIM>> {
    return this.claim.execute(PERMITS_TASK_CLAIM, request.applicationId, caseUser());
  }

  @MessagePattern(PERMITS_TASK_REASSIGN)
  reassignTask(
    @Payload() request: ReassignTaskRequest,
  ): Promise<RpcReply<typeof PERMITS_TASK_REASSIGN>> {
    return this.reassign.execute(PERMITS_TASK_REASSIGN, request, caseUser());
  }
}
