import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  COMPLAINTS_FEEDBACK_SUBMIT,
  COMPLAINTS_REQUEST_FOLLOW,
  COMPLAINTS_REQUEST_GET_OWN,
  COMPLAINTS_REQUEST_LIST_OWN,
  COMPLAINTS_REQUEST_REOPEN,
  FeedbackRequest,
  FollowComplaintRequest,
  GetOwnComplaintRequest,
  ListOwnComplaintsRequest,
  ReopenComplaintRequest,
  type RpcReply,
} from '#contracts';
import { currentActor } from '#platform';
import { signedIn } from '../request-actor.js';
import { ReporterUseCase } from './reporter.use-case.js';

/** What the reporter does (own reports, follow, feedback, reopen), mapped to its use case. */
@Controller()
export class ReporterNatsController {
  constructor(private readonly reporter: ReporterUseCase) {}

  @MessagePattern(COMPLAINTS_REQUEST_LIST_OWN)
  listOwn(
    @Payload() q: ListOwnComplaintsRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_LIST_OWN>> {
    return this.reporter.listOwn(signedIn(), q.limit, q.cursor);
  }

  @MessagePattern(COMPLAINTS_REQUEST_GET_OWN)
  getOwn(
    @Payload() q: GetOwnComplaintRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_GET_OWN>> {
    return this.reporter.getOwn(signedIn(), q.requestId);
  }

  @MessagePattern(COMPLAINTS_REQUEST_FOLLOW)
  follow(
    @Payload() q: FollowComplaintRequest,
  ): Promise<RpcReply<typeof COMPLAINTS_REQUEST_FOLLOW>> {
    return this.reporter.follow(signedIn(), q.requestId);
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
}
