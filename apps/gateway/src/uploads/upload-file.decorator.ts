import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  UseInterceptors,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiResponse } from '@nestjs/swagger';
import { Idempotent } from '../idempotency/idempotent.decorator.js';
import type { IdempotencyMode } from '../idempotency/idempotency.constants.js';
import { UPLOAD_ROUTE } from './multipart.js';
import type { ReceivedFile, UploadSpec } from './receive-upload.js';
import {
  UPLOAD_SPEC,
  UploadToStorageInterceptor,
  type UploadHandling,
  type UploadRequest,
} from './upload-to-storage.interceptor.js';

const problem = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
};

/**
 * A route that takes one file as multipart/form-data, streamed into file storage under
 * `spec.prefix` (never held in memory, at most GATEWAY_UPLOAD_MAX_BYTES), with the text
 * fields of `form` as its body. Declares the route's `Idempotency-Key` too, so that the upload
 * comes first and the key's fingerprint covers the file (the interceptors run in this order):
 * a repeat with the same key and the same file gets the first answer. Documents the multipart
 * body (`form`, the file's media type) and the upload's refusals.
 */
export const UploadFile = (
  spec: UploadSpec | UploadHandling,
  options: { form: Type; idempotency: Exclude<IdempotencyMode, 'not-accepted'> },
) =>
  applyDecorators(
    RouteConfig({ [UPLOAD_ROUTE]: true }),
    SetMetadata(UPLOAD_SPEC, spec),
    // First the upload, then the idempotency claim over what was uploaded.
    UseInterceptors(UploadToStorageInterceptor),
    Idempotent(options.idempotency),
    'jsonWithoutFiles' in spec && spec.jsonWithoutFiles
      ? ApiConsumes('multipart/form-data', 'application/json')
      : ApiConsumes('multipart/form-data'),
    ApiBody({
      type: options.form,
      required: true,
      encoding: { [spec.field]: { contentType: spec.contentTypes.join(', ') } },
    }),
    ApiResponse({
      status: 400,
      description: `MALFORMED_MULTIPART: the body is not readable multipart/form-data (\`errors\` names the part where it broke)`,
      content: problem,
    }),
    ApiResponse({
      status: 413,
      description: `PAYLOAD_TOO_LARGE: \`${spec.field}\` is larger than the gateway takes (GATEWAY_UPLOAD_MAX_BYTES); \`errors\`: \`${spec.field}\` MAX_SIZE`,
      content: problem,
    }),
    ApiResponse({
      status: 415,
      description: `UNSUPPORTED_MEDIA_TYPE: the body is not multipart/form-data (\`errors\`: \`body\` MEDIA_TYPE), or \`${spec.field}\` is not ${spec.contentTypes.join(' or ')} (\`errors\`: \`${spec.field}\` MEDIA_TYPE)`,
      content: problem,
    }),
    ApiResponse({
      status: 503,
      description:
        'SERVICE_UNAVAILABLE (the owning service is not running) or STORAGE_UNAVAILABLE (the file could not be stored), with Retry-After',
      content: problem,
    }),
  );

/** The file of the route's upload, as it landed in file storage. */
export const StoredUpload = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ReceivedFile => {
    const upload = context.switchToHttp().getRequest<UploadRequest>().upload;
    if (!upload) throw new Error('StoredUpload on a route without @UploadFile');
    return upload;
  },
);

/** The files of the route's upload, in the order they came (none when the form had none). */
export const StoredUploads = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ReceivedFile[] =>
    context.switchToHttp().getRequest<UploadRequest>().uploads ?? [],
);
