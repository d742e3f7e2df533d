import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  COMPLAINTS_MEDIA_GET,
  COMPLAINTS_REQUEST_CHECK,
  COMPLAINTS_REQUEST_CREATE,
  COMPLAINTS_REQUEST_GET,
  COMPLAINTS_REQUEST_LIST,
  COMPLAINTS_STATS_GET,
  COMPLAINTS_TOKEN_GET,
  COMPLAINTS_UPDATE_LIST,
  ComplaintStatsRequest,
  CreateComplaintRequest,
  GetComplaintsRequest,
  ListComplaintsRequest,
  ListUpdatesRequest,
  MediaGetRequest,
  TokenGetRequest,
  type RpcReply,
} from '#contracts';
import { currentActor } from '#platform';
import { StatsUseCase } from '../stats/stats.use-case.js';
import { CreateRequestUseCase } from './create-request/create-request.use-case.js';
import { ReadMediaUseCase } from './read-media/read-media.use-case.js';
import { ReadRequestsUseCase } from './read-requests/read-requests.use-case.js';

/** Filing and the public reads (Open311 and REST), each pattern mapped to its use case. */
@Controller()
export class RequestsNatsController {
  constructor(
    private readonly create: CreateRequestUseCase,
    private readonly reads: ReadRequestsUseCase,
    private readonly media: ReadMediaUseCase,
    private readonly stats: StatsUseCase,
  ) {}

  @MessagePattern(COMPLAINTS_REQUEST_CREATE)
  createRequest(
    @Payload() q: CreateComplaintRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_CREATE>> {
    return this.create.execute(COMPLAINTS_REQUEST_CREATE, { request: q, user: currentActor() });
  }

  @MessagePattern(COMPLAINTS_REQUEST_CHECK)
  checkRequest(
    @Payload() q: CreateComplaintRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_CHECK>> {
    return this.create.check(q);
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

  @MessagePattern(COMPLAINTS_MEDIA_GET)
  mediaFile(@Payload() q: MediaGetRequest): Promise<RpcReply<typeof COMPLAINTS_MEDIA_GET>> {
    return this.media.execute(currentActor(), q.mediaId);
  }

  @MessagePattern(COMPLAINTS_STATS_GET)
  statistics(@Payload() q: ComplaintStatsRequest): Promise<RpcReply<typeof COMPLAINTS_STATS_GET>> {
    return this.stats.execute(q);
  }
}
