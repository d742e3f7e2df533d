import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  PERMIT_WORKFLOW,
  permitLifeState,
  permitWorkflowId,
  requestRenewal,
  revokePermit,
  type CaseActor,
  type PermitLifeActivities,
  type PermitLifeInput,
  type PermitLifeState,
  type RecordPermitTransitionRequest,
} from '#contracts/temporal';
import { eventually } from '#testing';
import type { WorkflowPath, WorkflowPaths } from './workflow-path.js';

/*
 * The permit workflow's paths (`permit-<permitNumber>`, docs/permits.md "A permit's life"),
 * with its activities as plain functions that record their calls: each permit's timers are
 * given by its scenario (how long until the renewal window opens and until it expires).
 */

interface Timing {
  opensInMs: number;
  expiresInMs: number;
}
const timings = new Map<string, Timing>();
const recorded = new Map<string, RecordPermitTransitionRequest[]>();

const permitOfWorkflow = (): string =>
  (Context.current().info.workflowExecution?.workflowId ?? '').replace(/^permit-/, '');

export const permitLifeActivities: PermitLifeActivities = {
  async permitLifeTimers(request) {
    const timing = timings.get(permitOfWorkflow());
    if (!timing) throw new Error(`no timing for ${permitOfWorkflow()}`);
    const until = new Date(request.validUntil).getTime();
    return {
      renewalOpensAt: new Date(until - request.renewalWindowDays * 86_400_000).toISOString(),
      renewalOpensInMs: timing.opensInMs,
      expiresInMs: timing.expiresInMs,
    };
  },
  async permitLifeRecordTransition(request) {
    const list = recorded.get(request.permitNumber) ?? [];
    // Once per seq, as the service records it.
    if (!list.some((r) => r.seq === request.seq)) list.push({ ...request });
    recorded.set(request.permitNumber, list);
    const renewal = list.find((r) => r.transition === 'renewal-requested');
    const last = list.at(-1)?.transition;
    return {
      permitNumber: request.permitNumber,
      status: last === 'revoked' ? 'revoked' : last === 'expired' ? 'expired' : 'valid',
      renewalApplicationId: renewal
        ? `00000000-0000-4000-8000-${String(renewal.seq).padStart(12, '0')}`
        : null,
    };
  },
};

export interface PermitLifeOutcome {
  transitions: string[];
  reasonCodes: (string | undefined)[];
  final: PermitLifeState;
  refusals: string[];
}

type Handle = WorkflowHandle<(input: PermitLifeInput) => Promise<PermitLifeState>>;

class Life {
  readonly holder: CaseActor = { userId: randomUUID(), role: 'citizen' };
  readonly supervisor: CaseActor = { userId: randomUUID(), role: 'supervisor' };
  readonly refusals: string[] = [];
  handle!: Handle;
  permitNumber = '';

  async start(
    client: Client,
    options: { workflowId: string; taskQueue: string },
    timing: Timing,
  ): Promise<this> {
    this.permitNumber = options.workflowId.replace(/^permit-/, '');
    timings.set(this.permitNumber, timing);
    recorded.set(this.permitNumber, []);
    this.handle = await client.workflow.start<(input: PermitLifeInput) => Promise<PermitLifeState>>(
      PERMIT_WORKFLOW,
      {
        ...options,
        args: [
          {
            permitNumber: this.permitNumber,
            applicationId: randomUUID(),
            holderId: this.holder.userId,
            permitType: 'building',
            typeVersion: 1,
            validFrom: '2026-03-02T00:00:00.000Z',
            validUntil: '2029-03-02T00:00:00.000Z',
            renewalWindowDays: 60,
          },
        ],
      },
    );
    return this;
  }

  state = (): Promise<PermitLifeState> => this.handle.query(permitLifeState);

  until(what: string, test: (s: PermitLifeState) => boolean): Promise<PermitLifeState> {
    return eventually(
      async () => {
        const s = await this.state();
        return test(s) ? s : undefined;
      },
      60_000,
      what,
    );
  }

  /** Sends an Update expected to be refused; keeps its code. */
  async refused(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
      this.refusals.push('accepted');
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      const cause = error.cause;
      this.refusals.push(cause instanceof ApplicationFailure ? String(cause.type) : 'unknown');
    }
  }

  renew = (actor: CaseActor = this.holder) =>
    this.handle.executeUpdate(requestRenewal, { args: [{ actor }] });

  revoke = (actor: CaseActor, reasonCode = 'conditions_breached') =>
    this.handle.executeUpdate(revokePermit, {
      args: [{ actor, reasonCode: reasonCode as 'conditions_breached', noteId: randomUUID() }],
    });

  async end(): Promise<PermitLifeOutcome> {
    const final = await this.handle.result();
    const list = [...(recorded.get(this.permitNumber) ?? [])].sort((a, b) => a.seq - b.seq);
    return {
      transitions: list.map((r) => r.transition),
      reasonCodes: list.map((r) => r.reasonCode),
      final,
      refusals: this.refusals,
    };
  }
}

type Run = WorkflowPath<PermitLifeOutcome>['run'];
const path = (name: string, description: string, run: Run): WorkflowPath<PermitLifeOutcome> => ({
  name,
  description,
  run,
});

const HOUR = 3_600_000;

export const permitExpired = path(
  'permit-expired',
  'the validity ends: expired by the system; a renewal before the window opened was refused',
  async (client, options) => {
    const life = await new Life().start(client, options, { opensInMs: HOUR, expiresInMs: 4_000 });
    await life.until('timers computed', (s) => s.renewalOpensAt !== null);
    await life.refused(() => life.renew());
    return life.end();
  },
);

export const permitRevoked = path(
  'permit-revoked',
  'a supervisor revokes with a reason code (a clerk, the holder and an unknown reason refused); the workflow ends with it',
  async (client, options) => {
    const life = await new Life().start(client, options, {
      opensInMs: HOUR,
      expiresInMs: 2 * HOUR,
    });
    await life.until('timers computed', (s) => s.renewalOpensAt !== null);
    await life.refused(() => life.revoke({ userId: randomUUID(), role: 'clerk' }));
    await life.refused(() => life.revoke({ ...life.holder, role: 'supervisor' }));
    await life.refused(() => life.revoke(life.supervisor, 'no_such_reason'));
    await life.revoke(life.supervisor);
    // The workflow ends with the revocation: the service refuses anything later from its table.
    return life.end();
  },
);

export const renewalThenExpired = path(
  'permit-renewal-then-expired',
  'the window opens, the holder asks for a renewal (a stranger and a second request refused), then the permit expires',
  async (client, options) => {
    const life = await new Life().start(client, options, { opensInMs: 500, expiresInMs: 6_000 });
    await life.until('window open', (s) => s.renewalWindow === 'open');
    await life.refused(() => life.renew({ userId: randomUUID(), role: 'citizen' }));
    await life.renew();
    await life.refused(() => life.renew());
    return life.end();
  },
);

export const PERMIT_LIFE_PATHS: WorkflowPaths = {
  folder: 'permits',
  workflowType: PERMIT_WORKFLOW,
  workflowId: (label: string) => permitWorkflowId(label),
  activities: () => ({ ...permitLifeActivities }),
  paths: [permitExpired, permitRevoked, renewalThenExpired],
};
