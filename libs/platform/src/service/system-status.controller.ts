import { readFileSync } from 'node:fs';
import { Controller, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { systemStatusPattern, type ServiceStatusReply } from '#contracts';
import {
  currentActor,
  currentCorrelationId,
  currentTrace,
  formatActorHeader,
} from '../context/request-context.js';

const startedAt = Date.now();
/** The platform's version, from the repository's package.json (four folders up in src and dist). */
export const PLATFORM_VERSION: string = (() => {
  try {
    const manifest = readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(manifest) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
})();

/**
 * Answers `<context>.system.status`, which the gateway's status page asks of every service.
 * Built per service because a message pattern is fixed when the class is declared.
 */
export function createSystemStatusController(service: string, context: string): Type<unknown> {
  @Controller()
  class SystemStatusController {
    @MessagePattern(systemStatusPattern(context))
    status(): ServiceStatusReply {
      return {
        service,
        version: PLATFORM_VERSION,
        correlationId: currentCorrelationId() ?? null,
        traceId: currentTrace()?.traceId ?? null,
        actor: ((a) => (a ? formatActorHeader(a) : null))(currentActor()),
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1_000),
      };
    }
  }
  return SystemStatusController;
}
