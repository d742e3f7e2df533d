import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Route config (`@RouteConfig`) of the routes that take an upload (`@UploadFile`). */
export const UPLOAD_ROUTE = 'civicUpload';

/** Set on a request whose multipart body was left unread for its route's upload to stream. */
export const MULTIPART_PENDING = Symbol('civic.multipartPending');

export interface MultipartRequest {
  [MULTIPART_PENDING]?: true;
}

const isUploadRoute = (request: FastifyRequest): boolean =>
  (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[
    UPLOAD_ROUTE
  ] === true;

/**
 * multipart/form-data for the routes that take an upload, and for no other: their body is left
 * unread (the route's `@UploadFile` streams it into file storage after the access check), every
 * other route answers it 415 as it answers any media type it does not read. Nothing is
 * buffered here, and Fastify's body limit does not apply (the upload's own limit does).
 */
export function acceptMultipartUploads(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    if (isUploadRoute(request)) {
      (request as FastifyRequest & MultipartRequest)[MULTIPART_PENDING] = true;
      done(null, undefined);
      return;
    }
    // Refused as any media type the route does not read. The body is read and dropped first,
    // up to the body limit, so that the client has sent it when the answer (and Fastify's
    // closing of the connection) comes.
    const refuse = () =>
      done(
        Object.assign(new Error(`Unsupported Media Type: ${request.headers['content-type']}`), {
          statusCode: 415,
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        }),
        undefined,
      );
    const limit = request.routeOptions.bodyLimit ?? fastify.initialConfig.bodyLimit ?? 1_048_576;
    let read = 0;
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > limit) finish();
    };
    const finish = () => {
      payload.off('data', onData).off('end', finish).off('error', finish);
      refuse();
    };
    payload.on('data', onData).once('end', finish).once('error', finish);
  });
}
