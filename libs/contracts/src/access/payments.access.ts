import type { Role } from '../roles.js';
import { Policy, type PolicyRule } from './policy.js';

/** Staff who read every invoice, payment and receipt (the auditor read-only). */
export const PAYMENTS_STAFF_READERS = ['cashier', 'auditor'] as const satisfies readonly Role[];

/**
 * Who may do what with the payments context's data, as the payments service applies it (after
 * the gateway's coarse role check): the rules of the shared policy helper, named once.
 */
export const PaymentsAccess = {
  /** An invoice, payment or receipt: its payer, or staff who read payments. */
  read: (): PolicyRule[] => [Policy.ownerOr(...PAYMENTS_STAFF_READERS)],
  /** Paying an invoice: its payer only (a cashier records counter payments instead). */
  pay: (): PolicyRule[] => [Policy.ownerOr()],
  /** Issuing a fee or cancelling an invoice: a cashier, never on an invoice of their own. */
  manage: (): PolicyRule[] => [Policy.roles('cashier'), Policy.notOwnCase()],
  /** The ledger's balances. */
  readLedger: (): PolicyRule[] => [Policy.roles(...PAYMENTS_STAFF_READERS)],
  /** Everyone's invoices, payments, refunds, tills and reconciliation (the auditor read-only). */
  readAll: (): PolicyRule[] => [Policy.roles(...PAYMENTS_STAFF_READERS)],
  /** Refunding a payment, taking a counter payment: a cashier, never for their own invoice. */
  handleMoney: (): PolicyRule[] => [Policy.roles('cashier'), Policy.notOwnCase()],
  /** Opening and closing a till, importing and resolving reconciliation: a cashier. */
  runCounter: (): PolicyRule[] => [Policy.roles('cashier')],
  /** Proposing to waive or reduce an invoice: a cashier or supervisor, not for their own. */
  proposeAdjustment: (): PolicyRule[] => [
    Policy.roles('cashier', 'supervisor'),
    Policy.notOwnCase(),
  ],
  /**
   * Deciding a proposed waiver or reduction: a supervisor, not for their own invoice, and never
   * the one who proposed it (four eyes).
   */
  decideAdjustment: (): PolicyRule[] => [
    Policy.roles('supervisor'),
    Policy.notOwnCase(),
    Policy.notProposer(),
  ],
  /** Adjustments are read by those who propose, decide or audit them. */
  readAdjustments: (): PolicyRule[] => [Policy.roles('cashier', 'supervisor', 'auditor')],
} as const;
