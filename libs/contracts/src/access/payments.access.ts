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
} as const;
