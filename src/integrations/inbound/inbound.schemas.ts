/**
 * Request and response schemas of the inbound webhook routes. Response schemas list every field
 * allowed out: a source's signing secret appears only in the answers that create or rotate it,
 * and its API key never (only `hasApiKey`).
 */
import { Type, type Static } from 'typebox';
import { PageQuery } from '../../core/http/pagination.js';
import { Nullable, StringEnum } from '../../core/http/schemas.js';
import { SOURCE_KINDS, WEBHOOK_EVENT_STATUSES } from '../integrations.table.js';

/** The slug rule of the integration_sources table. */
export const SOURCE_SLUG = '^[a-z0-9][a-z0-9-]{1,40}$';

const ApiUrl = Type.String({ minLength: 1, maxLength: 2000 });
const ApiKey = Type.String({ minLength: 1, maxLength: 1000 });
const Name = Type.String({ minLength: 1, maxLength: 100 });

export const SourceInputSchema = Type.Object(
  {
    slug: Type.String({ pattern: SOURCE_SLUG }),
    name: Name,
    kind: StringEnum(SOURCE_KINDS),
    apiUrl: Type.Optional(ApiUrl),
    apiKey: Type.Optional(ApiKey),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SourceInput = Static<typeof SourceInputSchema>;

export const SourceChangeSchema = Type.Object(
  {
    name: Type.Optional(Name),
    enabled: Type.Optional(Type.Boolean()),
    /** null removes the address. */
    apiUrl: Type.Optional(Nullable(ApiUrl)),
    /** null removes the key. */
    apiKey: Type.Optional(Nullable(ApiKey)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SourceChange = Static<typeof SourceChangeSchema>;

export const SourceSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  kind: StringEnum(SOURCE_KINDS),
  enabled: Type.Boolean(),
  apiUrl: Nullable(Type.String()),
  hasApiKey: Type.Boolean(),
  /** Where the partner sends its webhooks, on the tenant's own host. */
  webhookPath: Type.String(),
  /** While set, the secret before the last rotation is still accepted, until this time. */
  previousSecretExpiresAt: Nullable(Type.String()),
  createdAt: Type.String(),
});

/** A source with its signing secret: only in the create and rotate answers. */
export const SourceWithSecretSchema = Type.Object({
  ...SourceSchema.properties,
  secret: Type.String(),
});

export const WebhookEventSchema = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  source: Type.String(),
  eventId: Type.String(),
  topic: Type.String(),
  status: StringEnum(WEBHOOK_EVENT_STATUSES),
  waitingFor: Nullable(Type.String()),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  receivedAt: Type.String(),
  processedAt: Nullable(Type.String()),
});

/** One event with the body the partner sent. */
export const WebhookEventDetailSchema = Type.Object({
  ...WebhookEventSchema.properties,
  payload: Type.Record(Type.String(), Type.Unknown()),
});

export const WebhookEventQuerySchema = Type.Object({
  ...PageQuery.properties,
  /** A source's slug. */
  source: Type.Optional(Type.String({ pattern: SOURCE_SLUG })),
  status: Type.Optional(StringEnum(WEBHOOK_EVENT_STATUSES)),
});

export const ReceiptSchema = Type.Object({
  status: StringEnum(['queued', 'duplicate', 'ignored'] as const),
  /** Guild's id of the stored event (the same for a duplicate). */
  id: Type.String(),
});

export const SourceParams = Type.Object({ source: Type.String({ maxLength: 100 }) });
