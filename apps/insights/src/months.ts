import { isTimeZone } from '#calendar';

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * `YYYY-MM` of an instant in the city's time zone: the month a figure counts an event in (a
 * payment at 00:30 on 1 March in Berlin is March's, though it is still February in UTC).
 */
export function monthOf(time: string, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    if (!isTimeZone(timeZone)) throw new Error(`${timeZone} is not a known time zone`);
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(time));
  const part = (type: 'year' | 'month') => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}
