/** A `datetime-local` value (the reader's time) as an RFC 3339 instant; undefined if invalid. */
export const toInstant = (local: string): string | undefined => {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** An instant as a `datetime-local` value in the reader's time. */
export const toLocal = (iso: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
};

/** The context of an event type: `gov.<context>.…`. */
export const contextOf = (type: string): string => type.split('.')[1] ?? 'unknown';
