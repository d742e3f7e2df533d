import { Injectable } from '@nestjs/common';
import { inclusionProof, type RangeHasher } from '#audit-log';
import { AuditErrors, type InclusionProof, type InclusionProofRequest } from '#contracts';
import { AuditLogRepository, type ProofMaterial } from '../audit-log.repository.js';
import { hex, rangesOf, storedRangeHasher } from '../proof-ranges.js';
import { TrailReads } from '../trail-reads.js';

/**
 * The audit path of entry `seq` in the tree of `treeSize` entries (RFC 6962), from the stored
 * subtrees: the log's size, the leaf and the nodes in one query (the read is recorded, at the
 * same time when the tree is known to be in the log).
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
    const read = () => this.log.proofMaterial(rangesOf(prove), [{ level: 0, idx: seq }]);
    const record = () => this.reads.record({ read: 'inclusion-proof', seq, entries: 1 });
    let material: ProofMaterial;
    if (treeSize <= this.log.knownSize)
      // A tree the log is known to hold (it never shrinks): the proof will be given, so its
      // read is recorded while the nodes are read, not after (one round trip less to wait).
      [material] = await Promise.all([read(), record()]);
    else {
      material = await read();
      if (treeSize > material.size) throw outside(material.size);
      await record();
    }
    const path = prove(storedRangeHasher(material.nodes));
    return {
      leafIndex: seq,
      treeSize,
      leafHash: material.nodes.get(`0:${seq}`)?.toString('hex') as string,
      auditPath: hex(path),
    };
  }
}
