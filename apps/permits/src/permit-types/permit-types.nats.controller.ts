import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  EmptyRequest,
  GetPermitTypeRequest,
  GetPermitTypeVersionRequest,
  PermitTypeDefinitionInput,
  PERMITS_INTERNAL_PERMIT_TYPE_GET,
  PERMITS_PERMIT_TYPE_CREATE,
  PERMITS_PERMIT_TYPE_GET,
  PERMITS_PERMIT_TYPE_LIST,
  PERMITS_PERMIT_TYPE_UPDATE,
  UpdatePermitTypeRequest,
  type RpcReply,
} from '#contracts';
import { requestCaller } from '../request-actor.js';
import { CreatePermitTypeUseCase } from './create-permit-type/create-permit-type.use-case.js';
import { GetPermitTypeUseCase } from './get-permit-type/get-permit-type.use-case.js';
import { ListPermitTypesUseCase } from './list-permit-types/list-permit-types.use-case.js';
import { UpdatePermitTypeUseCase } from './update-permit-type/update-permit-type.use-case.js';

/** The permit type patterns, each mapped to its use case, nothing more. */
@Controller()
export class PermitTypesNatsController {
  constructor(
    private readonly listPermitTypes: ListPermitTypesUseCase,
    private readonly getPermitType: GetPermitTypeUseCase,
    private readonly createPermitType: CreatePermitTypeUseCase,
    private readonly updatePermitType: UpdatePermitTypeUseCase,
  ) {}

  @MessagePattern(PERMITS_PERMIT_TYPE_LIST)
  list(@Payload() _request: EmptyRequest): Promise<RpcReply<typeof PERMITS_PERMIT_TYPE_LIST>> {
    return this.listPermitTypes.execute();
  }

  @MessagePattern(PERMITS_PERMIT_TYPE_GET)
  get(@Payload() request: GetPermitTypeRequest): Promise<RpcReply<typeof PERMITS_PERMIT_TYPE_GET>> {
    return this.getPermitType.execute(request);
  }

  @MessagePattern(PERMITS_INTERNAL_PERMIT_TYPE_GET)
  getVersion(
    @Payload() request: GetPermitTypeVersionRequest,
  ): Promise<RpcReply<typeof PERMITS_INTERNAL_PERMIT_TYPE_GET>> {
    return this.getPermitType.execute(request);
  }

  @MessagePattern(PERMITS_PERMIT_TYPE_CREATE)
  create(
    @Payload() request: PermitTypeDefinitionInput,
  ): Promise<RpcReply<typeof PERMITS_PERMIT_TYPE_CREATE>> {
    return this.createPermitType.execute(PERMITS_PERMIT_TYPE_CREATE, {
      definition: request,
      caller: requestCaller(),
    });
  }

  @MessagePattern(PERMITS_PERMIT_TYPE_UPDATE)
  update(
    @Payload() request: UpdatePermitTypeRequest,
  ): Promise<RpcReply<typeof PERMITS_PERMIT_TYPE_UPDATE>> {
    return this.updatePermitType.execute(PERMITS_PERMIT_TYPE_UPDATE, {
      code: request.code,
      definition: request.definition,
      caller: requestCaller(),
    });
  }
}
