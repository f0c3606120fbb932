/**
 * One try of one delivery, in three steps so that no transaction stays open while a partner
 * takes its time to answer:
 *
 * 1. claim: a short transaction counts the try and pushes `next_attempt_at` past the call's
 *    timeout, so that no other job (a duplicate, the sweeper's) tries the same delivery now;
 *    a delivery that is not pending or not yet due is left alone;
 * 2. call the webhook endpoint or the loyalty program, outside any transaction;
 * 3. record: a short transaction writes the outcome and either finishes the delivery
 *    (succeeded, or dead after the last try) or sets the time of the next try.
 */
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Database, Orm } from '../../core/db/database.js';
import {
  deliveries,
  integrationSources,
  outboxEvents,
  webhookEndpoints,
} from '../integrations.table.js';
import { pointsCall } from './loyalty-adapter.js';
import { assertLoyaltyPayload, isLoyaltyTopic } from './outbound-topics.js';
import { callPartner, type CallOutcome } from './partner-http.js';
import { signatureHeader } from './webhook-signature.js';

export interface DeliverySettings {
  /** Tries before a delivery is dead. */
  maxAttempts: number;
  /** Wait after the first failed try; each later wait doubles. */
  retrySeconds: number;
  /** Time one call may take. */
  timeoutMs: number;
}

/** No wait between tries grows beyond a day. */
const MAX_RETRY_SECONDS = 86_400;
/** Time after a call's timeout for its outcome to be written before others may try again. */
const RECORD_MARGIN_SECONDS = 30;

/**
 * Seconds to wait after the `attempt`-th failed try: `retrySeconds × 2^(attempt − 1)` (at most
 * a day), plus up to a tenth more at random so that deliveries which failed together (an
 * endpoint that was down) do not all come back at the same instant.
 */
export function retryDelaySeconds(
  settings: Pick<DeliverySettings, 'retrySeconds'>,
  attempt: number,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(settings.retrySeconds * 2 ** (attempt - 1), MAX_RETRY_SECONDS);
  return Math.round(nominal * (1 + random() / 10) * 1000) / 1000;
}

interface OutboundEvent {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

type Target =
  | { kind: 'webhook'; url: string; secret: string; enabled: boolean }
  | { kind: 'loyalty'; apiUrl: string | null; apiKey: string | null; enabled: boolean };

interface ClaimedDelivery {
  id: string;
  /** This try's number, from 1. */
  attempt: number;
  event: OutboundEvent;
  target: Target | null;
}

async function claim(
  tx: Orm,
  deliveryId: string,
  settings: DeliverySettings,
): Promise<ClaimedDelivery | null> {
  const leaseSeconds = Math.ceil(settings.timeoutMs / 1000) + RECORD_MARGIN_SECONDS;
  const [row] = await tx
    .update(deliveries)
    .set({
      attempts: sql`${deliveries.attempts} + 1`,
      nextAttemptAt: sql`now() + ${leaseSeconds}::int * interval '1 second'`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(deliveries.id, deliveryId),
        eq(deliveries.status, 'pending'),
        lte(deliveries.nextAttemptAt, sql`now()`),
      ),
    )
    .returning();
  if (!row) {
    return null;
  }

  const [event] = await tx
    .select({
      id: outboxEvents.id,
      topic: outboxEvents.topic,
      payload: outboxEvents.payload,
      createdAt: outboxEvents.createdAt,
    })
    .from(outboxEvents)
    .where(eq(outboxEvents.id, row.eventId));
  return { id: row.id, attempt: row.attempts, event: event!, target: await targetOf(tx, row) };
}

async function targetOf(
  tx: Orm,
  row: { endpointId: string | null; sourceId: string | null },
): Promise<Target | null> {
  if (row.endpointId !== null) {
    const [endpoint] = await tx
      .select({
        url: webhookEndpoints.url,
        secret: webhookEndpoints.secret,
        enabled: webhookEndpoints.enabled,
      })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, row.endpointId));
    return endpoint ? { kind: 'webhook', ...endpoint } : null;
  }
  const [program] = await tx
    .select({
      apiUrl: integrationSources.apiUrl,
      apiKey: integrationSources.apiKey,
      enabled: integrationSources.enabled,
    })
    .from(integrationSources)
    .where(and(eq(integrationSources.id, row.sourceId!), eq(integrationSources.kind, 'loyalty')));
  return program ? { kind: 'loyalty', ...program } : null;
}

