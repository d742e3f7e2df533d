import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { FileStorage } from '#storage';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import type { IdempotentRequest } from '../idempotency/idempotency.interceptor.js';
import { MULTIPART_PENDING, type MultipartRequest } from './multipart.js';
import {
  notMultipart,
  receiveUpload,
  StorageFailure,
  type ReceivedFile,
  type UploadSpec,
} from './receive-upload.js';

export const UPLOAD_SPEC = 'civic:upload-spec';

/** What the interceptor leaves on the request for the route (`@StoredUpload()`). */
export interface UploadRequest {
  upload?: ReceivedFile;
}

/**
 * The upload of a route declared with `@UploadFile` (after the access check and the
 * Idempotency-Key's form, before the idempotency claim): streams the multipart body's file into
 * the file storage, then hands the route its text fields as the body (validated by the route's
 * body class) and the stored file (`@StoredUpload()`). The idempotency fingerprint covers the
 * fields and the file's digest, size, name and type, so the same key with another file is
 * refused, and with the same file answered as the first time.
 */
@Injectable()
export class UploadToStorageInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Uploads');
  private readonly maxBytes: number;

  constructor(
    private readonly reflector: Reflector,
    private readonly storage: FileStorage,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.maxBytes = config.GATEWAY_UPLOAD_MAX_BYTES;
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const spec = this.reflector.get<UploadSpec | undefined>(UPLOAD_SPEC, context.getHandler());
    if (!spec) throw new Error('UploadToStorageInterceptor on a route without @UploadFile');
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & MultipartRequest & UploadRequest & IdempotentRequest>();
    if (!request[MULTIPART_PENDING]) throw notMultipart();
    delete request[MULTIPART_PENDING];
    const received = await receiveUpload(request.raw, this.storage, spec, this.maxBytes).catch(
      (error: unknown) => {
        if (error instanceof StorageFailure)
          this.logger.error(`storing an upload failed: ${String(error.storageError)}`);
        throw error;
      },
    );
    const { key: _key, created: _created, ...file } = received.file;
    request.body = received.fields;
    request.upload = received.file;
    request.idempotencyBody = { ...received.fields, [spec.field]: file };
    return next.handle();
  }
}
