import { DomainError } from '#contracts';

/** A page position `(moment, id)` as the opaque `nextCursor` clients pass back. */
export interface Position {
  at: Date;
  id: string;
}

export const encodeCursor = (position: Position): string =>
  Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The position a cursor names; a cursor this service did not make is refused (422). */
export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const moment = at ? Date.parse(at) : NaN;
  if (Number.isNaN(moment) || !id || !UUID.test(id))
    throw new DomainError('PLATFORM.VALIDATION_FAILED', 'cursor is not a nextCursor of this list', {
      errors: [{ field: 'cursor', code: 'CURSOR', message: 'cursor is not a nextCursor' }],
    });
  return { at: new Date(moment), id };
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
