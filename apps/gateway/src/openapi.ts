import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemDto } from './http/problem-responses.js';
import { addOpen311Paths } from './open311/open311-openapi.js';

type Schema = {
  $ref?: string;
  additionalProperties?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

/**
 * The validation pipe refuses fields a request body does not declare (whitelist mode), so the
 * document says so: every request body's schema gets `additionalProperties: false`, and so do
 * the objects nested in it (an invoice's case reference and lines). A schema that declares
 * `additionalProperties` itself (a webhook's body, taken as it comes) keeps it.
 */
function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const closed = new Set<Schema>();
  const close = (schema: Schema | undefined): void => {
    const ref = schema?.$ref?.replace('#/components/schemas/', '');
    const target = ref ? schemas[ref] : schema;
    if (!target || closed.has(target)) return;
    closed.add(target);
    if (target.additionalProperties === undefined || target.additionalProperties === false) {
      if (target.properties || ref) target.additionalProperties = false;
      for (const property of Object.values(target.properties ?? {})) close(property);
    }
    close(target.items);
    for (const part of [...(target.allOf ?? []), ...(target.oneOf ?? []), ...(target.anyOf ?? [])])
      close(part);
  };
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(item) as { requestBody?: unknown }[]) {
      const content = (operation?.requestBody as { content?: Record<string, { schema?: Schema }> })
        ?.content;
      for (const media of Object.values(content ?? {})) close(media.schema);
    }
}

/**
 * A route that takes JSON and multipart/form-data with different fields (a photo in the form
 * only) cannot say so through `@ApiBody`, which gives every media type one schema: it gives the
 * schema `{ 'x-per-media-type': { 'application/json': ..., 'multipart/form-data': ... } }`, and
 * each media type gets its own schema here.
 */
function splitBodiesByMediaType(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(item) as { requestBody?: unknown }[]) {
      const content = (operation?.requestBody as { content?: Record<string, { schema?: unknown }> })
        ?.content;
      for (const [mediaType, media] of Object.entries(content ?? {})) {
        const perMediaType = (media.schema as { 'x-per-media-type'?: Record<string, unknown> })?.[
          'x-per-media-type'
        ];
        if (perMediaType?.[mediaType]) media.schema = perMediaType[mediaType];
      }
    }
}

/**
 * The OpenAPI 3.1 document of the controllers. Its routes' metadata is all it reads, so an app
 * made in preview mode (no provider started) is enough: `openapi-document.ts` writes it for the
 * web UI's generated client.
 */
export function buildOpenApiDocument(
  app: INestApplication,
  version: string,
  open311: { jurisdictionId: string },
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Civic platform API')
    .setDescription(
      'Permits, payments, complaints and the audit trail of a city. Every operation states who may call it. ' +
        'A method a path does not have is answered 405 with `Allow`. ' +
        "No text may hold the character U+0000 (NUL): a body, query or path string holding one is refused 422 `VALIDATION_FAILED`, `errors` naming the field with code `INVALID_CHARACTER` (under `/open311/v2`, 400 in the standard's error list).",
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] });
  splitBodiesByMediaType(document);
  closeRequestBodies(document);
  // Written by hand beside its routes: the standard's paths, formats and error list.
  addOpen311Paths(document, open311.jurisdictionId);
  return document;
}

/** The document served at /api/docs (UI) and /api/docs-json. */
export function setUpOpenApi(
  app: NestFastifyApplication,
  version: string,
  open311: { jurisdictionId: string },
): void {
  const document = buildOpenApiDocument(app, version, open311);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
