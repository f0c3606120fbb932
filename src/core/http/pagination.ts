/**
 * Keyset pagination. A cursor is the (timestamp, id) of the last item served, encoded so that
 * clients treat it as opaque. Lists stay stable while new items arrive, and no query ever
 * uses OFFSET.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { GuildError } from '../errors/errors.js';

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PageQuery = Static<typeof PageQuery>;

export interface Cursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Encodes the position after `item`. */
export function encodeCursor(item: Cursor): string {
  return Buffer.from(JSON.stringify([item.at.toISOString(), item.id])).toString('base64url');
}

/** Decodes a client's cursor, refusing anything Guild did not make. */
export function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined || raw === '') {
    return null;
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [at, id] = value as unknown[];
      const date = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
      const year = date.getUTCFullYear();
      const plausible = !Number.isNaN(date.getTime()) && year >= 1970 && year <= 9999;
      if (plausible && typeof id === 'string' && UUID.test(id)) {
        return { at: date, id };
      }
    }
  } catch {
    // Falls through to the error below.
  }
  throw new GuildError('bad_cursor');
}

/** Splits a fetched `limit + 1` rows into the page and the cursor of the next one. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  position: (row: T) => Cursor,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const more = rows.length > limit && last !== undefined;
  return { items, nextCursor: more ? encodeCursor(position(last)) : null };
}

/** The response schema of a page of `item`. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });
}
