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
  COMPLAINTS_FEEDBACK_SUBMIT,
  COMPLAINTS_INTERNAL_REQUEST_TRANSITION,
  COMPLAINTS_REQUEST_CREATE,
  COMPLAINTS_REQUEST_FOLLOW,
  COMPLAINTS_REQUEST_GET,
  COMPLAINTS_REQUEST_LIST,
  COMPLAINTS_REQUEST_LIST_OWN,
  COMPLAINTS_REQUEST_REOPEN,
  COMPLAINTS_SERVICE_GET,
  COMPLAINTS_SERVICE_LIST,
  COMPLAINTS_SERVICE_PUT,
  COMPLAINTS_STATS_GET,
  COMPLAINTS_TEMPLATE_LIST,
  COMPLAINTS_TEMPLATE_PUT,
  COMPLAINTS_TOKEN_GET,
  COMPLAINTS_TRIAGE_QUEUE,
  COMPLAINTS_UPDATE_LIST,
  ComplaintsErrors,
  ComplaintStatsRequest,
  ComplaintTransitionInput,
  CreateComplaintRequest,
  DuplicateConfirmRequest,
  DuplicateDismissRequest,
  enforce,
  FeedbackRequest,
  FollowComplaintRequest,
  GetComplaintsRequest,
  ListComplaintsRequest,
  ListOwnComplaintsRequest,
  ListUpdatesRequest,
  ModerationRequest,
  NoteRequest,
  Policy,
  ReopenComplaintRequest,
  ServiceGetRequest,
  ServiceListRequest,
  ServicePutRequest,
  StatusRequest,
  TemplateListRequest,
  TemplatePutRequest,
  TokenGetRequest,
  TriageQueueRequest,
  type RequestActor,
  type RpcReply,
} from '#contracts';
import { currentActor, IdempotentCommands } from '#platform';
import { DataSource } from 'typeorm';
import { definitionView } from './catalogue/catalogue.js';
import { CatalogueRepository } from './catalogue/catalogue.repository.js';
import { ReadCatalogueUseCase } from './catalogue/read-catalogue/read-catalogue.use-case.js';
import { ReporterUseCase } from './feedback/reporter.use-case.js';
import { CreateRequestUseCase } from './requests/create-request/create-request.use-case.js';
import { ReadRequestsUseCase } from './requests/read-requests/read-requests.use-case.js';
import { assertStaff, StaffUseCase } from './staff/staff.use-case.js';
import { StatsUseCase } from './stats/stats.use-case.js';
import { RecordTransitionUseCase } from './workflow/record-transition/record-transition.use-case.js';

const user = (): RequestActor => {
  const actor = currentActor();
  if (!actor) throw ComplaintsErrors.reporterRequired();
  return actor;
};
const staff = (): RequestActor => {
  const u = user();
  assertStaff(u);
  return u;
};

