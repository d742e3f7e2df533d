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
import { FileScanner, FileStorage } from '#storage';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import type { IdempotentRequest } from '../idempotency/idempotency.interceptor.js';
import { MULTIPART_PENDING, type MultipartRequest } from '../uploads/multipart.js';
import { StorageFailure } from '../uploads/receive-upload.js';
import { receiveComplaintForm, type ReceivedPhoto } from './receive-complaint-form.js';

export interface ComplaintFormRequest {
  complaintPhoto?: ReceivedPhoto;
}

/**
 * A report sent as multipart/form-data (after the access check, before the idempotency claim):
 * its photo streamed into file storage, its text fields made the body the route validates.
 * The idempotency fingerprint covers the fields and the photo's digest, size, type and name.
 * A JSON report passes untouched.
 */
@Injectable()
export class ComplaintFormInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ComplaintPhotos');
  private readonly maxBytes: number;

  constructor(
    private readonly storage: FileStorage,
    private readonly scanner: FileScanner,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.maxBytes = config.GATEWAY_UPLOAD_MAX_BYTES;
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & MultipartRequest & ComplaintFormRequest & IdempotentRequest>();
    if (!request[MULTIPART_PENDING]) return next.handle();
    delete request[MULTIPART_PENDING];
    const form = await receiveComplaintForm(request.raw, {
      storage: this.storage,
      scanner: this.scanner,
      maxBytes: this.maxBytes,
    }).catch((error: unknown) => {
      if (error instanceof StorageFailure)
        this.logger.error(`storing a photo failed: ${String(error.storageError)}`);
      throw error;
    });
    request.body = form.body;
    if (form.photo) request.complaintPhoto = form.photo;
    const { key: _key, ...photo } = form.photo ?? { key: '' };
    request.idempotencyBody = form.photo ? { ...form.body, media: photo } : form.body;
    return next.handle();
  }
}
