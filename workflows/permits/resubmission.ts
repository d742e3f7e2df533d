import type { ResubmitArgs } from '#contracts/temporal';
import { acts, closing, record, section, type Case } from './case.js';
import { startClock } from './clock.js';
import { collect, refundPaid } from './fees.js';

/** Changes after a resubmission in review: fee difference, approval rule, clock restart. */
export async function afterResubmission(
  c: Case,
  args: ResubmitArgs,
): Promise<'lapsed' | 'ending' | 'ok'> {
  const { s } = c;
  const changed =
    JSON.stringify(Object.entries(args.quantities).sort()) !==
    JSON.stringify(Object.entries(c.quantities).sort());
  if (changed) {
    const assessment = await section(c, () =>
      acts.permitsAssess({ applicationId: c.input.applicationId }),
    );
    c.quantities = assessment.quantities;
    if (s.approverIds.length === 0) s.secondApprovalRequired = assessment.secondApprovalRequired;
    const difference = assessment.totalMinor - c.assessedMinor;
    c.assessedMinor = assessment.totalMinor;
    if (difference > 0) {
      c.adjustments += 1;
      const line = [...assessment.lines].sort((a, b) => b.amountMinor - a.amountMinor)[0];
      const outcome = await collect(c, `fee-adjustment-${c.adjustments}`, [
        {
          revenueCode: line?.revenueCode ?? 'permits.fees',
          descriptionKey: 'permits.fee-adjustment',
          amountMinor: difference,
        },
      ]);
      if (outcome !== 'paid') return outcome;
    } else if (difference < 0) {
      await section(c, async () => {
        const refunded = await refundPaid(c, 'fee_reassessed', -difference);
        if (refunded > 0)
          await record(c, 'fee-refunded', {
            reasonCode: 'fee_reassessed',
            facts: { feeMinor: refunded, ...(c.lastRefundId ? { refundId: c.lastRefundId } : {}) },
          });
      });
    }
  }
  if (closing(c)) return 'ending';
  await section(c, () => {
    if (s.clock !== 'stopped') return Promise.resolve();
    // Held meanwhile (while a fee difference was collected): the release starts the clock.
    if (s.onHold) {
      c.holdStoppedClock = true;
      return Promise.resolve();
    }
    return startClock(c, s.workingDaysLeft ?? 0);
  });
  return 'ok';
}
