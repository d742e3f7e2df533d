import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { PERMITS_DOCUMENT_BEGIN } from '#contracts';
import { currentContext, NatsBus, runWithContext } from '#platform';
import { FileScanner, FileStorage } from '#storage';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import type { IdempotentRequest } from '../idempotency/idempotency.interceptor.js';
import { MULTIPART_PENDING, type MultipartRequest } from '../uploads/multipart.js';
import { notMultipart, StorageFailure } from '../uploads/receive-upload.js';
import type { OnBehalfRequest } from './on-behalf.guard.js';
import { receiveDocument, type ReceivedDocument } from './receive-document.js';

export interface DocumentUploadRequest {
  document?: ReceivedDocument;
}

/**
 * A document upload (after the access check and the Idempotency-Key's form, before the
 * idempotency claim): phase 1 with permits when the file part arrives, then the file streamed
 * into storage (`receiveDocument`). Leaves the stored document for the route (phase 3), and
 * the idempotency fingerprint over the kind and the file's digest, size, type and name.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  private readonly logger = new Logger('DocumentUploads');
  private readonly maxBytes: number;

  constructor(
    private readonly nats: NatsBus,
    private readonly storage: FileStorage,
    private readonly scanner: FileScanner,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.maxBytes = config.GATEWAY_UPLOAD_MAX_BYTES;
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context
      .switchToHttp()
      .getRequest<
        FastifyRequest<{ Params: { id: string } }> &
          MultipartRequest &
          DocumentUploadRequest &
          IdempotentRequest
      >();
    if (!request[MULTIPART_PENDING]) throw notMultipart();
    delete request[MULTIPART_PENDING];
    const applicationId = request.params.id;
    // The assisted channel's upload: the clerk's delegation, checked by OnBehalfGuard.
    const { onBehalfOf } = request as OnBehalfRequest;
    // The multipart parser's events come from the socket, outside the request's context: the
    // phase-1 request is sent in it (its actor, correlation id) explicitly.
    const requestContext = currentContext();
    const begin = (kind: string) => {
      const ask = () =>
        this.nats.client.request(PERMITS_DOCUMENT_BEGIN, {
          applicationId,
          kind,
          ...(onBehalfOf ? { onBehalfOf } : {}),
        });
      return requestContext ? runWithContext(requestContext, ask) : ask();
    };
    const document = await receiveDocument(request.raw, {
      storage: this.storage,
      scanner: this.scanner,
      maxBytes: this.maxBytes,
      begin,
    }).catch((error: unknown) => {
      if (error instanceof StorageFailure)
        this.logger.error(`storing a document failed: ${String(error.storageError)}`);
      throw error;
    });
    request.document = document;
    request.body = { kind: document.kind };
    request.idempotencyBody = {
      kind: document.kind,
      file: {
        sha256: document.sha256,
        size: document.size,
        contentType: document.contentType,
        fileName: document.fileName,
      },
    };
    return next.handle();
  }
}
