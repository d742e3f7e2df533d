/** `YYYY-MM` (UTC) of an instant: the month a figure counts an event in. */
export const monthOf = (time: string): string => new Date(time).toISOString().slice(0, 7);
