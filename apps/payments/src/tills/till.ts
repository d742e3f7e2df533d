import {
  PaymentsErrors,
  type CounterMethod,
  type RequestActor,
  type TillSessionStatus,
  type TillSessionView,
} from '#contracts';
import { Accounts, type LedgerAccount } from '../ledger/ledger.js';

/*
 * A cashier's till session: opened with a float, worked only by the cashier who opened it,
 * closed with the cash counted. The cash expected is the float, plus the cash payments taken,
 * less the refunds paid out in cash; what was counted is compared with it and any difference is
 * booked. Card terminal payments are recorded in the session but never counted in the till.
 */

export interface TillSession {
  readonly id: string;
  readonly tillId: string;
  readonly cashierId: string;
  readonly currency: string;
  readonly openingFloatMinor: number;
  readonly status: TillSessionStatus;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  readonly expectedMinor: number | null;
  readonly countedMinor: number | null;
  readonly differenceMinor: number | null;
}

/** What a session recorded. */
export interface TillTotals {
  readonly cashInMinor: number;
  readonly cashOutMinor: number;
  readonly cardTerminalMinor: number;
  readonly paymentCount: number;
  readonly payoutCount: number;
}

export const NO_TOTALS: TillTotals = {
  cashInMinor: 0,
  cashOutMinor: 0,
  cardTerminalMinor: 0,
  paymentCount: 0,
  payoutCount: 0,
};

/** The cash that should be in the till now. */
export const expectedCash = (session: Pick<TillSession, 'openingFloatMinor'>, totals: TillTotals) =>
  session.openingFloatMinor + totals.cashInMinor - totals.cashOutMinor;

/** Money is taken or paid out only in an open session, by the cashier who opened it. */
export function assertWorkable(
  session: Pick<TillSession, 'status' | 'cashierId'>,
  user: RequestActor,
): void {
  if (session.cashierId !== user.userId) throw PaymentsErrors.tillSessionNotYours();
  if (session.status !== 'open') throw PaymentsErrors.tillSessionClosed();
}

/** Cash paid out of the till must be in it. */
export function assertCashFor(
  session: Pick<TillSession, 'openingFloatMinor'>,
  totals: TillTotals,
  amountMinor: number,
): void {
  const cash = expectedCash(session, totals);
  if (amountMinor > cash) throw PaymentsErrors.tillCashInsufficient(cash);
}

/** Closing: what was expected, and the difference with what was counted. */
export function decideClose(
  session: Pick<TillSession, 'openingFloatMinor'>,
  totals: TillTotals,
  countedMinor: number,
): { expectedMinor: number; differenceMinor: number } {
  const expectedMinor = expectedCash(session, totals);
  return { expectedMinor, differenceMinor: countedMinor - expectedMinor };
}

/**
 * Where a counter payment's money is in the ledger: cash in the session's till, or with the
 * card terminal's acquirer (the provider `card-terminal`).
 */
export const cashAccountFor = (method: CounterMethod, tillId: string): LedgerAccount =>
  method === 'cash' ? Accounts.cashInTill(tillId) : Accounts.cashAtProvider(method);

const money = (amountMinor: number, currency: string) => ({ amountMinor, currency });

export function tillSessionView(session: TillSession, totals: TillTotals): TillSessionView {
  const expected = session.expectedMinor ?? expectedCash(session, totals);
  return {
    id: session.id,
    tillId: session.tillId,
    cashierId: session.cashierId,
    status: session.status,
    openingFloat: money(session.openingFloatMinor, session.currency),
    cashIn: money(totals.cashInMinor, session.currency),
    cashOut: money(totals.cashOutMinor, session.currency),
    cardTerminal: money(totals.cardTerminalMinor, session.currency),
    expected: money(expected, session.currency),
    counted: session.countedMinor === null ? null : money(session.countedMinor, session.currency),
    differenceMinor: session.differenceMinor,
    paymentCount: totals.paymentCount,
    payoutCount: totals.payoutCount,
    openedAt: session.openedAt.toISOString(),
    closedAt: session.closedAt?.toISOString() ?? null,
  };
}
