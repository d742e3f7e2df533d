import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import {
  cancelInspection,
  inspectionState,
  recordInspectionResult,
  type InspectionInput,
  type InspectionOutcome,
  type InspectionResult,
  type PermitsActivities,
  type RecordInspectionResultArgs,
} from '#contracts/temporal';

const { permitsRecordTransition } = proxyActivities<PermitsActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One inspection round of a permit application (id `inspection-<applicationId>-<round>`),
 * started by `permitApplicationWorkflow` with parent close policy REQUEST_CANCEL.
 *
 * Who records what: the PARENT records `inspection-scheduled` (in its `scheduleInspection`
 * Update) and owns the transition counter; it reserves one seq for the result and passes it
 * as `resultSeq`. This child waits for the assigned inspector's `recordInspectionResult`
 * Update, records `inspection-passed` / `inspection-failed` with that seq before the Update
 * returns (so the inspector's request reads its own write), and returns the outcome; the
 * parent then applies it (back to review, another round, or refusal at the limit). A
 * `cancelInspection` Signal (or the parent's cancellation) ends the round unrecorded.
 */
export async function inspectionWorkflow(input: InspectionInput): Promise<InspectionResult> {
  let outcome: InspectionOutcome | 'scheduled' = 'scheduled';
  let recording = false;

  setHandler(inspectionState, () => ({
    inspectionId: input.inspectionId,
    round: input.round,
    inspectorId: input.inspectorId,
    outcome,
  }));
  setHandler(cancelInspection, () => {
    if (outcome === 'scheduled' && !recording) outcome = 'cancelled';
  });
  setHandler(
    recordInspectionResult,
    async (args: RecordInspectionResultArgs) => {
      recording = true;
      const result: 'passed' | 'failed' = args.outcome === 'pass' ? 'passed' : 'failed';
      await permitsRecordTransition({
        applicationId: input.applicationId,
        seq: input.resultSeq ?? 0,
        transition: result === 'passed' ? 'inspection-passed' : 'inspection-failed',
        actor: args.actor,
        facts: {
          inspectionId: input.inspectionId,
          round: input.round,
          inspectorId: input.inspectorId,
          ...(args.findingsId ? { findingsId: args.findingsId } : {}),
          ...(result === 'passed'
            ? { status: 'under_review', step: 'review' }
            : {
                status: 'inspection',
                step: 'inspection_failed',
                reinspectionAllowed: input.reinspectionAllowed,
              }),
        },
      });
      outcome = result;
      return { inspectionId: input.inspectionId, outcome: result };
    },
    {
      validator: (args: RecordInspectionResultArgs) => {
        if (args.actor.userId !== input.inspectorId)
          throw ApplicationFailure.nonRetryable(
            'only the assigned inspector records the result',
            'PERMITS.NOT_ASSIGNED_INSPECTOR',
          );
        if (outcome !== 'scheduled' || recording)
          throw ApplicationFailure.nonRetryable(
            'this inspection is no longer scheduled',
            'PERMITS.INSPECTION_NOT_SCHEDULED',
          );
        if (args.outcome !== 'pass' && args.outcome !== 'fail')
          throw ApplicationFailure.nonRetryable(
            'outcome is pass or fail',
            'PERMITS.INVALID_TRANSITION',
          );
      },
    },
  );

  if (input.resultSeq === undefined)
    throw ApplicationFailure.nonRetryable('resultSeq is required', 'PERMITS.INVALID_TRANSITION');
  try {
    await condition(() => outcome !== 'scheduled');
  } catch (error) {
    // The parent closed (REQUEST_CANCEL): end the round unrecorded, unless a result is being
    // recorded, which then completes in a non-cancellable scope.
    if (!isCancellation(error)) throw error;
    if (!recording)
      return { inspectionId: input.inspectionId, round: input.round, outcome: 'cancelled' };
    await CancellationScope.nonCancellable(() => condition(() => outcome !== 'scheduled'));
  }
  return {
    inspectionId: input.inspectionId,
    round: input.round,
    outcome: outcome === 'scheduled' ? 'cancelled' : outcome,
  };
}
