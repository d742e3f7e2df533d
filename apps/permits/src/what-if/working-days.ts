import { addWorkingDays, localDate, workingDaysBetween, type BusinessCalendar } from '#calendar';

/*
 * The business calendar's arithmetic as the replay asks it, a hundred thousand cases at a
 * time: the same answers as libs/calendar (it computes each one once), remembered. Both
 * answers depend only on the local days of their instants, and an instant's local day is
 * the same across each 15-minute span of UTC (every zone's offset is a whole number of
 * quarter hours), so a replay computes each day's answers once and the time-zone work
 * (Intl, the costly part) almost never.
 */

const QUARTER_HOUR = 900_000;

export interface WorkingDays {
  addWorkingDays(from: Date, days: number): Date;
  workingDaysBetween(from: Date, to: Date): number;
}

class RememberedWorkingDays implements WorkingDays {
  private readonly days = new Map<number, string>();
  private readonly due = new Map<string, Date>();
  private readonly between = new Map<string, number>();

  constructor(private readonly cal: BusinessCalendar) {}

  private dayOf(at: Date): string {
    const quarter = Math.floor(at.getTime() / QUARTER_HOUR);
    let day = this.days.get(quarter);
    if (day === undefined) {
      day = localDate(at, this.cal.timeZone);
      this.days.set(quarter, day);
    }
    return day;
  }

  addWorkingDays(from: Date, days: number): Date {
    if (days === 0 || !Number.isSafeInteger(days)) return addWorkingDays(from, days, this.cal);
    const key = `${this.dayOf(from)}|${days}`;
    let due = this.due.get(key);
    if (!due) {
      due = addWorkingDays(from, days, this.cal);
      this.due.set(key, due);
    }
    return due;
  }

  workingDaysBetween(from: Date, to: Date): number {
    if (to.getTime() <= from.getTime()) return 0;
    const key = `${this.dayOf(from)}|${this.dayOf(to)}`;
    let n = this.between.get(key);
    if (n === undefined) {
      n = workingDaysBetween(from, to, this.cal);
      this.between.set(key, n);
    }
    return n;
  }
}

const remembered = new WeakMap<BusinessCalendar, WorkingDays>();

/** The working-day arithmetic of `cal`, remembered for as long as `cal` is in use. */
export function workingDaysOf(cal: BusinessCalendar): WorkingDays {
  let w = remembered.get(cal);
  if (!w) {
    w = new RememberedWorkingDays(cal);
    remembered.set(cal, w);
  }
  return w;
}
