import {
  applyDecorators,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  StreamableFile,
  UseFilters,
  UseInterceptors,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  DocumentUploadForm,
  DocumentView,
  PERMITS_DOCUMENT_GET,
  PERMITS_DOCUMENT_RECORD,
} from '#contracts';
import { NatsBus } from '#platform';
import { FileStorage } from '#storage';
import { Roles } from '../access/access.decorators.js';
import { ServiceRefusalsFilter } from '../access/service-refusals.filter.js';
import { ProblemResponses } from '../http/problem-responses.js';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import { ID_PARAM, uuidParam } from '../payments/payments.dto.js';
import { UPLOAD_ROUTE } from '../uploads/multipart.js';
import {
  DocumentUploadInterceptor,
  type DocumentUploadRequest,
} from './document-upload.interceptor.js';
import type { ReceivedDocument } from './receive-document.js';

export const StoredDocument = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ReceivedDocument => {
    const document = context.switchToHttp().getRequest<DocumentUploadRequest>().document;
    if (!document) throw new Error('StoredDocument on a route without a document upload');
    return document;
  },
);

/** A route taking a document upload: multipart left unread for the interceptor to stream. */
export const DocumentUpload = () =>
  applyDecorators(
    RouteConfig({ [UPLOAD_ROUTE]: true }),
    UseInterceptors(DocumentUploadInterceptor),
    Idempotent('optional'),
    ApiConsumes('multipart/form-data'),
    ApiBody({ type: DocumentUploadForm, required: true }),
  );

/** `attachment; filename=...` with the name kept safe for the header (RFC 6266 / 5987). */
const attachment = (fileName: string): string => {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
};

/** The policy every document answer carries (docs/permits.md "Documents"). */
export const DOCUMENT_CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'";

/** An application's documents: uploaded in two phases around file storage, and read back. */
@ApiTags('permits')
@Controller('api/v1/applications/:id/documents')
@UseFilters(ServiceRefusalsFilter)
export class DocumentsHttpController {
  constructor(
    private readonly nats: NatsBus,
    private readonly storage: FileStorage,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('citizen')
  @DocumentUpload()
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Add a document (multipart: `kind`, then `file`)',
    description:
      "Roles: citizen (the applicant only), while a draft or when changes were requested. Permits checks the kind and the state first, then the file is streamed into file storage: at most the kind's size (413 `PERMITS.DOCUMENT_TOO_LARGE`), its type read from its content and one the kind takes (415 `PERMITS.DOCUMENT_CONTENT_TYPE`; a PDF must start with %PDF), EXIF and metadata stripped from JPEG and PNG, hashed (SHA-256) and scanned. A kind the type does not declare: 422 `PERMITS.DOCUMENT_KIND_UNKNOWN`. Nothing is stored when refused. A document already submitted is immutable: a new upload of its kind is a new version.",
  })
  @ApiResponse({ status: 201, type: DocumentView })
  @ProblemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)
  upload(
    @Param('id', uuidParam('id')) id: string,
    @StoredDocument() document: ReceivedDocument,
  ): Promise<DocumentView> {
    return this.nats.client.request(PERMITS_DOCUMENT_RECORD, {
      applicationId: id,
      documentId: document.ticket.documentId,
      kind: document.kind,
      storageKey: document.key,
      fileName: document.fileName,
      contentType: document.contentType,
      sizeBytes: document.size,
      sha256: document.sha256,
    });
  }

  @Get(':docId')
  @Roles('citizen', 'clerk', 'supervisor', 'inspector', 'auditor')
  @ApiBearerAuth()
  @ApiParam(ID_PARAM)
  @ApiParam({ name: 'docId', type: String, format: 'uuid' })
  @ApiProduces('application/octet-stream')
  @ApiOperation({
    summary: 'Download a document',
    description:
      "Roles: citizen (the applicant only), clerk, supervisor, inspector, auditor. The document must belong to that application. Sent as an attachment (`Content-Disposition: attachment`) with `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox; default-src 'none'`: never active content on the site's origin.",
  })
  @ApiResponse({ status: 200, description: 'The file.' })
  @ProblemResponses(401, 403, 404, 422, 503, 504)
  async download(
    @Param('id', uuidParam('id')) id: string,
    @Param('docId', uuidParam('docId')) docId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const document = await this.nats.client.request(PERMITS_DOCUMENT_GET, {
      applicationId: id,
      documentId: docId,
    });
    const file = await this.storage.get(document.storageKey);
    void reply.header('content-type', document.contentType);
    void reply.header('content-disposition', attachment(document.fileName));
    void reply.header('x-content-type-options', 'nosniff');
    // Never active content on the app's origin: a sandbox (an opaque origin, no scripts, no
    // forms) that may load nothing, even when a browser is made to render the file inline.
    void reply.header('content-security-policy', DOCUMENT_CONTENT_SECURITY_POLICY);
    void reply.header('content-length', String(file.size));
    return new StreamableFile(file.stream);
  }
}
