/**
 * Inbound webhooks: taking in a partner's signed event, and what an admin does with the
 * sources that send them and the events they sent. Every function works in the caller's tenant
 * transaction.
 */
import { and, desc, eq, sql, type Column, type SQL } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf, type Cursor } from '../../core/http/pagination.js';
import {
  integrationSources,
  webhookEvents,
  type WEBHOOK_EVENT_STATUSES,
} from '../integrations.table.js';
import { createdNow } from '../outbound/outbox.js';
import { checkPartnerUrl } from '../outbound/partner-http.js';
import { newEndpointSecret } from '../outbound/webhook-signature.js';
import { isInboundTopic, readEnvelope, readEventData } from './inbound-payloads.js';
import { SOURCE_SLUG, type SourceChange, type SourceInput } from './inbound.schemas.js';
import { checkSignature } from './webhook-verification.js';

type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/** How long the secret before a rotation stays valid. */
export const ROTATION_OVERLAP_HOURS = 24;

const SLUG = new RegExp(SOURCE_SLUG);

export interface Page {
  limit: number;
  cursor?: string;
}

/** Keyset condition: rows after `after` in (time desc, id desc) order. */
function olderThan(after: Cursor | null, at: Column, id: Column): SQL | undefined {
  if (after === null) {
    return undefined;
  }
  return sql`(${at}, ${id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`;
}

const noSuchSource = () => fail.notFound('No such integration source.');

// Receiving

export interface Receipt {
  status: 'queued' | 'duplicate' | 'ignored';
  id: string;
}

/**
 * Takes in one webhook for the source `slug`, in this order: the source must exist and be
 * enabled; the signature must match the raw body with the source's secret (or its previous
 * one, until that expires) and be recent; only then is the body parsed and checked; the event
 * is then stored once per (source, event id).
 * @returns 'queued' for a new event to process, 'duplicate' for an event id seen before,
 *   'ignored' for a topic Guild does not handle (stored, never processed)
 * @throws GuildError `not_found` (unknown or disabled source), `webhook_signature_invalid`,
 *   `webhook_timestamp_outside_window`, `validation_failed`
 */
export async function receiveWebhook(
  tx: Orm,
  tenantId: string,
  slug: string,
  rawBody: Buffer,
  signature: string | undefined,
  nowMs: number = Date.now(),
): Promise<Receipt> {
  if (!SLUG.test(slug)) {
    throw noSuchSource();
  }
  const [source] = await tx
    .select({
      id: integrationSources.id,
      enabled: integrationSources.enabled,
      secret: integrationSources.secret,
      previousSecret: sql<string | null>`case when ${integrationSources.previousSecretExpiresAt}
        > now() then ${integrationSources.previousSecret} end`,
    })
    .from(integrationSources)
    .where(eq(integrationSources.slug, slug));
  if (!source || !source.enabled) {
    throw noSuchSource();
  }
  const secrets = source.previousSecret ? [source.secret, source.previousSecret] : [source.secret];
  const check = checkSignature(rawBody, signature, secrets, nowMs);
  if (check === 'invalid') {
    throw new GuildError('webhook_signature_invalid');
  }
  if (check === 'outside_window') {
    throw new GuildError('webhook_timestamp_outside_window');
  }

  const { envelope, payload } = readEnvelope(rawBody);
  const known = isInboundTopic(envelope.topic);
  if (isInboundTopic(envelope.topic)) {
    readEventData(envelope.topic, envelope.data);
  }
  const status = known ? 'queued' : 'ignored';
  const [stored] = await tx
    .insert(webhookEvents)
    .values({
      tenantId,
      sourceId: source.id,
      eventId: envelope.id,
      topic: envelope.topic,
      payload: payload as Record<string, unknown>,
      status,
      receivedAt: createdNow(),
    })
    .onConflictDoNothing({ target: [webhookEvents.sourceId, webhookEvents.eventId] })
    .returning({ id: webhookEvents.id });
  if (stored) {
    return { status, id: stored.id };
  }
  const [earlier] = await tx
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.sourceId, source.id), eq(webhookEvents.eventId, envelope.id)));
  return { status: 'duplicate', id: earlier!.id };
}

