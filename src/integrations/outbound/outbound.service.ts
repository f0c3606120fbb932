/**
 * What an admin does with outbound events: manage webhook endpoints (the secret is shown when
 * made or rotated, never listed), look at the outbox and its deliveries, and replay a
 * delivery. Every function works in the caller's tenant transaction.
 */
import { and, desc, eq, inArray, sql, type Column, type SQL } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf, type Cursor } from '../../core/http/pagination.js';
import {
  deliveries,
  integrationSources,
  outboxEvents,
  webhookEndpoints,
  type DELIVERY_STATUSES,
} from '../integrations.table.js';
import { createdNow, emitPing } from './outbox.js';
import type { EndpointChange, EndpointInput } from './outbound.schemas.js';
import { checkPartnerUrl } from './partner-http.js';
import { newEndpointSecret } from './webhook-signature.js';

type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Page {
  limit: number;
  cursor?: string;
}

/**
 * Keyset condition: rows after `after` in (created_at desc, id desc) order. Exact because
 * these tables' creation times are whole milliseconds (see `createdNow`).
 */
function olderThan(after: Cursor | null, createdAt: Column, id: Column): SQL | undefined {
  if (after === null) {
    return undefined;
  }
  return sql`(${createdAt}, ${id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`;
}

function usableUrl(raw: string): string {
  const checked = checkPartnerUrl(raw);
  if (!checked.ok) {
    throw new GuildError('endpoint_url_refused', checked.reason);
  }
  return checked.url.toString();
}

// Endpoints

const ENDPOINT_COLUMNS = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  topics: webhookEndpoints.topics,
  enabled: webhookEndpoints.enabled,
  advertising: webhookEndpoints.advertising,
  createdAt: webhookEndpoints.createdAt,
};

type EndpointRow = Pick<
  typeof webhookEndpoints.$inferSelect,
  'id' | 'url' | 'description' | 'topics' | 'enabled' | 'advertising' | 'createdAt'
>;

function presentEndpoint(row: EndpointRow) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** Adds an endpoint with a new secret; the answer is the only place the secret is shown. */
export async function createEndpoint(
  tx: Orm,
  tenantId: string,
  createdBy: string,
  input: EndpointInput,
) {
  const secret = newEndpointSecret();
  const [row] = await tx
    .insert(webhookEndpoints)
    .values({
      tenantId,
      url: usableUrl(input.url),
      description: input.description ?? '',
      topics: input.topics,
      enabled: input.enabled ?? true,
      advertising: input.advertising ?? false,
      secret,
      createdBy,
      createdAt: createdNow(),
    })
    .returning(ENDPOINT_COLUMNS);
  return { ...presentEndpoint(row!), secret };
}

/** The tenant's endpoints, newest first, without secrets. */
export async function listEndpoints(tx: Orm, page: Page) {
  const rows = await tx
    .select(ENDPOINT_COLUMNS)
    .from(webhookEndpoints)
    .where(olderThan(decodeCursor(page.cursor), webhookEndpoints.createdAt, webhookEndpoints.id))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = pageOf(rows, page.limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return { items: items.map(presentEndpoint), nextCursor };
}

/** One endpoint, without its secret. */
export async function getEndpoint(tx: Orm, id: string) {
  const [row] = await tx
    .select(ENDPOINT_COLUMNS)
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id));
  if (!row) {
    throw fail.notFound('No such webhook endpoint.');
  }
  return presentEndpoint(row);
}

export async function updateEndpoint(tx: Orm, id: string, change: EndpointChange) {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({
      url: change.url === undefined ? undefined : usableUrl(change.url),
      description: change.description,
      topics: change.topics,
      enabled: change.enabled,
      advertising: change.advertising,
    })
    .where(eq(webhookEndpoints.id, id))
    .returning(ENDPOINT_COLUMNS);
  if (!row) {
    throw fail.notFound('No such webhook endpoint.');
  }
  return presentEndpoint(row);
}

/** Removes an endpoint and, with it, the record of its deliveries. */
export async function deleteEndpoint(tx: Orm, id: string): Promise<void> {
  const rows = await tx
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  if (rows.length === 0) {
    throw fail.notFound('No such webhook endpoint.');
  }
}

/** Replaces an endpoint's secret; tries from now on are signed with the new one. */
export async function rotateEndpointSecret(tx: Orm, id: string) {
  const secret = newEndpointSecret();
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ secret })
    .where(eq(webhookEndpoints.id, id))
    .returning(ENDPOINT_COLUMNS);
  if (!row) {
    throw fail.notFound('No such webhook endpoint.');
  }
  return { ...presentEndpoint(row), secret };
}

