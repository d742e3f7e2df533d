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
import { NatsBus } from '#platform';
import { FileScanner, FileStorage } from '#storage';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.tokens.js';
import type { IdempotentRequest } from '../idempotency/idempotency.interceptor.js';
import { MULTIPART_PENDING, type MultipartRequest } from './multipart.js';
import {
  notMultipart,
  receiveUpload,
  StorageFailure,
  type ReceivedFile,
  type UploadContent,
  type UploadSpec,
} from './receive-upload.js';

export const UPLOAD_SPEC = 'civic:upload-spec';

/** How a route's upload is taken, besides the spec's fields (`@UploadFile`'s options). */
export interface UploadHandling extends UploadSpec {
  /** The storage prefix from the route's parameters (`permits/inspections/<id>/photos`). */
  prefixOf?: (params: Record<string, string>) => string;
  /** The filter each file's bytes pass through (sniffed type, metadata stripped). */
  content?: (options: { maxBytes: number; scanner: FileScanner }) => UploadContent;
  /** With `required: false`: a JSON body (no files at all) is taken as the route's body too. */
  jsonWithoutFiles?: boolean;
  /**
   * Asked before anything is stored (its refusal is the answer): the owning service's checks
   * that the route's target exists and the caller may act on it, so that a refused request
   * leaves no file behind.
   */
  precheck?: (nats: NatsBus, params: Record<string, string>) => Promise<unknown>;
}

/** What the interceptor leaves on the request for the route (`@StoredUpload()`, `@StoredUploads()`). */
export interface UploadRequest {
  upload?: ReceivedFile;
  uploads?: ReceivedFile[];
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
    private readonly scanner: FileScanner,
    private readonly nats: NatsBus,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.maxBytes = config.GATEWAY_UPLOAD_MAX_BYTES;
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const spec = this.reflector.get<UploadHandling | undefined>(UPLOAD_SPEC, context.getHandler());
    if (!spec) throw new Error('UploadToStorageInterceptor on a route without @UploadFile');
    const request = context
      .switchToHttp()
      .getRequest<
        FastifyRequest<{ Params: Record<string, string> }> &
          MultipartRequest &
          UploadRequest &
          IdempotentRequest
      >();
    if (!request[MULTIPART_PENDING]) {
      if (!spec.jsonWithoutFiles) throw notMultipart();
      request.uploads = [];
      return next.handle();
    }
    delete request[MULTIPART_PENDING];
    const { prefixOf, content, precheck, jsonWithoutFiles: _json, ...upload } = spec;
    const resolved = { ...upload, prefix: prefixOf ? prefixOf(request.params) : upload.prefix };
    if (precheck) await precheck(this.nats, request.params);
    const received = await receiveUpload(
      request.raw,
      this.storage,
      resolved,
      this.maxBytes,
      content && (() => content({ maxBytes: this.maxBytes, scanner: this.scanner })),
    ).catch((error: unknown) => {
      if (error instanceof StorageFailure)
        this.logger.error(`storing an upload failed: ${String(error.storageError)}`);
      throw error;
    });
    const described = received.files.map(({ key: _key, created: _created, ...file }) => file);
    request.body = received.fields;
    if (received.files[0]) request.upload = received.files[0];
    request.uploads = received.files;
    request.idempotencyBody = {
      ...received.fields,
      [spec.field]: (spec.maxFiles ?? 1) > 1 ? described : described[0],
    };
    return next.handle();
  }
}
