import { describe, expect, it } from '@jest/globals';
import { runWithContext } from '#platform';
import { createActivities, mergeActivities } from './index.js';

describe('the worker’s activities', () => {
  const deps = { identity: '1@test', taskQueue: 'q' };

  it("registers each context's factory, under the names its workflows proxy", async () => {
    const activities = createActivities(deps);
    expect(Object.keys(activities).sort()).toEqual([
      'complaintsDeadline',
      'complaintsRecordTransition',
      'complaintsWorkingDaysLeft',
      'describeWorker',
      'paymentsCancelInvoice',
      'paymentsCreateInvoice',
      'paymentsRefund',
      'permitLifeRecordTransition',
      'permitLifeTimers',
      'permitsAssess',
      'permitsConfirmCompleteness',
      'permitsDeadline',
      'permitsIssuePermit',
      'permitsRecordTransition',
      'permitsStartReview',
      'permitsWorkingDaysLeft',
    ]);
    const report = await runWithContext({ correlationId: 'c-1' }, () =>
      activities.describeWorker!(),
    );
    expect(report).toEqual({ correlationId: 'c-1', workerIdentity: '1@test', taskQueue: 'q' });
  });

  it('refuses an activity name that two contexts define', () => {
    const one = async () => 1;
    expect(() =>
      mergeActivities({ permits: { notify: one, a: one }, complaints: { notify: one } }),
    ).toThrow(
      'activity notify is defined by both permits and complaints: activity names are one namespace per task queue',
    );
    expect(Object.keys(mergeActivities({ permits: { a: one }, complaints: { b: one } }))).toEqual([
      'a',
      'b',
    ]);
  });

  it('refuses a factory entry that is not a function', () => {
    expect(() => mergeActivities({ permits: { notify: 'x' } })).toThrow(
      'activity notify of permits is not a function',
    );
  });
});
