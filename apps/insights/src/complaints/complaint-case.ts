/**
 * A complaint as the dashboard counts it: its service, its status (`closed` once closed), when
 * it was reported and closed, and whether it kept its deadlines (resolved with no escalation:
 * met; any escalation of the triage or resolution deadline: breached). Every complaints event
 * carries the status after it, so the projection is a pure function of the case so far and
 * one fact.
 */
import type { DeadlineOutcome } from '../applications/application-case.js';

export interface ComplaintCase {
  requestId: string;
  serviceCode: string;
  status: string;
  receivedAt: string | null;
  closedAt: string | null;
  deadline: DeadlineOutcome | null;
}

export type ComplaintFact = {
  requestId: string;
  serviceCode: string;
  status: string;
  at: string;
} & {
  kind: 'received' | 'changed' | 'escalated' | 'resolved' | 'closed';
};

export const CLOSED_STATUS = 'closed';

export function applyComplaintFact(
  current: ComplaintCase | undefined,
  fact: ComplaintFact,
): ComplaintCase {
  const base: ComplaintCase = current ?? {
    requestId: fact.requestId,
    serviceCode: fact.serviceCode,
    status: fact.status,
    receivedAt: null,
    closedAt: null,
    deadline: null,
  };
  const closed = base.closedAt !== null;
  const next: ComplaintCase = {
    ...base,
    serviceCode: fact.serviceCode,
    status: closed ? CLOSED_STATUS : fact.status,
  };
  switch (fact.kind) {
    case 'received':
      return { ...next, receivedAt: fact.at };
    case 'changed':
      return next;
    case 'escalated':
      return { ...next, deadline: 'breached' };
    case 'resolved':
      return { ...next, deadline: base.deadline ?? 'met' };
    case 'closed':
      return { ...next, status: CLOSED_STATUS, closedAt: base.closedAt ?? fact.at };
  }
}