/** Every complaints pattern, each mapped to its use case, nothing more. */
@Controller()
export class ComplaintsNatsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: IdempotentCommands,
    private readonly catalogue: CatalogueRepository,
    private readonly readCatalogue: ReadCatalogueUseCase,
    private readonly create: CreateRequestUseCase,
    private readonly reads: ReadRequestsUseCase,
    private readonly reporter: ReporterUseCase,
    private readonly staffCases: StaffUseCase,
    private readonly stats: StatsUseCase,
    private readonly transitions: RecordTransitionUseCase,
  ) {}

  @MessagePattern(COMPLAINTS_SERVICE_LIST)
  services(@Payload() q: ServiceListRequest): Promise<RpcReply<typeof COMPLAINTS_SERVICE_LIST>> {
    return this.readCatalogue.list(q.lang);
  }

  @MessagePattern(COMPLAINTS_SERVICE_GET)
  service(@Payload() q: ServiceGetRequest): Promise<RpcReply<typeof COMPLAINTS_SERVICE_GET>> {
    return this.readCatalogue.get(q.serviceCode, q.lang);
  }

  @MessagePattern(COMPLAINTS_REQUEST_CREATE)
  createRequest(
    @Payload() q: CreateComplaintRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_CREATE>> {
    return this.create.execute(COMPLAINTS_REQUEST_CREATE, { request: q, user: currentActor() });
  }

  @MessagePattern(COMPLAINTS_REQUEST_GET)
  getRequests(
    @Payload() q: GetComplaintsRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_GET>> {
    return this.reads.byIds(q.serviceRequestIds);
  }

  @MessagePattern(COMPLAINTS_REQUEST_LIST)
  listRequests(
    @Payload() q: ListComplaintsRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_LIST>> {
    return this.reads.search(q);
  }

  @MessagePattern(COMPLAINTS_TOKEN_GET)
  token(@Payload() q: TokenGetRequest): Promise<RpcReply<typeof COMPLAINTS_TOKEN_GET>> {
    return this.reads.token(q.token);
  }

  @MessagePattern(COMPLAINTS_UPDATE_LIST)
  updates(@Payload() q: ListUpdatesRequest): Promise<RpcReply<typeof COMPLAINTS_UPDATE_LIST>> {
    return this.reads.updates(q);
  }

  @MessagePattern(COMPLAINTS_STATS_GET)
  statistics(@Payload() q: ComplaintStatsRequest): Promise<RpcReply<typeof COMPLAINTS_STATS_GET>> {
    return this.stats.execute(q);
  }

  @MessagePattern(COMPLAINTS_REQUEST_LIST_OWN)
  listOwn(
    @Payload() q: ListOwnComplaintsRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_LIST_OWN>> {
    return this.reporter.listOwn(user(), q.limit, q.cursor);
  }

  @MessagePattern(COMPLAINTS_REQUEST_FOLLOW)
  follow(
    @Payload() q: FollowComplaintRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_FOLLOW>> {
    return this.reporter.follow(user(), q.requestId);
  }

  @MessagePattern(COMPLAINTS_FEEDBACK_SUBMIT)
  feedback(@Payload() q: FeedbackRequest): Promise<RpcReply<typeof COMPLAINTS_FEEDBACK_SUBMIT>> {
    return this.reporter.feedback(currentActor(), q);
  }

  @MessagePattern(COMPLAINTS_REQUEST_REOPEN)
  reopen(
    @Payload() q: ReopenComplaintRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_REOPEN>> {
    return this.reporter.reopen(currentActor(), q);
  }

  @MessagePattern(COMPLAINTS_TRIAGE_QUEUE)
  queue(@Payload() q: TriageQueueRequest): Promise<RpcReply<typeof COMPLAINTS_TRIAGE_QUEUE>> {
    return this.staffCases.queue(staff(), q);
  }

  @MessagePattern(COMPLAINTS_CASE_GET)
  getCase(@Payload() q: CaseGetRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_GET>> {
    staff();
    return this.staffCases.get(q.requestId);
  }

  @MessagePattern(COMPLAINTS_CASE_ASSIGN)
  assign(@Payload() q: AssignRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_ASSIGN>> {
    return this.staffCases.assign(staff(), q);
  }

  @MessagePattern(COMPLAINTS_CASE_STATUS)
  status(@Payload() q: StatusRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_STATUS>> {
    return this.staffCases.status(staff(), q);
  }

  @MessagePattern(COMPLAINTS_CASE_NOTE)
  note(@Payload() q: NoteRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_NOTE>> {
    return this.staffCases.note(staff(), q.requestId, q.text);
  }

  @MessagePattern(COMPLAINTS_CASE_MODERATE)
  moderate(@Payload() q: ModerationRequest): Promise<RpcReply<typeof COMPLAINTS_CASE_MODERATE>> {
    staff();
    return this.staffCases.moderate(q);
  }

  @MessagePattern(COMPLAINTS_DUPLICATE_CONFIRM)
  confirmDuplicate(
    @Payload() q: DuplicateConfirmRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_DUPLICATE_CONFIRM>> {
    return this.staffCases.confirmDuplicate(staff(), q);
  }

  @MessagePattern(COMPLAINTS_DUPLICATE_DISMISS)
  dismissDuplicate(
    @Payload() q: DuplicateDismissRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_DUPLICATE_DISMISS>> {
    return this.staffCases.dismissDuplicate(staff(), q.requestId, q.originalId);
  }

  @MessagePattern(COMPLAINTS_TEMPLATE_LIST)
  templates(@Payload() q: TemplateListRequest): Promise<RpcReply<typeof COMPLAINTS_TEMPLATE_LIST>> {
    staff();
    return this.catalogue.templates(this.dataSource.manager, q.lang);
  }

  @MessagePattern(COMPLAINTS_TEMPLATE_PUT)
  async putTemplate(
    @Payload() q: TemplatePutRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_TEMPLATE_PUT>> {
    enforce(user(), {}, Policy.roles('admin', 'supervisor'));
    await this.catalogue.putTemplate(this.dataSource.manager, q);
    return q;
  }

  @MessagePattern(COMPLAINTS_SERVICE_PUT)
  putService(@Payload() q: ServicePutRequest): Promise<RpcReply<typeof COMPLAINTS_SERVICE_PUT>> {
    enforce(user(), {}, Policy.roles('admin'));
    return this.commands.run(COMPLAINTS_SERVICE_PUT, async (tx) => {
      if (!(await this.catalogue.departmentExists(tx, q.departmentCode)))
        throw ComplaintsErrors.departmentNotFound(q.departmentCode);
      if (!(await this.catalogue.groupExists(tx, q.groupCode)))
        throw ComplaintsErrors.catalogueInvalid('groupCode', `names no group ${q.groupCode}`);
      for (const a of q.attributes)
        if (a.datatype.endsWith('valuelist') && !(a.values ?? []).length)
          throw ComplaintsErrors.catalogueInvalid('attributes', `attribute ${a.code} needs values`);
      await this.catalogue.putService(tx, q);
      return definitionView((await this.catalogue.find(tx, q.serviceCode))!);
    });
  }

  @MessagePattern(COMPLAINTS_INTERNAL_REQUEST_TRANSITION)
  transition(
    @Payload() q: ComplaintTransitionInput,
  ): Promise<RpcReply<typeof COMPLAINTS_INTERNAL_REQUEST_TRANSITION>> {
    return this.transitions.execute(COMPLAINTS_INTERNAL_REQUEST_TRANSITION, q);
  }
}
