/** Schema helpers shared by every domain's routes. */
import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';

/** A string limited to `values`, typed as their union and shown as an enum in OpenAPI. */
export function StringEnum<const T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

/** `{ id }` path parameters holding a UUID. */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);

/**
 * A nullable value. Requests are validated with type coercion, which makes the order of an
 * `anyOf` matter: with the value's type first, `null` is coerced to `0` or `''`; with `null`
 * first, `0`, `''` and `false` become `null`. A primitive is therefore given both types in one
 * `type` array (`["integer", "null"]`), which coerces neither; objects and arrays, which
 * nothing coerces to or from `null`, stay an `anyOf` with `null` first.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const raw = schema as unknown as Record<string, unknown>;
  const type = raw.type;
  if (typeof type === 'string' && PRIMITIVES.has(type) && raw.anyOf === undefined) {
    const values = raw.enum;
    return Type.Unsafe<Static<T> | null>({
      ...raw,
      type: [type, 'null'],
      ...(Array.isArray(values) ? { enum: [...(values as unknown[]), null] } : {}),
    });
  }
  return Type.Unsafe<Static<T> | null>(Type.Union([Type.Null(), schema]));
}
