import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AssignRequest,
  CaseGetRequest,
  COMPLAINTS_CASE_ASSIGN,
  COMPLAINTS_CASE_GET,
  COMPLAINTS_CASE_MODERATE,
  COMPLAINTS_CASE_NOTE,
  COMPLAINTS_CASE_STATUS,
  COMPLAINTS_DUPLICATE_CONFIRM,
  COMPLAINTS_DUPLICATE_DISMISS,
  COMPLAINTS_TRIAGE_QUEUE,
  DuplicateConfirmRequest,
  DuplicateDismissRequest,
  ModerationRequest,
  NoteRequest,
  StatusRequest,
  TriageQueueRequest,
  type RpcReply,
} from '#contracts';
import { staffMember } from '../request-actor.js';
import { AddNoteUseCase } from './add-note/add-note.use-case.js';
import { AssignCaseUseCase } from './assign-case/assign-case.use-case.js';
import { ChangeStatusUseCase } from './change-status/change-status.use-case.js';
import { ConfirmDuplicateUseCase } from './confirm-duplicate/confirm-duplicate.use-case.js';
import { DismissDuplicateUseCase } from './dismiss-duplicate/dismiss-duplicate.use-case.js';
import { ModerateCaseUseCase } from './moderate-case/moderate-case.use-case.js';
import { ReadCasesUseCase } from './read-cases/read-cases.use-case.js';

/** The staff side's patterns (clerks, supervisors, admins), each mapped to its use case. */
@Controller()
export class StaffNatsController {
  constructor(
    private readonly cases: ReadCasesUseCase,
    private readonly assignCase: AssignCaseUseCase,
    private readonly changeStatus: ChangeStatusUseCase,
    private readonly addNote: AddNoteUseCase,
    private readonly moderateCase: ModerateCaseUseCase,
    private readonly confirmDuplicate: ConfirmDuplicateUseCase,
    private readonly dismissDuplicate: DismissDuplicateUseCase,
  ) {}

  @MessagePattern(COMPLAINTS_TRIAGE_QUEUE)
  queue(@Payload() q: TriageQueueRequest): Promise<RpcReply<typeof COMPLAINTS_TRIAGE_QUEUE>> {
    return this.cases.queue(staffMember(), q);
  }

  @MessagePattern(COMPLAINTS_CASE_GET)
  getCase(@Payload() q: CaseGetRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_GET>> {
    staffMember();
    return this.cases.get(q.requestId);
  }

  @MessagePattern(COMPLAINTS_CASE_ASSIGN)
  assign(@Payload() q: AssignRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_ASSIGN>> {
    return this.assignCase.execute(staffMember(), q);
  }

  @MessagePattern(COMPLAINTS_CASE_STATUS)
  status(@Payload() q: StatusRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_STATUS>> {
    return this.changeStatus.execute(staffMember(), q);
  }

  @MessagePattern(COMPLAINTS_CASE_NOTE)
  note(@Payload() q: NoteRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_NOTE>> {
    return this.addNote.execute(staffMember(), q.requestId, q.text);
  }

  @MessagePattern(COMPLAINTS_CASE_MODERATE)
  moderate(@Payload() q: ModerationRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_MODERATE>> {
    staffMember();
    return this.moderateCase.execute(q);
  }

  @MessagePattern(COMPLAINTS_DUPLICATE_CONFIRM)
  confirm(
    @Payload() q: DuplicateConfirmRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_DUPLICATE_CONFIRM>> {
    return this.confirmDuplicate.execute(staffMember(), q);
  }

  @MessagePattern(COMPLAINTS_DUPLICATE_DISMISS)
  dismiss(
    @Payload() q: DuplicateDismissRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_DUPLICATE_DISMISS>> {
    return this.dismissDuplicate.execute(staffMember(), q.requestId, q.originalId);
  }
}
