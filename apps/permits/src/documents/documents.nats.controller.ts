import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  BeginDocumentRequest,
  DocumentRequest,
  PERMITS_DOCUMENT_BEGIN,
  PERMITS_DOCUMENT_GET,
  PERMITS_DOCUMENT_RECORD,
  PERMITS_PERMIT_VERIFY,
  RecordDocumentRequest,
  VerifyPermitRequest,
  type RpcReply,
} from '#contracts';
import { VerifyPermitUseCase } from '../permits/verify-permit/verify-permit.use-case.js';
import { requestUser } from '../request-actor.js';
import { BeginDocumentUploadUseCase } from './begin-document-upload/begin-document-upload.use-case.js';
import { GetDocumentUseCase } from './get-document/get-document.use-case.js';
import { RecordDocumentUseCase } from './record-document/record-document.use-case.js';

/** The document patterns (the two phases of an upload, a download) and public verification. */
@Controller()
export class DocumentsNatsController {
  constructor(
    private readonly beginUpload: BeginDocumentUploadUseCase,
    private readonly recordDocument: RecordDocumentUseCase,
    private readonly getDocument: GetDocumentUseCase,
    private readonly verifyPermit: VerifyPermitUseCase,
  ) {}

  @MessagePattern(PERMITS_DOCUMENT_BEGIN)
  begin(
    @Payload() request: BeginDocumentRequest,
  ): Promise<RpcReply<typeof PERMITS_DOCUMENT_BEGIN>> {
    return this.beginUpload.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_DOCUMENT_RECORD)
  record(
    @Payload() request: RecordDocumentRequest,
  ): Promise<RpcReply<typeof PERMITS_DOCUMENT_RECORD>> {
    return this.recordDocument.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_DOCUMENT_GET)
  get(@Payload() request: DocumentRequest): Promise<RpcReply<typeof PERMITS_DOCUMENT_GET>> {
    return this.getDocument.execute({ ...request, user: requestUser() });
  }

  @MessagePattern(PERMITS_PERMIT_VERIFY)
  verify(@Payload() request: VerifyPermitRequest): Promise<RpcReply<typeof PERMITS_PERMIT_VERIFY>> {
    return this.verifyPermit.execute(request);
  }
}
