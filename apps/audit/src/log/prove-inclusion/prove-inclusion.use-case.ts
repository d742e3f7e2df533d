import { Injectable } from '@nestjs/common';
import { inclusionProof, type RangeHasher } from '#audit-log';
import { AuditErrors, type InclusionProof, type InclusionProofRequest } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';
import { hex, rangesOf, storedRangeHasher } from '../proof-ranges.js';
import { TrailReads } from '../trail-reads.js';

/**
 * The audit path of entry `seq` in the tree of `treeSize` entries (RFC 6962), from the stored
 * subtrees: the log's size, the leaf and the nodes in one query (the read is recorded).
 */
@Injectable()
export class ProveInclusion {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly reads: TrailReads,
  ) {}

  async execute({ seq, treeSize }: InclusionProofRequest): Promise<InclusionProof> {
    const outside = (size: number | string) =>
      AuditErrors.invalidRange(
        `entry ${seq} is not in a tree of ${treeSize} (the log has ${size})`,
      );
    if (seq >= treeSize) throw outside('more');
    const prove = (hashRange: RangeHasher) => inclusionProof(hashRange, seq, treeSize);
    const material = await this.log.proofMaterial(rangesOf(prove), [{ level: 0, idx: seq }]);
    if (treeSize > material.size) throw outside(material.size);
    const path = prove(storedRangeHasher(material.nodes));
    await this.reads.record({ read: 'inclusion-proof', seq, entries: 1 });
    return {
      leafIndex: seq,
      treeSize,
      leafHash: material.nodes.get(`0:${seq}`)?.toString('hex') as string,
      auditPath: hex(path),
    };
  }
}
