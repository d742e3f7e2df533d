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
import type { MediaInput } from '#contracts';
import { FileScanner, FileStorage } from '#storage';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import type { IdempotentRequest } from '../idempotency/idempotency.interceptor.js';
import { MULTIPART_PENDING, type MultipartRequest } from '../uploads/multipart.js';
import { StorageFailure } from '../uploads/receive-upload.js';
import {
  receiveComplaintForm,
  type ComplaintFormOptions,
  type ReceivedPhoto,
} from './receive-complaint-form.js';

export interface ComplaintFormRequest {
  complaintPhoto?: ReceivedPhoto;
}

type FormRequest = FastifyRequest & MultipartRequest & ComplaintFormRequest & IdempotentRequest;

/** A received photo as `complaints.request.create` takes it (none: nothing). */
export const mediaOf = (photo: ReceivedPhoto | undefined): { media?: MediaInput[] } =>
  photo
    ? {
        media: [
          {
            key: photo.key,
            sha256: photo.sha256,
            contentType: photo.contentType,
            size: photo.size,
          },
        ],
      }
    : {};

/**
 * The one way a report's multipart/form-data body is taken, by the REST route
 * (`ComplaintFormInterceptor`) and the Open311 one (`Open311FormInterceptor`): its photo
 * streamed into file storage (`receiveComplaintForm`), its text fields made the body the route
 * reads. The idempotency fingerprint covers the fields and the photo's digest, size, type and
 * name. A request that is not multipart passes untouched.
 */
@Injectable()
export class ComplaintFormReceiver {
  private readonly logger = new Logger('ComplaintPhotos');
  private readonly maxBytes: number;

  constructor(
    private readonly storage: FileStorage,
    private readonly scanner: FileScanner,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.maxBytes = config.GATEWAY_UPLOAD_MAX_BYTES;
  }

  async receive(
    context: ExecutionContext,
    handling: Pick<ComplaintFormOptions, 'bodyOf' | 'beforeStore'> = {},
  ): Promise<void> {
    const request = context.switchToHttp().getRequest<FormRequest>();
    if (!request[MULTIPART_PENDING]) return;
    delete request[MULTIPART_PENDING];
    const form = await receiveComplaintForm(request.raw, {
      storage: this.storage,
      scanner: this.scanner,
      maxBytes: this.maxBytes,
      ...handling,
    }).catch((error: unknown) => {
      if (error instanceof StorageFailure)
        this.logger.error(`storing a photo failed: ${String(error.storageError)}`);
      throw error;
    });
    request.body = form.body;
    if (form.photo) request.complaintPhoto = form.photo;
    const { key: _key, ...photo } = form.photo ?? { key: '' };
    request.idempotencyBody = form.photo ? { ...form.body, media: photo } : form.body;
  }
}

/**
 * The REST route's report sent as multipart/form-data (after the access check, before the
 * idempotency claim): its fields as the JSON body the route validates, its photo stored. A JSON
 * report passes untouched.
 */
@Injectable()
export class ComplaintFormInterceptor implements NestInterceptor {
  constructor(private readonly receiver: ComplaintFormReceiver) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    await this.receiver.receive(context);
    return next.handle();
  }
}
