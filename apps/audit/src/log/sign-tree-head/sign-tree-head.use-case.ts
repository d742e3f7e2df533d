import { Injectable } from '@nestjs/common';
import type { TreeHead } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';
import { TreeHeadSigner } from '../tree-head.signer.js';

/** Signs a tree head for the log as it is now (unless one of that size exists); the latest. */
@Injectable()
export class SignTreeHead {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly signer: TreeHeadSigner,
  ) {}

  async execute(): Promise<TreeHead | null> {
    await this.signer.signLatest();
    return (await this.log.latestTreeHead()) ?? null;
  }
}
