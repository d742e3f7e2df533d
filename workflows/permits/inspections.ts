import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import {
  INSPECTION_WORKFLOW,
  inspectionWorkflowId,
  type CaseUpdateReply,
  type InspectionResult,
  type ScheduleInspectionArgs,
} from '#contracts/temporal';
import type { inspectionWorkflow } from './inspection.workflow.js';
import { record, reply, upsert, type Case } from './case.js';

/*
 * Inspections: each round a child `inspectionWorkflow` (explicit id, parent close policy
 * REQUEST_CANCEL) that records its own result with a seq the parent reserves; the parent then
 * applies the outcome (back to review, another round, or refusal at the type's limit).
 */

/** The `scheduleInspection` Update's body: records the round, then starts its child. */
export async function scheduleRound(
  c: Case,
  args: ScheduleInspectionArgs,
): Promise<CaseUpdateReply> {
  const { s, input } = c;
  const round = s.inspectionRounds + 1;
  await record(c, 'inspection-scheduled', {
    actor: args.actor,
    facts: {
      status: 'inspection',
      step: 'inspection_scheduled',
      inspectionId: args.inspectionId,
      round,
      inspectorId: args.inspectorId,
      scheduledFor: args.scheduledFor,
    },
  });
  s.inspectionRounds = round;
  s.lastInspection = 'scheduled';
  const handle = await startChild<typeof inspectionWorkflow>(INSPECTION_WORKFLOW, {
    workflowId: inspectionWorkflowId(input.applicationId, round),
    parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    args: [
      {
        applicationId: input.applicationId,
        caseNumber: input.caseNumber,
        permitType: input.permitType,
        typeVersion: input.typeVersion,
        applicantId: input.applicantId,
        inspectionId: args.inspectionId,
        round,
        inspectorId: args.inspectorId,
        scheduledFor: args.scheduledFor,
        reinspectionAllowed: round <= input.rules.maxReinspections,
        resultSeq: ++c.seq,
      },
    ],
  });
  const running: NonNullable<Case['inspection']> = { handle };
  c.inspection = running;
  void handle.result().then((result) => {
    running.result = result;
    c.wake += 1;
  });
  return reply(c);
}

/** A round's outcome, as the child recorded it: the case follows (or is refused at the limit). */
export async function applyInspection(c: Case, result: InspectionResult): Promise<void> {
  const { s } = c;
  if (result.outcome === 'cancelled') {
    s.lastInspection = 'none';
    return;
  }
  s.transitions += 1;
  if (result.outcome === 'passed') {
    s.lastInspection = 'passed';
    s.status = 'under_review';
    s.step = 'review';
  } else {
    s.lastInspection = 'failed';
    s.status = 'inspection';
    s.step = 'inspection_failed';
  }
  upsert(c);
  if (result.outcome === 'failed' && result.round > c.input.rules.maxReinspections) {
    await record(c, 'rejected', {
      reasonCode: 'reinspection_limit_reached',
      facts: { status: 'rejected', step: 'closed', inspectionId: result.inspectionId },
    });
    s.clock = 'done';
    c.ending = 'rejected';
  }
}
