import { describe, expect, it } from '@jest/globals';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import type { DataSource } from 'typeorm';
import { DomainError } from '#contracts';
import type { TemporalClientHolder } from '#platform';
import type { CaseRepository, CaseRow } from './case.repository.js';
import { CaseWorkflows, refusalOf, updateIdOf } from './case-workflows.js';

describe('updateIdOf', () => {
  it('derives the Update id from the request key and the pattern, fresh without a key', () => {
    const key = 'k'.repeat(40);
    expect(updateIdOf('permits.application.decide', key)).toBe(
      updateIdOf('permits.application.decide', key),
    );
    expect(updateIdOf('permits.application.decide', key)).not.toBe(
      updateIdOf('permits.task.claim', key),
    );
    expect(updateIdOf('permits.task.claim', undefined)).not.toBe(
      updateIdOf('permits.task.claim', undefined),
    );
  });
});

describe('refusalOf', () => {
  const open = { status: 'under_review', step: 'review' } as const;

  it('answers a refused Update with the same stable code', () => {
    const failure = ApplicationFailure.create({
      type: 'PERMITS.DECISION_IN_PROGRESS',
      message: 'another decision is being recorded',
      nonRetryable: true,
    });
    const refused = refusalOf(new WorkflowUpdateFailedError('update failed', failure), open);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'PERMITS.DECISION_IN_PROGRESS' });
  });

  it('keeps a failure that is not a known code as it is', () => {
    const failure = ApplicationFailure.create({ type: 'Boom', message: 'no' });
    const error = new WorkflowUpdateFailedError('update failed', failure);
    expect(refusalOf(error, open)).toBe(error);
  });

  it('tells a case not started yet from a closed one', () => {
    const missing = new WorkflowNotFoundError('gone', 'permit-application-x', undefined);
    expect(refusalOf(missing, open)).toMatchObject({ code: 'PERMITS.CASE_NOT_STARTED' });
    expect(refusalOf(missing, { status: 'rejected', step: 'closed' })).toMatchObject({
      code: 'PERMITS.INVALID_TRANSITION',
    });
  });
});

describe('CaseWorkflows.update when the workflow is a moment behind its table', () => {
  const row = { id: 'a', status: 'under_review', step: 'review' } as CaseRow;
  const refused = (code: string) =>
    new WorkflowUpdateFailedError(
      'update failed',
      ApplicationFailure.create({ type: code, message: 'refused', nonRetryable: true }),
    );

  /** A Temporal client whose handle answers the Updates and Queries given, in turn. */
  function workflows(updates: unknown[], seen: number[], recorded: number) {
    const calls = { updates: 0, queries: 0 };
    const handle = {
      executeUpdate: () => {
        const next = updates[calls.updates++];
        return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
      },
      query: () =>
        Promise.resolve({ transitions: seen[Math.min(calls.queries++, seen.length - 1)] }),
    };
    const temporal = { client: { workflow: { getHandle: () => handle } } };
    const cases = { workflowTransitions: () => Promise.resolve(recorded) };
    const subject = new CaseWorkflows(
      temporal as unknown as TemporalClientHolder,
      { manager: {} } as DataSource,
      cases as unknown as CaseRepository,
    );
    return { subject, calls };
  }

  const decide = defineUpdate<string, [number]>('decide');

  it('sends a state-refused Update again once the workflow has seen what the table holds', async () => {
    const { subject, calls } = workflows(
      [refused('PERMITS.INVALID_TRANSITION'), 'done'],
      [3, 3, 4],
      4,
    );
    await expect(subject.update(row, decide, 1, 'u1')).resolves.toBe('done');
    expect(calls).toEqual({ updates: 2, queries: 3 });
  });

  it('keeps the refusal when the workflow was not behind, or for other codes', async () => {
    const upToDate = workflows([refused('PERMITS.INVALID_TRANSITION')], [4], 4);
    await expect(upToDate.subject.update(row, decide, 1, 'u2')).rejects.toMatchObject({
      code: 'PERMITS.INVALID_TRANSITION',
    });
    expect(upToDate.calls.updates).toBe(1);
    const pending = workflows([refused('PERMITS.DECISION_IN_PROGRESS')], [3], 4);
    await expect(pending.subject.update(row, decide, 1, 'u3')).rejects.toMatchObject({
      code: 'PERMITS.DECISION_IN_PROGRESS',
    });
    expect(pending.calls).toEqual({ updates: 1, queries: 0 });
  });

  it('sends it again once only', async () => {
    const { subject, calls } = workflows(
      [refused('PERMITS.INVALID_TRANSITION'), refused('PERMITS.INVALID_TRANSITION')],
      [3, 4, 3],
      4,
    );
    await expect(subject.update(row, decide, 1, 'u4')).rejects.toMatchObject({
      code: 'PERMITS.INVALID_TRANSITION',
    });
    expect(calls.updates).toBe(2);
  });
});
