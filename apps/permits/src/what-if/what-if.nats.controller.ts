import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  PERMITS_WHAT_IF_GET,
  PERMITS_WHAT_IF_START,
  WhatIfJobRef,
  WhatIfRequest,
  type RpcReply,
} from '#contracts';
import { requestCaller } from '../request-actor.js';
import { GetWhatIfUseCase } from './get-what-if/get-what-if.use-case.js';
import { StartWhatIfUseCase } from './start-what-if/start-what-if.use-case.js';

/** The what-if patterns, each mapped to its use case, nothing more. */
@Controller()
export class WhatIfNatsController {
  constructor(
    private readonly startWhatIf: StartWhatIfUseCase,
    private readonly getWhatIf: GetWhatIfUseCase,
  ) {}

  @MessagePattern(PERMITS_WHAT_IF_START)
  start(@Payload() request: WhatIfRequest): Promise<RpcReply<typeof PERMITS_WHAT_IF_START>> {
    return this.startWhatIf.execute({ request, caller: requestCaller() });
  }

  @MessagePattern(PERMITS_WHAT_IF_GET)
  get(@Payload() request: WhatIfJobRef): Promise<RpcReply<typeof PERMITS_WHAT_IF_GET>> {
    return this.getWhatIf.execute({ id: request.id, caller: requestCaller() });
  }
}