/** What a webhook's body is: the same bytes on every try of the same event. */
export function webhookBody(event: OutboundEvent): string {
  return JSON.stringify({
    id: event.id,
    topic: event.topic,
    createdAt: event.createdAt.toISOString(),
    data: event.payload,
  });
}

/** An outcome that ends the delivery at once: retrying could not help. */
type Outcome = CallOutcome & { final?: boolean };

function hopeless(error: string): Outcome {
  return { ok: false, status: null, error, durationMs: 0, final: true };
}

async function call(claimed: ClaimedDelivery, settings: DeliverySettings): Promise<Outcome> {
  const { target, event } = claimed;
  if (target === null) {
    return hopeless('The target no longer exists.');
  }
  if (!target.enabled) {
    return hopeless(`The ${target.kind === 'webhook' ? 'endpoint' : 'loyalty program'} is off.`);
  }

  if (target.kind === 'webhook') {
    const body = webhookBody(event);
    return callPartner(
      target.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'Guild-Event-Id': event.id,
          'Guild-Topic': event.topic,
          'Guild-Delivery-Attempt': String(claimed.attempt),
          'Guild-Signature': signatureHeader(target.secret, body),
        },
        body,
      },
      settings.timeoutMs,
    );
  }

  if (target.apiUrl === null || !isLoyaltyTopic(event.topic)) {
    return hopeless('The loyalty program has no API address for this event.');
  }
  let payload;
  try {
    payload = assertLoyaltyPayload(event.payload);
  } catch (error) {
    return hopeless((error as Error).message);
  }
  const program = { apiUrl: target.apiUrl, apiKey: target.apiKey };
  const { url, request } = pointsCall(program, event.topic, payload, claimed.id);
  return callPartner(url, request, settings.timeoutMs);
}

async function record(
  tx: Orm,
  claimed: ClaimedDelivery,
  outcome: Outcome,
  settings: DeliverySettings,
): Promise<DeliveryResult> {
  const last = {
    lastStatus: outcome.status,
    lastError: outcome.error,
    lastDurationMs: outcome.durationMs,
    updatedAt: sql`now()`,
  };
  const current = and(
    eq(deliveries.id, claimed.id),
    eq(deliveries.status, 'pending'),
    eq(deliveries.attempts, claimed.attempt),
  );

  if (outcome.ok) {
    await tx
      .update(deliveries)
      .set({ ...last, status: 'succeeded', deliveredAt: sql`now()`, nextAttemptAt: sql`now()` })
      .where(current);
    return { status: 'succeeded', attempt: claimed.attempt, retryInSeconds: null };
  }
  if (outcome.final === true || claimed.attempt >= settings.maxAttempts) {
    await tx
      .update(deliveries)
      .set({ ...last, status: 'dead', nextAttemptAt: sql`now()` })
      .where(current);
    return { status: 'dead', attempt: claimed.attempt, retryInSeconds: null };
  }
  const wait = retryDelaySeconds(settings, claimed.attempt);
  await tx
    .update(deliveries)
    .set({ ...last, nextAttemptAt: sql`now() + ${wait}::double precision * interval '1 second'` })
    .where(current);
  return { status: 'pending', attempt: claimed.attempt, retryInSeconds: wait };
}

export interface DeliveryResult {
  status: 'pending' | 'succeeded' | 'dead';
  attempt: number;
  /** Seconds until the next try, when there is one. */
  retryInSeconds: number | null;
}

/**
 * Tries one delivery once, if it is pending and due.
 * @returns what became of it, or null when there was nothing to try (not due, finished, or
 *   being tried by another job)
 */
export async function attemptDelivery(
  db: Database,
  tenantId: string,
  deliveryId: string,
  settings: DeliverySettings,
): Promise<DeliveryResult | null> {
  const claimed = await db.tenant(tenantId, (tx) => claim(tx, deliveryId, settings));
  if (claimed === null) {
    return null;
  }
  const outcome = await call(claimed, settings);
  return db.tenant(tenantId, (tx) => record(tx, claimed, outcome, settings));
}
