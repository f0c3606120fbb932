/**
 * The outbox: an event Guild sends is written in the same transaction as the change it
 * describes, together with one delivery per target that wants it. If the change rolls back,
 * nothing is sent; if it commits, every delivery exists and will be attempted, even when the
 * process dies before it could queue the first try (the sweeper finds it).
 *
 * Usage, in a route or service:
 *
 *   const eventId = await db.tenant(tenantId, async (tx) => {
 *     await linkCustomer(tx, ...);
 *     return emitEvent(tx, tenantId, 'customer.linked', { userId, customerId });
 *   });
 *   outbound.afterCommit(tenantId, eventId);
 */
import { and, arrayOverlaps, eq, isNotNull, sql } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';
import {
  deliveries,
  integrationSources,
  outboxEvents,
  webhookEndpoints,
} from '../integrations.table.js';
import { hasConsent } from '../../privacy/consents.service.js';
import {
  ALL_TOPICS,
  assertLoyaltyPayload,
  isLoyaltyTopic,
  type OutboundTopic,
} from './outbound-topics.js';

/**
 * Creation time cut to the millisecond. The lists page by (created_at, id) with cursors that
 * hold milliseconds (JavaScript dates): rows that differ only in microseconds, or share one
 * transaction's time like the deliveries of one event, would otherwise be skipped at a page
 * boundary.
 */
export const createdNow = () => sql`date_trunc('milliseconds', now())`;

async function insertEvent(
  tx: Orm,
  tenantId: string,
  topic: OutboundTopic,
  payload: Record<string, unknown>,
): Promise<string> {
  const [event] = await tx
    .insert(outboxEvents)
    // Deliveries are written in this same transaction, so the event is dispatched at once.
    .values({ tenantId, topic, payload, dispatchedAt: sql`now()`, createdAt: createdNow() })
    .returning({ id: outboxEvents.id });
  return event!.id;
}

/**
 * Writes an event and its deliveries in the caller's transaction: one per enabled webhook
 * endpoint subscribed to `topic` (or to `*`), and for `loyalty.credit` / `loyalty.debit` one per
 * enabled loyalty program with an API address. Queue them after commit with
 * `OutboundQueue.afterCommit`.
 * @returns the event's id
 * @throws Error when a loyalty event's payload is not `{loyaltyId, points, reason, reference}`
 */
export async function emitEvent(
  tx: Orm,
  tenantId: string,
  topic: OutboundTopic,
  payload: Record<string, unknown>,
): Promise<string> {
  if (isLoyaltyTopic(topic)) {
    assertLoyaltyPayload(payload);
  }
  const eventId = await insertEvent(tx, tenantId, topic, payload);

  // A ping is meant for one endpoint (see emitPing); `*` never matches it.
  const matching = topic === 'ping' ? [topic] : [topic, ALL_TOPICS];
  const candidates = await tx
    .select({ id: webhookEndpoints.id, advertising: webhookEndpoints.advertising })
    .from(webhookEndpoints)
    .where(
      and(eq(webhookEndpoints.enabled, true), arrayOverlaps(webhookEndpoints.topics, matching)),
    );
  // An advertising partner hears about a member only with their consent to ad sharing
  // (PRV-11); events about no member in particular reach it as they reach everyone, and so
  // does an erasure: whoever may hold the member's data must hear of it (PRV-06).
  const member = topic === 'member.erased' ? null : memberOf(payload);
  const sharing =
    member !== null && candidates.some((e) => e.advertising)
      ? await hasConsent(tx, member, 'ad_sharing')
      : true;
  const endpoints = candidates.filter((e) => !e.advertising || member === null || sharing);
  const programs = isLoyaltyTopic(topic)
    ? await tx
        .select({ id: integrationSources.id })
        .from(integrationSources)
        .where(
          and(
            eq(integrationSources.kind, 'loyalty'),
            eq(integrationSources.enabled, true),
            isNotNull(integrationSources.apiUrl),
          ),
        )
    : [];

  const base = { tenantId, eventId, createdAt: createdNow() };
  const rows = [
    ...endpoints.map((e) => ({ ...base, target: 'webhook' as const, endpointId: e.id })),
    ...programs.map((p) => ({ ...base, target: 'loyalty' as const, sourceId: p.id })),
  ];
  if (rows.length > 0) {
    await tx.insert(deliveries).values(rows);
  }
  return eventId;
}

/** The member an event is about, when its payload names one. */
function memberOf(payload: Record<string, unknown>): string | null {
  for (const key of ['userId', 'memberId']) {
    const value = payload[key];
    if (typeof value === 'string' && value !== '') {
      return value;
    }
  }
  return null;
}

/** Writes a `ping` event for one endpoint, whatever its topics; returns the delivery's id. */
export async function emitPing(tx: Orm, tenantId: string, endpointId: string): Promise<string> {
  const eventId = await insertEvent(tx, tenantId, 'ping', { endpointId });
  const [delivery] = await tx
    .insert(deliveries)
    .values({ tenantId, eventId, target: 'webhook', endpointId, createdAt: createdNow() })
    .returning({ id: deliveries.id });
  return delivery!.id;
}

/** The deliveries of an event still waiting for a try. */
export async function pendingDeliveryIds(tx: Orm, eventId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.eventId, eventId), eq(deliveries.status, 'pending')));
  return rows.map((row) => row.id);
}
