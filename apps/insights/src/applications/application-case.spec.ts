import { describe, expect, it } from '@jest/globals';
import {
  applyApplicationFact,
  type ApplicationCase,
  type ApplicationFact,
} from './application-case.js';

const id = '0190f0f0-0000-7000-8000-000000000001';
const fact = (
  f: Record<string, unknown> & { kind: ApplicationFact['kind'] },
  at = '2026-03-10T10:00:00.000Z',
) => ({ applicationId: id, permitType: 'building', at, ...f }) as ApplicationFact;
const run = (...facts: ApplicationFact[]): ApplicationCase | undefined =>
  facts.reduce<ApplicationCase | undefined>((c, f) => applyApplicationFact(c, f), undefined);

describe('an application as the dashboard counts it', () => {
  it('given a submission, is submitted with its time and type', () => {
    expect(run(fact({ kind: 'submitted', submittedAt: '2026-03-01T09:00:00.000Z' }))).toEqual({
      applicationId: id,
      permitType: 'building',
      status: 'submitted',
      submittedAt: '2026-03-01T09:00:00.000Z',
      decidedAt: null,
      reviewDueAt: null,
      deadline: null,
    });
  });

  it('moves through payment, review, changes, hold and release', () => {
    const submitted = fact({ kind: 'submitted', submittedAt: '2026-03-01T09:00:00.000Z' });
    expect(run(submitted, fact({ kind: 'payment-requested' }))?.status).toBe('awaiting_payment');
    const reviewing = run(
      submitted,
      fact({ kind: 'review-started', reviewDueAt: '2026-03-20T17:00:00.000Z' }),
    );
    expect(reviewing).toMatchObject({
      status: 'in_review',
      reviewDueAt: '2026-03-20T17:00:00.000Z',
    });
    expect(applyApplicationFact(reviewing, fact({ kind: 'changes-requested' })).status).toBe(
      'changes_requested',
    );
    const held = applyApplicationFact(reviewing, fact({ kind: 'held' }));
    expect(held.status).toBe('on_hold');
    expect(
      applyApplicationFact(
        held,
        fact({ kind: 'released', reviewDueAt: '2026-03-25T17:00:00.000Z' }),
      ),
    ).toMatchObject({ status: 'in_review', reviewDueAt: '2026-03-25T17:00:00.000Z' });
  });

  it('an approval before the review due time met its deadline, and records when it was decided', () => {
    const c = run(
      fact({ kind: 'submitted', submittedAt: '2026-03-01T09:00:00.000Z' }),
      fact({ kind: 'review-started', reviewDueAt: '2026-03-20T17:00:00.000Z' }),
      fact({ kind: 'approved', deemed: false }, '2026-03-15T12:00:00.000Z'),
    );
    expect(c).toMatchObject({
      status: 'approved',
      decidedAt: '2026-03-15T12:00:00.000Z',
      deadline: 'met',
    });
  });

  it('a rejection after the due time breached it; so does any escalation before a decision', () => {
    const late = run(
      fact({ kind: 'review-started', reviewDueAt: '2026-03-20T17:00:00.000Z' }),
      fact({ kind: 'rejected', deemed: false }, '2026-03-21T09:00:00.000Z'),
    );
    expect(late).toMatchObject({ status: 'rejected', deadline: 'breached' });
    const escalated = run(
      fact({ kind: 'review-started', reviewDueAt: '2026-03-20T17:00:00.000Z' }),
      fact({ kind: 'deadline-breached' }),
      fact({ kind: 'approved', deemed: false }, '2026-03-19T09:00:00.000Z'),
    );
    expect(escalated?.deadline).toBe('breached');
  });

  it('a deemed decision is a decision and a breach', () => {
    expect(
      run(
        fact({ kind: 'review-started', reviewDueAt: '2026-03-20T17:00:00.000Z' }),
        fact({ kind: 'approved', deemed: true }, '2026-03-20T17:00:00.000Z'),
      ),
    ).toMatchObject({
      status: 'approved',
      deadline: 'breached',
      decidedAt: '2026-03-20T17:00:00.000Z',
    });
  });

  it('an issued permit stays issued, whichever of issuance and approval comes first', () => {
    const approvedThenIssued = run(
      fact({ kind: 'approved', deemed: false }),
      fact({ kind: 'issued' }),
    );
    expect(approvedThenIssued?.status).toBe('issued');
    const issuedThenApproved = run(
      fact({ kind: 'issued' }),
      fact({ kind: 'approved', deemed: false }),
    );
    expect(issuedThenApproved).toMatchObject({
      status: 'issued',
      decidedAt: '2026-03-10T10:00:00.000Z',
    });
  });

  it('final statuses are not left: a withdrawn case stays withdrawn', () => {
    expect(
      run(
        fact({ kind: 'withdrawn' }),
        fact({ kind: 'review-started', reviewDueAt: '2026-03-20T17:00:00.000Z' }),
      )?.status,
    ).toBe('withdrawn');
    expect(run(fact({ kind: 'lapsed' }))?.status).toBe('lapsed');
  });

  it('a decision keeps its first time when a second decision event comes', () => {
    const c = run(
      fact({ kind: 'approved', deemed: false }, '2026-03-10T10:00:00.000Z'),
      fact({ kind: 'approved', deemed: false }, '2026-03-12T10:00:00.000Z'),
    );
    expect(c?.decidedAt).toBe('2026-03-10T10:00:00.000Z');
  });
});
