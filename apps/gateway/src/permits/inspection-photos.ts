import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProblemException } from '#platform';
import { PERMITS_INSPECTION_RESULT_BEGIN, type InspectionPhotoInput } from '#contracts';
import type { ReceivedFile } from '../uploads/receive-upload.js';
import type { UploadHandling } from '../uploads/upload-to-storage.interceptor.js';
import { paramProblem } from '../http/param-problems.js';
import { DocumentContent } from './document-content.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The media types an inspection photo may be, by its bytes. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
/** Photos one result may carry (as the service takes them). */
export const MAX_PHOTOS = 10;

const photoProblem = (
  status: number,
  code: string,
  title: string,
  message: string,
  fieldCode: string,
) =>
  new ProblemException(status, code, title, message, [
    { field: 'photos', code: fieldCode, message },
  ]);

/**
 * The photos of an inspection's result, stored like documents: up to MAX_PHOTOS files under
 * `photos`, each typed by its bytes (JPEG or PNG, whatever it declares), its image metadata
 * (EXIF: where and when, the camera) stripped, the scanning hook, under the inspection's own
 * prefix, once permits has said the caller may record this result. A result without photos may
 * come as JSON.
 */
export const INSPECTION_PHOTOS: UploadHandling = {
  field: 'photos',
  prefix: 'permits/inspections',
  // Read before the route's own check of the id: a malformed id is refused here, as there.
  prefixOf: (params) => {
    const id = params.id ?? '';
    if (!UUID.test(id)) throw paramProblem('id', 'IS_UUID')('id must be a UUID');
    return `permits/inspections/${id.toLowerCase()}/photos`;
  },
  // The inspection exists, the caller is its assigned inspector, it is still scheduled: asked
  // before a photo is stored, so a refused result leaves none behind.
  precheck: (nats, params) =>
    nats.client.request(PERMITS_INSPECTION_RESULT_BEGIN, { inspectionId: params.id ?? '' }),
  contentTypes: PHOTO_TYPES,
  maxFiles: MAX_PHOTOS,
  required: false,
  jsonWithoutFiles: true,
  content: ({ maxBytes, scanner }) =>
    new DocumentContent({
      maxBytes,
      contentTypes: PHOTO_TYPES,
      scanner,
      tooLarge: () =>
        photoProblem(
          413,
          'PAYLOAD_TOO_LARGE',
          'The request body is too large',
          `each photo must be at most ${maxBytes} bytes`,
          'MAX_SIZE',
        ),
      wrongType: (sniffed) =>
        photoProblem(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'The request body has an unsupported media type',
          `photos must be ${PHOTO_TYPES.join(' or ')} by their content, not ${sniffed ?? 'of an unknown type'}`,
          'MEDIA_TYPE',
        ),
      refusedByScan: (reason) =>
        photoProblem(
          422,
          'PERMITS.DOCUMENT_REFUSED',
          'The photo was refused by the scan',
          reason,
          'SCAN',
        ),
    }),
};

/** The multipart form of `POST /api/v1/inspections/{id}/result` (for the OpenAPI document). */
export class RecordInspectionResultForm {
  @ApiProperty({ enum: ['pass', 'fail'] })
  outcome: 'pass' | 'fail';

  @ApiPropertyOptional({ maxLength: 10000, description: 'Kept in the permits tables only.' })
  findings?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'binary' },
    maxItems: MAX_PHOTOS,
    description: `Up to ${MAX_PHOTOS} photos (JPEG or PNG by their content; metadata stripped).`,
  })
  photos?: unknown[];
}

/** The stored photos as permits records them: one per content (a repeat is the same photo). */
export function photoInputs(
  files: readonly ReceivedFile[],
  newId: () => string,
): InspectionPhotoInput[] {
  const byKey = new Map<string, ReceivedFile>();
  for (const file of files) if (!byKey.has(file.key)) byKey.set(file.key, file);
  return [...byKey.values()].map((file) => ({
    photoId: newId(),
    storageKey: file.key,
    contentType: file.contentType,
    sizeBytes: file.size,
    sha256: file.sha256,
  }));
}
