import { Injectable } from '@nestjs/common';
import { AuditErrors, type TreeHead, type TreeHeadOfSizeRequest } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';

/** The signed tree head of a given size. */
@Injectable()
export class GetTreeHeadOfSize {
  constructor(private readonly log: AuditLogRepository) {}

  async execute({ size }: TreeHeadOfSizeRequest): Promise<TreeHead> {
    const head = await this.log.treeHeadOfSize(size);
    if (!head) throw AuditErrors.notFound(`no tree head of size ${size}`);
    return head;
  }
}
