import { describe, expect, it } from '@jest/globals';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { DomainError } from '#contracts';
import { refusalOf, updateIdOf } from './case-workflows.js';

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
