import { Injectable } from '@nestjs/common';
import { AUDIT_TREE_HEADS_SIGN, type TreeHead } from '#contracts';
import { IdempotentCommands } from '#platform';
import { AuditLogRepository } from '../audit-log.repository.js';
import { TreeHeadSigner } from '../tree-head.signer.js';

/**
 * Signs a tree head for the log as it is now (unless one of that size exists); the latest. A
 * command: once per request key (a repeat answers the head it signed then), the head and the
 * key committed together.
 */
@Injectable()
export class SignTreeHead {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly signer: TreeHeadSigner,
    private readonly commands: IdempotentCommands,
  ) {}

  execute(): Promise<TreeHead | null> {
    return this.commands.run(
      AUDIT_TREE_HEADS_SIGN,
      async (tx) =>
        (await this.signer.signLatest(tx)) ?? (await this.log.latestTreeHead(tx)) ?? null,
    );
  }
}
