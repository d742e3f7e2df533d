import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  COMPLAINTS_INTERNAL_REQUEST_TRANSITION,
  ComplaintTransitionInput,
  type RpcReply,
} from '#contracts';
import { RecordTransitionUseCase } from './record-transition/record-transition.use-case.js';

/** The workflow's transition writer (`complaints.internal.>`: the worker's NATS user only). */
@Controller()
export class TransitionsNatsController {
  constructor(private readonly transitions: RecordTransitionUseCase) {}

  @MessagePattern(COMPLAINTS_INTERNAL_REQUEST_TRANSITION)
  transition(
    @Payload() q: ComplaintTransitionInput,
  ): Promise<RpcReply<typeof COMPLAINTS_INTERNAL_REQUEST_TRANSITION>> {
    return this.transitions.execute(COMPLAINTS_INTERNAL_REQUEST_TRANSITION, q);
  }
}
