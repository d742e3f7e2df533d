import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  InspectionDayQuery,
  InspectionRef,
  PERMITS_INSPECTION_LIST_DAY,
  PERMITS_INSPECTION_RECORD_RESULT,
  PERMITS_INSPECTION_RESULT_BEGIN,
  PERMITS_INSPECTION_SCHEDULE,
  RecordInspectionResultRequest,
  ScheduleInspectionRequest,
  type RpcReply,
} from '#contracts';
import { caseUser } from '../cases/case-actor.js';
import { ListInspectionDayUseCase } from './list-inspection-day/list-inspection-day.use-case.js';
import { RecordInspectionResultUseCase } from './record-inspection-result/record-inspection-result.use-case.js';
import { ScheduleInspectionUseCase } from './schedule-inspection/schedule-inspection.use-case.js';

/** The inspections' patterns, each mapped to its use case, nothing more. */
@Controller()
export class InspectionsNatsController {
  constructor(
    private readonly schedule: ScheduleInspectionUseCase,
    private readonly record: RecordInspectionResultUseCase,
    private readonly day: ListInspectionDayUseCase,
  ) {}

  @MessagePattern(PERMITS_INSPECTION_SCHEDULE)
  scheduleInspection(
    @Payload() request: ScheduleInspectionRequest,
  ): Promise<RpcReply<typeof PERMITS_INSPECTION_SCHEDULE>> {
    return this.schedule.execute(PERMITS_INSPECTION_SCHEDULE, request, caseUser());
  }

  @MessagePattern(PERMITS_INSPECTION_RECORD_RESULT)
  recordResult(
    @Payload() request: RecordInspectionResultRequest,
  ): Promise<RpcReply<typeof PERMITS_INSPECTION_RECORD_RESULT>> {
    return this.record.execute(PERMITS_INSPECTION_RECORD_RESULT, request, caseUser());
  }

  @MessagePattern(PERMITS_INSPECTION_RESULT_BEGIN)
  beginResult(
    @Payload() request: InspectionRef,
  ): Promise<RpcReply<typeof PERMITS_INSPECTION_RESULT_BEGIN>> {
    return this.record.check(request.inspectionId, caseUser());
  }

  @MessagePattern(PERMITS_INSPECTION_LIST_DAY)
  listDay(
    @Payload() request: InspectionDayQuery,
  ): Promise<RpcReply<typeof PERMITS_INSPECTION_LIST_DAY>> {
    return this.day.execute(request.date, caseUser());
  }
}
