import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PERMITS_PERMIT_CERTIFICATE, PermitCertificateRequest, type RpcReply } from '#contracts';
import { requestUser } from '../request-actor.js';
import { RenderCertificateUseCase } from './render-certificate/render-certificate.use-case.js';

/** An issued permit's certificate, mapped to its use case. */
@Controller()
export class CertificatesNatsController {
  constructor(private readonly render: RenderCertificateUseCase) {}

  @MessagePattern(PERMITS_PERMIT_CERTIFICATE)
  certificate(
    @Payload() request: PermitCertificateRequest,
  ): Promise<RpcReply<typeof PERMITS_PERMIT_CERTIFICATE>> {
    return this.render.execute({ permitNumber: request.permitNumber, user: requestUser() });
  }
}
