import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { PERMIT_PROOF_FORMAT, type PermitProofDocument } from '#audit-log';
import { AuditErrors, type PermitProof, type PermitProofRequest } from '#contracts';
import { Metrics } from '#platform';
import { AuditLogRepository } from '../audit-log.repository.js';
import { leafView } from '../entry-view.js';
import { inclusionProofsOf } from '../proof-ranges.js';

/**
 * The proof of a permit, for anyone (docs/audit.md, "Proving a permit"): the entries of the
 * permit's life in the latest signed tree head (its number is their subject), their bytes as
 * stored, and their audit paths in that tree: two queries (the head with the entries, then the
 * subtrees of all their paths).
 *
 * Anonymous callers ask for it: it is counted in metrics (`civic_audit_permit_proofs_total`),
 * never written to the trail, so asking cannot grow the append-only log (the gateway
 * rate-limits the route per address).
 */
@Injectable()
export class ProvePermit {
  private readonly proofs: Counter<'outcome'>;

  constructor(
    private readonly log: AuditLogRepository,
    metrics: Metrics,
  ) {
    this.proofs = new Counter({
      name: 'civic_audit_permit_proofs_total',
      help: 'Public permit proofs answered, by outcome (proven, not_found); not written to the trail',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  async execute({ permitNumber }: PermitProofRequest): Promise<PermitProof> {
    const { head, rows } = await this.log.permitEntries(permitNumber);
    if (!head || rows.length === 0) {
      this.proofs.inc({ outcome: 'not_found' });
      throw AuditErrors.permitNotFound(permitNumber);
    }
    const paths = await inclusionProofsOf(
      this.log,
      rows.map((r) => Number(r.seq)),
      head.treeSize,
    );
    const proof: PermitProofDocument = {
      format: PERMIT_PROOF_FORMAT,
      permitNumber,
      treeHead: head,
      entries: rows.map((r, i) => ({ ...leafView(r), inclusionProof: paths[i] ?? [] })),
    };
    this.proofs.inc({ outcome: 'proven' });
    return proof;
  }
}
