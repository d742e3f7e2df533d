import { Injectable } from '@nestjs/common';
import { AuditErrors, type CaseState, type CaseStateRequest } from '#contracts';
import { AuditLogRepository } from '../audit-log.repository.js';
import { TrailReads } from '../trail-reads.js';

/**
 * A case as its events tell it up to a moment: the facts of its events applied in order (each
 * event's data over the previous state), and the history that led there (the read is
 * recorded).
 */
@Injectable()
export class GetCaseState {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly reads: TrailReads,
  ) {}

  async execute({ subject, at: asked }: CaseStateRequest): Promise<CaseState> {
    const at = asked ?? new Date().toISOString();
    const rows = await this.log.caseEntries(subject, at);
    if (rows.length === 0) throw AuditErrors.notFound(`no events of ${subject} up to ${at}`);
    let state: Record<string, unknown> = {};
    const history = rows.map((row) => {
      const event = JSON.parse(row.data.toString('utf8')) as { data?: Record<string, unknown> };
      state = { ...state, ...(event.data ?? {}) };
      return {
        seq: Number(row.seq),
        type: row.type,
        actor: row.actor,
        occurredAt: row.occurred_at.toISOString(),
        entryHash: row.entry_hash.toString('hex'),
      };
    });
    await this.reads.record({ read: 'case-state', subject, entries: rows.length });
    return { subject, at, state, history };
  }
}
