import { CURSOR_PATTERN } from '#contracts';

/** A page position `(moment, id)`, as the `nextCursor` clients pass back. */
export interface Position {
  at: Date;
  id: string;
}

/** `<milliseconds since 1970>_<id>`: every string of that form names a position. */
export const encodeCursor = (position: Position): string =>
  `${position.at.getTime()}_${position.id}`;

/** The position a cursor names (its form was checked with the request). */
export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined || !CURSOR_PATTERN.test(cursor)) return undefined;
  const [ms, id] = cursor.split('_') as [string, string];
  return { at: new Date(Number(ms)), id };
}

/** One more row than the page asks tells whether there is a next page. */
export function page<T>(rows: T[], limit: number, positionOf: (row: T) => Position) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null,
  };
}

/** The window a staff list asks for: `from` and `to` as moments, and where the page starts. */
export function windowOf(query: { from?: string; to?: string; cursor?: string }): {
  from?: Date;
  to?: Date;
  after?: Position;
} {
  const after = decodeCursor(query.cursor);
  return {
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
    ...(after ? { after } : {}),
  };
}
