import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemDto } from './http/problem-responses.js';

type Schema = { $ref?: string; additionalProperties?: unknown };

/**
 * The validation pipe refuses fields a request body does not declare (whitelist mode), so the
 * document says so: every request body's schema gets `additionalProperties: false`.
 */
function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(item) as { requestBody?: unknown }[]) {
      const content = (operation?.requestBody as { content?: Record<string, { schema?: Schema }> })
        ?.content;
      for (const media of Object.values(content ?? {})) {
        const ref = media.schema?.$ref?.replace('#/components/schemas/', '');
        const schema = ref ? schemas[ref] : media.schema;
        if (schema) schema.additionalProperties = false;
      }
    }
}

/** OpenAPI 3.1 document generated from the controllers, at /api/docs (UI) and /api/docs-json. */
export function setUpOpenApi(app: NestFastifyApplication, version: string): void {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Civic platform API')
    .setDescription(
      'Permits, payments, complaints and the audit trail of a city. Every operation states who may call it. ' +
        'A method a path does not have is answered 405 with `Allow`.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] });
  closeRequestBodies(document);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
