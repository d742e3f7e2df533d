import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '#platform';
import { returnedRows } from '../sql.js';

export type IntentKind = 'create' | 'cancel' | 'refund';
export type IntentStage = 'ready' | 'submitted' | 'done' | 'abandoned';

export interface ProviderIntent {
  id: string;
  provider: string;
  kind: IntentKind;
  paymentId: string;
  refundId: string | null;
  stage: IntentStage;
  attempts: number;
}

interface IntentRow {
  id: string;
  provider: string;
  kind: IntentKind;
  payment_id: string;
  refund_id: string | null;
  stage: IntentStage;
  attempts: number;
}

const toIntent = (r: IntentRow): ProviderIntent => ({
  id: r.id,
  provider: r.provider,
  kind: r.kind,
  paymentId: r.payment_id,
  refundId: r.refund_id,
  stage: r.stage,
  attempts: r.attempts,
});

/**
 * Every call to a provider, written down before it is made. `ready` commits with the change
 * that needs the call; `submitted` commits just before the call (and counts the attempt);
 * `done` commits with what the provider answered, in the transaction that records it. An
 * intent left `ready` or `submitted` (a crash, a timeout) is settled by asking the provider,
 * by reference, what it has (`claimUnsettled`).
 */
@Injectable()
export class ProviderIntentRepository {
  /** Writes the intent of a call (once per payment and kind, or per refund). */
  async add(
    tx: EntityManager,
    intent: { kind: IntentKind; provider: string; paymentId: string; refundId?: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO provider_intents (id, provider, kind, payment_id, refund_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [newId(), intent.provider, intent.kind, intent.paymentId, intent.refundId ?? null],
    );
  }

  async find(
    manager: EntityManager,
    by: { kind: IntentKind; paymentId: string; refundId?: string },
  ): Promise<ProviderIntent | undefined> {
    const rows = await manager.query<IntentRow[]>(
      `SELECT * FROM provider_intents
       WHERE payment_id = $1 AND kind = $2 AND refund_id IS NOT DISTINCT FROM $3`,
      [by.paymentId, by.kind, by.refundId ?? null],
    );
    const row = rows[0];
    return row && toIntent(row);
  }

  /** The call is about to be made: committed on its own, before the call. */
  async markSubmitted(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE provider_intents SET stage = 'submitted', attempts = attempts + 1,
              submitted_at = now(), last_error = NULL
       WHERE id = $1 AND stage IN ('ready', 'submitted')`,
      [id],
    );
  }

  /** Why the last attempt got no answer (the intent stays unsettled). */
  async noteError(manager: EntityManager, id: string, error: string): Promise<void> {
    await manager.query('UPDATE provider_intents SET last_error = $2 WHERE id = $1', [
      id,
      error.slice(0, 500),
    ]);
  }

  /** The provider answered (in the transaction that records the answer). */
  async settle(tx: EntityManager, id: string, outcome: unknown): Promise<void> {
    await tx.query(
      `UPDATE provider_intents SET stage = 'done', settled_at = now(), outcome = $2
       WHERE id = $1 AND stage IN ('ready', 'submitted')`,
      [id, JSON.stringify(outcome)],
    );
  }

  /**
   * Claims intents unsettled since before `olderThan` (their `submitted_at`, or creation),
   * oldest first; the claim moves `submitted_at` to now so that others pass them by.
   */
  async claimUnsettled(
    manager: EntityManager,
    olderThan: Date,
    limit: number,
  ): Promise<ProviderIntent[]> {
    const result: unknown = await manager.query(
      `UPDATE provider_intents SET submitted_at = now()
       WHERE id IN (
         SELECT id FROM provider_intents
         WHERE stage IN ('ready', 'submitted') AND coalesce(submitted_at, created_at) < $1
         ORDER BY created_at LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [olderThan, limit],
    );
    return returnedRows<IntentRow>(result).map(toIntent);
  }
}
