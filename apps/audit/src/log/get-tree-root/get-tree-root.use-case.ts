import { Injectable } from '@nestjs/common';
import { treeRoot, type RangeHasher } from '#audit-log';
import { AuditErrors, type TreeRoot, type TreeRootRequest } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';
import { rangesOf, storedRangeHasher } from '../proof-ranges.js';

/** The Merkle root of the first `size` entries, from the stored subtrees. */
@Injectable()
export class GetTreeRoot {
  constructor(private readonly log: AuditLogRepository) {}

  async execute({ size }: TreeRootRequest): Promise<TreeRoot> {
    const root = (hashRange: RangeHasher) => treeRoot(hashRange, size);
    const material = await this.log.proofMaterial(rangesOf(root));
    if (size > material.size)
      throw AuditErrors.invalidRange(`no tree of ${size} (the log has ${material.size})`);
    return { size, rootHash: root(storedRangeHasher(material.nodes)).toString('hex') };
  }
}
