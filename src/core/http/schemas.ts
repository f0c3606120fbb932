/** Schema helpers shared by every domain's routes. */
import { Type, type TSchema } from 'typebox';

/** A string limited to `values`, typed as their union and shown as an enum in OpenAPI. */
export function StringEnum<const T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

/** `{ id }` path parameters holding a UUID. */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** A nullable value. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
