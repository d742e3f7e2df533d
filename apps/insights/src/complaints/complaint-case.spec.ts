import { describe, expect, it } from '@jest/globals';
import { applyComplaintFact, type ComplaintCase, type ComplaintFact } from './complaint-case.js';

const id = '0190f0f0-0000-7000-8000-000000000002';
const fact = (kind: ComplaintFact['kind'], status: string, at: string): ComplaintFact => ({
  requestId: id,
  serviceCode: '001',
  status,
  at,
  kind,
});
const run = (...facts: ComplaintFact[]): ComplaintCase | undefined =>
  facts.reduce<ComplaintCase | undefined>((c, f) => applyComplaintFact(c, f), undefined);

describe('a complaint as the dashboard counts it', () => {
  it('given a report, is open in its first status from the report time', () => {
    expect(run(fact('received', 'for_triage', '2026-03-01T08:00:00.000Z'))).toEqual({
      requestId: id,
      serviceCode: '001',
      status: 'for_triage',
      receivedAt: '2026-03-01T08:00:00.000Z',
      closedAt: null,
      deadline: null,
    });
  });

  it('follows the status each event carries; resolved without escalation met its deadlines', () => {
    const c = run(
      fact('received', 'for_triage', '2026-03-01T08:00:00.000Z'),
      fact('changed', 'in_progress', '2026-03-02T08:00:00.000Z'),
      fact('resolved', 'fixed', '2026-03-03T08:00:00.000Z'),
    );
    expect(c).toMatchObject({ status: 'fixed', deadline: 'met', closedAt: null });
  });

  it('an escalation is a breach, even when it is resolved later', () => {
    const c = run(
      fact('received', 'for_triage', '2026-03-01T08:00:00.000Z'),
      fact('escalated', 'for_triage', '2026-03-05T08:00:00.000Z'),
      fact('resolved', 'fixed', '2026-03-06T08:00:00.000Z'),
    );
    expect(c?.deadline).toBe('breached');
  });

  it('closed is its status from then on, with the close time kept once', () => {
    const c = run(
      fact('received', 'for_triage', '2026-03-01T08:00:00.000Z'),
      fact('resolved', 'fixed', '2026-03-03T08:00:00.000Z'),
      fact('closed', 'fixed', '2026-03-10T08:00:00.000Z'),
      fact('changed', 'fixed', '2026-03-11T08:00:00.000Z'),
    );
    expect(c).toMatchObject({ status: 'closed', closedAt: '2026-03-10T08:00:00.000Z' });
  });
});