// Sources

const SOURCE_COLUMNS = {
  id: integrationSources.id,
  slug: integrationSources.slug,
  name: integrationSources.name,
  kind: integrationSources.kind,
  enabled: integrationSources.enabled,
  apiUrl: integrationSources.apiUrl,
  hasApiKey: sql<boolean>`(${integrationSources.apiKey} is not null)`.mapWith(Boolean),
  previousSecretExpiresAt: integrationSources.previousSecretExpiresAt,
  createdAt: integrationSources.createdAt,
};

interface SourceRow {
  id: string;
  slug: string;
  name: string;
  kind: (typeof integrationSources.$inferSelect)['kind'];
  enabled: boolean;
  apiUrl: string | null;
  hasApiKey: boolean;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
}

function presentSource(row: SourceRow, now = new Date()) {
  const overlap = row.previousSecretExpiresAt;
  return {
    ...row,
    webhookPath: `/integrations/${row.slug}/webhooks`,
    previousSecretExpiresAt: overlap !== null && overlap > now ? overlap.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

function usableUrl(raw: string | null | undefined): string | null | undefined {
  if (raw === null || raw === undefined) {
    return raw;
  }
  const checked = checkPartnerUrl(raw);
  if (!checked.ok) {
    throw new GuildError('endpoint_url_refused', checked.reason);
  }
  return checked.url.toString();
}

function usableName(name: string | undefined): string | undefined {
  if (name !== undefined && name.trim() === '') {
    throw fail.validation('A source needs a name.', { field: 'name' });
  }
  return name?.trim();
}

/** Adds a source with a new signing secret; the answer is the only place the secret is shown. */
export async function createSource(
  tx: Orm,
  tenantId: string,
  createdBy: string,
  input: SourceInput,
) {
  const secret = newEndpointSecret();
  const [row] = await tx
    .insert(integrationSources)
    .values({
      tenantId,
      slug: input.slug,
      name: usableName(input.name)!,
      kind: input.kind,
      secret,
      apiUrl: usableUrl(input.apiUrl) ?? null,
      apiKey: input.apiKey ?? null,
      enabled: input.enabled ?? true,
      createdBy,
      createdAt: createdNow(),
    })
    .onConflictDoNothing({ target: [integrationSources.tenantId, integrationSources.slug] })
    .returning(SOURCE_COLUMNS);
  if (!row) {
    throw new GuildError('slug_taken', 'This tenant has a source with this slug already.');
  }
  return { ...presentSource(row), secret };
}

/** The tenant's sources, newest first, without secrets or API keys. */
export async function listSources(tx: Orm, page: Page) {
  const rows = await tx
    .select(SOURCE_COLUMNS)
    .from(integrationSources)
    .where(
      olderThan(decodeCursor(page.cursor), integrationSources.createdAt, integrationSources.id),
    )
    .orderBy(desc(integrationSources.createdAt), desc(integrationSources.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = pageOf(rows, page.limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return { items: items.map((row) => presentSource(row)), nextCursor };
}

export async function getSource(tx: Orm, id: string) {
  const [row] = await tx
    .select(SOURCE_COLUMNS)
    .from(integrationSources)
    .where(eq(integrationSources.id, id));
  if (!row) {
    throw noSuchSource();
  }
  return presentSource(row);
}

export async function updateSource(tx: Orm, id: string, change: SourceChange) {
  const [row] = await tx
    .update(integrationSources)
    .set({
      name: usableName(change.name),
      enabled: change.enabled,
      apiUrl: usableUrl(change.apiUrl),
      apiKey: change.apiKey,
    })
    .where(eq(integrationSources.id, id))
    .returning(SOURCE_COLUMNS);
  if (!row) {
    throw noSuchSource();
  }
  return presentSource(row);
}

/** Removes a source, with the events it sent and the loyalty calls made to it. */
export async function deleteSource(tx: Orm, id: string) {
  const [row] = await tx
    .delete(integrationSources)
    .where(eq(integrationSources.id, id))
    .returning({ id: integrationSources.id, slug: integrationSources.slug });
  if (!row) {
    throw noSuchSource();
  }
  return row;
}

/**
 * Gives a source a new secret. The one it replaces stays valid for 24 hours, so the partner can
 * switch without losing events; a second rotation within that time ends the older one at once.
 */
export async function rotateSourceSecret(tx: Orm, id: string) {
  const secret = newEndpointSecret();
  const [row] = await tx
    .update(integrationSources)
    .set({
      previousSecret: sql`${integrationSources.secret}`,
      previousSecretExpiresAt: sql`now() + ${ROTATION_OVERLAP_HOURS}::int * interval '1 hour'`,
      secret,
    })
    .where(eq(integrationSources.id, id))
    .returning(SOURCE_COLUMNS);
  if (!row) {
    throw noSuchSource();
  }
  return { ...presentSource(row), secret };
}

// Webhook events

const EVENT_COLUMNS = {
  id: webhookEvents.id,
  sourceId: webhookEvents.sourceId,
  source: integrationSources.slug,
  eventId: webhookEvents.eventId,
  topic: webhookEvents.topic,
  status: webhookEvents.status,
  waitingFor: webhookEvents.waitingFor,
  attempts: webhookEvents.attempts,
  lastError: webhookEvents.lastError,
  receivedAt: webhookEvents.receivedAt,
  processedAt: webhookEvents.processedAt,
};

function presentEvent<T extends { receivedAt: Date; processedAt: Date | null }>(row: T) {
  return {
    ...row,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
  };
}

/** Recent inbound events, newest first, without their bodies. */
export async function listWebhookEvents(
  tx: Orm,
  page: Page & { source?: string; status?: WebhookEventStatus },
) {
  const rows = await tx
    .select(EVENT_COLUMNS)
    .from(webhookEvents)
    .innerJoin(integrationSources, eq(integrationSources.id, webhookEvents.sourceId))
    .where(
      and(
        page.source === undefined ? undefined : eq(integrationSources.slug, page.source),
        page.status === undefined ? undefined : eq(webhookEvents.status, page.status),
        olderThan(decodeCursor(page.cursor), webhookEvents.receivedAt, webhookEvents.id),
      ),
    )
    .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = pageOf(rows, page.limit, (row) => ({
    at: row.receivedAt,
    id: row.id,
  }));
  return { items: items.map(presentEvent), nextCursor };
}

/** One inbound event with the body the partner sent. */
export async function getWebhookEvent(tx: Orm, id: string) {
  const [row] = await tx
    .select({ ...EVENT_COLUMNS, payload: webhookEvents.payload })
    .from(webhookEvents)
    .innerJoin(integrationSources, eq(integrationSources.id, webhookEvents.sourceId))
    .where(eq(webhookEvents.id, id));
  if (!row) {
    throw fail.notFound('No such webhook event.');
  }
  return presentEvent(row);
}

/**
 * Queues a failed or parked event again, with a fresh set of tries. Queue it after commit.
 * @returns what the event was before, for the audit log
 * @throws GuildError `webhook_event_not_replayable` for an event in any other state
 */
export async function replayWebhookEvent(
  tx: Orm,
  id: string,
): Promise<{ status: WebhookEventStatus; attempts: number; lastError: string | null }> {
  const [before] = await tx
    .select({
      status: webhookEvents.status,
      attempts: webhookEvents.attempts,
      lastError: webhookEvents.lastError,
    })
    .from(webhookEvents)
    .where(eq(webhookEvents.id, id))
    .for('update');
  if (!before) {
    throw fail.notFound('No such webhook event.');
  }
  if (before.status !== 'failed' && before.status !== 'parked') {
    throw new GuildError('webhook_event_not_replayable');
  }
  await tx
    .update(webhookEvents)
    .set({ status: 'queued', attempts: 0, lastError: null, waitingFor: null, processedAt: null })
    .where(eq(webhookEvents.id, id));
  return before;
}