/** Writes a ping for one enabled endpoint; returns the delivery. */
export async function pingEndpoint(tx: Orm, tenantId: string, id: string) {
  const endpoint = await getEndpoint(tx, id);
  if (!endpoint.enabled) {
    throw new GuildError('endpoint_disabled');
  }
  return getDelivery(tx, await emitPing(tx, tenantId, id));
}

// Deliveries

const DELIVERY_COLUMNS = {
  id: deliveries.id,
  eventId: deliveries.eventId,
  topic: outboxEvents.topic,
  target: deliveries.target,
  endpointId: deliveries.endpointId,
  sourceId: deliveries.sourceId,
  destination: sql<string>`coalesce(${webhookEndpoints.url}, ${integrationSources.name}, '')`,
  status: deliveries.status,
  attempts: deliveries.attempts,
  lastStatus: deliveries.lastStatus,
  lastError: deliveries.lastError,
  lastDurationMs: deliveries.lastDurationMs,
  nextAttemptAt: deliveries.nextAttemptAt,
  deliveredAt: deliveries.deliveredAt,
  createdAt: deliveries.createdAt,
  updatedAt: deliveries.updatedAt,
};

function selectDeliveries(tx: Orm) {
  return tx
    .select(DELIVERY_COLUMNS)
    .from(deliveries)
    .innerJoin(outboxEvents, eq(outboxEvents.id, deliveries.eventId))
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, deliveries.endpointId))
    .leftJoin(integrationSources, eq(integrationSources.id, deliveries.sourceId));
}

type DeliveryRow = Awaited<ReturnType<typeof selectDeliveries>>[number];

function presentDelivery(row: DeliveryRow) {
  return {
    ...row,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Recent deliveries, newest first, optionally of one status. */
export async function listDeliveries(tx: Orm, page: Page & { status?: DeliveryStatus }) {
  const rows = await selectDeliveries(tx)
    .where(
      and(
        page.status === undefined ? undefined : eq(deliveries.status, page.status),
        olderThan(decodeCursor(page.cursor), deliveries.createdAt, deliveries.id),
      ),
    )
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = pageOf(rows, page.limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return { items: items.map(presentDelivery), nextCursor };
}

export async function getDelivery(tx: Orm, id: string) {
  const [row] = await selectDeliveries(tx).where(eq(deliveries.id, id));
  if (!row) {
    throw fail.notFound('No such delivery.');
  }
  return presentDelivery(row);
}

/**
 * Makes a finished delivery (succeeded or dead) pending again, due now, with a fresh set of
 * tries. The receiver gets the same event id and body as before, so it can tell a replay from
 * a new event.
 * @returns what the delivery was before, for the audit log
 * @throws GuildError `delivery_pending` while the delivery is still being tried
 */
export async function replayDelivery(
  tx: Orm,
  id: string,
): Promise<{ status: DeliveryStatus; attempts: number }> {
  const [before] = await tx
    .select({ status: deliveries.status, attempts: deliveries.attempts })
    .from(deliveries)
    .where(eq(deliveries.id, id))
    .for('update');
  if (!before) {
    throw fail.notFound('No such delivery.');
  }
  if (before.status === 'pending') {
    throw new GuildError('delivery_pending');
  }
  await tx
    .update(deliveries)
    .set({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: sql`now()`,
      deliveredAt: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(deliveries.id, id), inArray(deliveries.status, ['succeeded', 'dead'])));
  return before;
}

// Events

// Written out: in a one-table select Drizzle leaves column names unqualified, and the
// subquery would then compare each delivery with itself.
const DELIVERY_COUNT = sql<number>`(SELECT count(*)::int FROM deliveries d
  WHERE d.event_id = outbox_events.id)`;

/** The outbox, newest first, with how many deliveries each event has. */
export async function listEvents(tx: Orm, page: Page) {
  const rows = await tx
    .select({
      id: outboxEvents.id,
      topic: outboxEvents.topic,
      payload: outboxEvents.payload,
      createdAt: outboxEvents.createdAt,
      deliveries: DELIVERY_COUNT,
    })
    .from(outboxEvents)
    .where(olderThan(decodeCursor(page.cursor), outboxEvents.createdAt, outboxEvents.id))
    .orderBy(desc(outboxEvents.createdAt), desc(outboxEvents.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = pageOf(rows, page.limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return {
    items: items.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextCursor,
  };
}
