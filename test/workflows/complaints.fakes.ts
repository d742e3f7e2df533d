import { Context } from '@temporalio/activity';
import type { ComplaintsActivities, ComplaintTransitionRequest } from '#contracts/temporal';

/**
 * The complaints activities as plain functions that record their calls, for the workflow tier
 * (the integration tests run the real service). Each request's scenario says how long a
 * working day and a calendar day last for its timers.
 */
export interface ComplaintScenario {
  workingDayMs: number;
  calendarDayMs: number;
}

const scenarios = new Map<string, ComplaintScenario>();
const recorded = new Map<string, ComplaintTransitionRequest[]>();
const DAY = 86_400_000;

export const HOUR_MS = 3_600_000;

export function setComplaintScenario(requestId: string, scenario: ComplaintScenario): void {
  scenarios.set(requestId, scenario);
  recorded.set(requestId, []);
}

/** Changes how long days last from now on (the activities read it at each call). */
export function changeComplaintScenario(
  requestId: string,
  change: Partial<ComplaintScenario>,
): void {
  Object.assign(scenarioOf(requestId), change);
}

/** The transitions recorded for the request, in seq order (each seq once). */
export const recordedOf = (requestId: string): ComplaintTransitionRequest[] =>
  [...(recorded.get(requestId) ?? [])].sort((a, b) => a.seq - b.seq);

const requestOfWorkflow = (): string =>
  (Context.current().info.workflowExecution?.workflowId ?? '').replace(/^complaint-/, '');

function scenarioOf(requestId: string): ComplaintScenario {
  const scenario = scenarios.get(requestId);
  if (!scenario) throw new Error(`no scenario for ${requestId}`);
  return scenario;
}

export const fakeComplaintsActivities: ComplaintsActivities = {
  async complaintsDeadline({ from, days, kind }) {
    const scenario = scenarioOf(requestOfWorkflow());
    const dayMs = kind === 'working' ? scenario.workingDayMs : scenario.calendarDayMs;
    const start = new Date(from).getTime();
    return {
      dueAt: new Date(start + days * DAY).toISOString(),
      waitMs: Math.max(0, start + days * dayMs - Date.now()),
    };
  },
  async complaintsWorkingDaysLeft({ waitMsLeft }) {
    return Math.ceil(waitMsLeft / scenarioOf(requestOfWorkflow()).workingDayMs);
  },
  async complaintsRecordTransition(request) {
    const list = recorded.get(request.requestId) ?? [];
    if (!list.some((r) => r.seq === request.seq)) list.push(structuredClone(request));
    recorded.set(request.requestId, list);
    return {
      requestId: request.requestId,
      status: request.facts?.status ?? 'investigating',
      open311Status: request.facts?.open311Status ?? 'open',
      expectedAt: request.facts?.expectedAt ?? null,
    };
  },
};
