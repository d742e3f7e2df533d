/** The provider's fee on a successful payment, in integer minor units (never a float). */
export interface FeeSchedule {
  /** Hundredths of a percent of the amount (140 = 1.4%). */
  readonly basisPoints: number;
  /** A fixed part per payment. */
  readonly fixedMinor: number;
}

/**
 * `amount * basisPoints / 10000`, rounded half up, plus the fixed part. Integer arithmetic
 * throughout (BigInt, so no amount is too large to be exact).
 */
export function feeFor(amountMinor: number, schedule: FeeSchedule): number {
  const proportional = (BigInt(amountMinor) * BigInt(schedule.basisPoints) + 5_000n) / 10_000n;
  return Number(proportional) + schedule.fixedMinor;
}
