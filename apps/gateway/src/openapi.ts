import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemDto } from './http/problem-responses.js';

/** OpenAPI 3.1 document generated from the controllers, at /api/docs (UI) and /api/docs-json. */
export function setUpOpenApi(app: NestFastifyApplication, version: string): void {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Civic platform API')
    .setDescription(
      'Permits, payments, complaints and the audit trail of a city. Every operation states who may call it.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] });
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
