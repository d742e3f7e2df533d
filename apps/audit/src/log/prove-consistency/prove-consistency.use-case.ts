import { Injectable } from '@nestjs/common';
import { consistencyProof, type RangeHasher } from '#audit-log';
import { AuditErrors, type ConsistencyProof, type ConsistencyProofRequest } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';
import { hex, rangesOf, storedRangeHasher } from '../proof-ranges.js';
import { TrailReads } from '../trail-reads.js';

/** That the tree of `first` entries grew into the tree of `second` (RFC 6962; recorded). */
@Injectable()
export class ProveConsistency {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly reads: TrailReads,
  ) {}

  async execute({ first, second }: ConsistencyProofRequest): Promise<ConsistencyProof> {
    const invalid = (size: number | string) =>
      AuditErrors.invalidRange(
        `no consistency between ${first} and ${second} (the log has ${size})`,
      );
    if (first > second) throw invalid('more');
    const prove = (hashRange: RangeHasher) => consistencyProof(hashRange, first, second);
    const material = await this.log.proofMaterial(rangesOf(prove));
    if (second > material.size) throw invalid(material.size);
    const proof = prove(storedRangeHasher(material.nodes));
    await this.reads.record({ read: 'consistency-proof', entries: 0 });
    return { first, second, proof: hex(proof) };
  }
}
