import type { EntityManager } from 'typeorm';
import type { BusinessCalendar } from '#calendar';
import type { WhatIfReport, WhatIfRequest } from '#contracts';
import { CalendarRepository } from '../calendar/calendar.repository.js';
import { businessCalendarOf, type CalendarSettings } from '../calendar/calendar.js';
import { periodOf } from './proposal.js';
import { WhatIfAccumulator } from './what-if-report.js';
import { WhatIfRepository } from './what-if.repository.js';

/** The business calendar as the permits tables hold it now. */
export async function currentCalendar(
  db: EntityManager,
  defaults: CalendarSettings,
): Promise<BusinessCalendar> {
  return businessCalendarOf(await new CalendarRepository().read(db, defaults));
}

/**
 * Replays every case of the period from the permits tables (the cases and their transitions
 * as they stood at `asOf`) and reports. Reads only. `progress` is called after each batch of
 * cases (the job runner renews its lease there; throwing stops the run).
 */
export async function runWhatIf(
  db: EntityManager,
  request: WhatIfRequest,
  asOf: Date,
  calendar: BusinessCalendar,
  progress: (cases: number) => Promise<void> = () => Promise.resolve(),
): Promise<WhatIfReport> {
  const repository = new WhatIfRepository();
  const accumulator = new WhatIfAccumulator(request, calendar, asOf);
  const { start, end } = periodOf(request, calendar);
  const rules = await repository.typeRules(db);
  let cases = 0;
  for await (const history of repository.histories(db, start, end, asOf, rules)) {
    accumulator.add(history);
    cases += 1;
    if (cases % 2_000 === 0) await progress(cases);
  }
  return accumulator.report();
}
