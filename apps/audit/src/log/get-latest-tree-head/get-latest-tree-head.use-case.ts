import { Injectable } from '@nestjs/common';
import type { TreeHead } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';

/** The latest signed tree head, or null before the first is signed. */
@Injectable()
export class GetLatestTreeHead {
  constructor(private readonly log: AuditLogRepository) {}

  async execute(): Promise<TreeHead | null> {
    return (await this.log.latestTreeHead()) ?? null;
  }
}
