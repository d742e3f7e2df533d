/**
 * Writes the gateway's OpenAPI document to a file (argument 1, or standard output), without
 * any server: the Nest app is made in preview mode, which reads the routes' metadata and starts
 * no provider (no database, no NATS). The web UI's API client is generated from it at build
 * time (deploy/build.mjs), so a change of the API the UI does not follow fails the build.
 */
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadConfig, PLATFORM_VERSION } from '#platform';
import { GatewayConfig } from './config.js';
import { GatewayModule } from './gateway.module.js';
import { buildOpenApiDocument } from './openapi.js';

const config = loadConfig('gateway', GatewayConfig);
const app = await NestFactory.create(GatewayModule.forRoot(config), new FastifyAdapter(), {
  preview: true,
  logger: false,
  abortOnError: false,
});
const document = buildOpenApiDocument(app, PLATFORM_VERSION, {
  jurisdictionId: config.OPEN311_JURISDICTION_ID,
});
const text = `${JSON.stringify(document, null, 2)}\n`;
const target = process.argv[2];
if (target) writeFileSync(target, text);
else process.stdout.write(text);
await app.close();
