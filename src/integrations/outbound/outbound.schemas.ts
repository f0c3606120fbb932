/**
 * Request and response schemas of the outbound admin API. Response schemas list every field
 * allowed out: an endpoint's secret appears only in the answers that create or rotate it.
 */
import { Type, type Static } from 'typebox';
import { PageQuery } from '../../core/http/pagination.js';
import { Nullable, StringEnum } from '../../core/http/schemas.js';
import { DELIVERY_STATUSES } from '../integrations.table.js';
import { SUBSCRIBABLE_TOPICS } from './outbound-topics.js';

const Topics = Type.Array(StringEnum(SUBSCRIBABLE_TOPICS), {
  minItems: 1,
  maxItems: 20,
  uniqueItems: true,
  description: 'Topics to receive; `*` is every topic',
});

export const EndpointInputSchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    topics: Topics,
    enabled: Type.Optional(Type.Boolean()),
    /** An advertising partner (PRV-11): gets member events only with `ad_sharing` consent. */
    advertising: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type EndpointInput = Static<typeof EndpointInputSchema>;

export const EndpointChangeSchema = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    topics: Type.Optional(Topics),
    enabled: Type.Optional(Type.Boolean()),
    advertising: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EndpointChange = Static<typeof EndpointChangeSchema>;

export const EndpointSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  topics: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  advertising: Type.Boolean(),
  createdAt: Type.String(),
});

/** An endpoint with its signing secret: only in the create and rotate answers. */
export const EndpointWithSecretSchema = Type.Object({
  ...EndpointSchema.properties,
  secret: Type.String(),
});

export const DeliverySchema = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  topic: Type.String(),
  target: StringEnum(['webhook', 'loyalty'] as const),
  endpointId: Nullable(Type.String()),
  sourceId: Nullable(Type.String()),
  /** The endpoint's URL, or the loyalty program's name. */
  destination: Type.String(),
  status: StringEnum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  lastDurationMs: Nullable(Type.Integer()),
  /** When the next try is due; null once the delivery has succeeded or is dead. */
  nextAttemptAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const DeliveryQuerySchema = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(StringEnum(DELIVERY_STATUSES)),
});

export const EventSchema = Type.Object({
  id: Type.String(),
  topic: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  /** How many deliveries the event has (one per target that wanted it). */
  deliveries: Type.Integer(),
});
