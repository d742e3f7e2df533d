import { endOfLocalDay, isDay, startOfLocalDay, type BusinessCalendar } from '#calendar';
import { PermitsWhatIfErrors, type PermitsFieldProblem, type WhatIfRequest } from '#contracts';
import type { TypeProposal } from './replay.js';

/** What the request proposes for one permit type (an SLA without a type applies to every type). */
export function proposalFor(request: WhatIfRequest, permitType: string): TypeProposal {
  const proposal: TypeProposal = {};
  const slas = request.slas ?? [];
  for (const sla of [
    ...slas.filter((s) => s.permitType === undefined),
    ...slas.filter((s) => s.permitType === permitType),
  ]) {
    if (sla.reviewDays !== undefined) proposal.reviewDays = sla.reviewDays;
    if (sla.completenessCheckDays !== undefined)
      proposal.completenessCheckDays = sla.completenessCheckDays;
    if (sla.paymentDays !== undefined) proposal.paymentDays = sla.paymentDays;
    if (sla.remedy !== undefined) proposal.remedy = sla.remedy;
  }
  const fee = request.feeRules?.find((f) => f.permitType === permitType)?.fee;
  if (fee) proposal.fee = fee;
  return proposal;
}

/**
 * What is wrong with a request past its class's own rules: nothing proposed, a period that ends
 * before it starts, a type named twice, a fee rule on a quantity the type does not declare
 * (`quantitiesOf`: the declared quantities of each known type's current version).
 */
export function whatIfProblems(
  request: WhatIfRequest,
  quantitiesOf?: (permitType: string) => string[] | undefined,
): PermitsFieldProblem[] {
  const problems: PermitsFieldProblem[] = [];
  const fees = request.feeRules ?? [];
  const slas = request.slas ?? [];
  if (fees.length === 0 && slas.length === 0)
    problems.push({
      field: 'feeRules',
      code: 'REQUIRED',
      message: 'propose a fee rule (feeRules) or an SLA (slas)',
    });
  if (!isDay(request.from))
    problems.push({
      field: 'from',
      code: 'IS_DATE',
      message: `from ${request.from} is not a date`,
    });
  if (!isDay(request.to))
    problems.push({ field: 'to', code: 'IS_DATE', message: `to ${request.to} is not a date` });
  else if (isDay(request.from) && request.to < request.from)
    problems.push({ field: 'to', code: 'MIN', message: 'to must not be before from' });
  const seen = new Set<string>();
  fees.forEach((f, i) => {
    if (seen.has(f.permitType))
      problems.push({
        field: `feeRules.${i}.permitType`,
        code: 'UNIQUE',
        message: `feeRules.${i}: ${f.permitType} has a fee rule already`,
      });
    seen.add(f.permitType);
    if (!quantitiesOf) return;
    const declared = quantitiesOf(f.permitType);
    if (!declared)
      problems.push({
        field: `feeRules.${i}.permitType`,
        code: 'UNKNOWN',
        message: `feeRules.${i}: no permit type ${f.permitType}`,
      });
    else
      f.fee.perUnit.forEach((rate, j) => {
        if (!declared.includes(rate.quantity))
          problems.push({
            field: `feeRules.${i}.fee.perUnit.${j}.quantity`,
            code: 'UNKNOWN',
            message: `feeRules.${i}: ${f.permitType} declares no quantity ${rate.quantity}`,
          });
      });
  });
  slas.forEach((s, i) => {
    if (s.permitType !== undefined && quantitiesOf && !quantitiesOf(s.permitType))
      problems.push({
        field: `slas.${i}.permitType`,
        code: 'UNKNOWN',
        message: `slas.${i}: no permit type ${s.permitType}`,
      });
  });
  return problems;
}

/** Throws `PERMITS.INVALID_WHAT_IF` with every problem, if any. */
export function assertWhatIf(
  request: WhatIfRequest,
  quantitiesOf?: (permitType: string) => string[] | undefined,
): void {
  const problems = whatIfProblems(request, quantitiesOf);
  if (problems.length > 0) throw PermitsWhatIfErrors.invalid(problems);
}

/** The period as instants: from the start of `from` to the end of `to`, in the city's time. */
export const periodOf = (
  request: Pick<WhatIfRequest, 'from' | 'to'>,
  cal: BusinessCalendar,
): { start: Date; end: Date } => ({
  start: startOfLocalDay(request.from, cal.timeZone),
  end: endOfLocalDay(request.to, cal.timeZone),
});
