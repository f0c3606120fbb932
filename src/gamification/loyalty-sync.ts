/**
 * Community points into the retailer's loyalty points. A conversion takes the points from the
 * member's spendable balance and, in the same transaction, writes a `loyalty.credit` event to
 * the outbox; the loyalty adapter delivers it with retries, carrying the delivery's id as its
 * idempotency key, so the program credits each conversion once. If the transaction rolls back,
 * neither happens. (Loyalty events coming the other way award community points through the
 * rules engine, as `loyalty_event` activity.)
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError } from '../core/errors/errors.js';
import { emitEvent } from '../integrations/outbound/outbox.js';
import { recordActivity } from './activity.js';
import { balancesFor, debit, type Balances, type LedgerEntry } from './ledger.js';

export interface PointsSettings {
  conversionEnabled: boolean;
  communityPointsPerLoyaltyPoint: number;
  conversionMinimum: number;
  updatedAt: Date | null;
}

const DEFAULTS: PointsSettings = {
  conversionEnabled: false,
  communityPointsPerLoyaltyPoint: 10,
  conversionMinimum: 100,
  updatedAt: null,
};

interface SettingsRow {
  conversion_enabled: boolean;
  community_points_per_loyalty_point: number;
  conversion_minimum: number;
  updated_at: string | Date;
}

/** The community's settings, or the defaults when none were saved. */
export async function pointsSettings(tx: Orm): Promise<PointsSettings> {
  const [row] = await sqlRows<SettingsRow>(
    tx,
    sql`select conversion_enabled, community_points_per_loyalty_point, conversion_minimum,
               updated_at from points_settings`,
  );
  return row
    ? {
        conversionEnabled: row.conversion_enabled,
        communityPointsPerLoyaltyPoint: row.community_points_per_loyalty_point,
        conversionMinimum: row.conversion_minimum,
        updatedAt: new Date(row.updated_at),
      }
    : DEFAULTS;
}

export async function savePointsSettings(
  tx: Orm,
  tenantId: string,
  settings: Omit<PointsSettings, 'updatedAt'>,
  by: string,
): Promise<PointsSettings> {
  await tx.execute(sql`insert into points_settings (tenant_id, conversion_enabled,
      community_points_per_loyalty_point, conversion_minimum, updated_by)
    values (${tenantId}, ${settings.conversionEnabled}, ${settings.communityPointsPerLoyaltyPoint},
      ${settings.conversionMinimum}, ${by})
    on conflict (tenant_id) do update set
      conversion_enabled = excluded.conversion_enabled,
      community_points_per_loyalty_point = excluded.community_points_per_loyalty_point,
      conversion_minimum = excluded.conversion_minimum,
      updated_by = excluded.updated_by,
      updated_at = now()`);
  return pointsSettings(tx);
}

/** The loyalty id of the member's linked customer record (the newest link), or null. */
export async function memberLoyaltyId(tx: Orm, userId: string): Promise<string | null> {
  const [row] = await sqlRows<{ loyalty_id: string }>(
    tx,
    sql`select c.loyalty_id from member_customer_links l
          join customers c on c.id = l.customer_id
         where l.user_id = ${userId} and l.unlinked_at is null and c.loyalty_id is not null
         order by l.linked_at desc limit 1`,
  );
  return row?.loyalty_id ?? null;
}

export interface Conversion {
  entry: LedgerEntry;
  loyaltyPoints: number;
  loyaltyId: string;
  /** The outbox event that carries it to the loyalty program (null on a replay). */
  eventId: string | null;
  balances: Balances;
}

/**
 * Converts `points` community points (a whole multiple of the rate, at least the minimum).
 * @param requestKey the caller's idempotency key: the same key converts once
 */
export async function convertToLoyalty(
  tx: Orm,
  tenantId: string,
  userId: string,
  points: number,
  requestKey: string,
): Promise<Conversion> {
  const settings = await pointsSettings(tx);
  if (!settings.conversionEnabled) {
    throw new GuildError('conversion_unavailable');
  }
  const [program] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from integration_sources
         where kind = 'loyalty' and enabled and api_url is not null limit 1`,
  );
  if (!program) {
    throw new GuildError(
      'conversion_unavailable',
      'No loyalty program is connected to this community yet.',
    );
  }
  const rate = settings.communityPointsPerLoyaltyPoint;
  if (points < settings.conversionMinimum || points % rate !== 0) {
    throw new GuildError(
      'validation_failed',
      `Convert at least ${settings.conversionMinimum} points, in steps of ${rate}.`,
      { field: 'points', minimum: settings.conversionMinimum, step: rate },
    );
  }
  const loyaltyId = await memberLoyaltyId(tx, userId);
  if (loyaltyId === null) {
    throw new GuildError('loyalty_not_linked');
  }
  const loyaltyPoints = points / rate;
  const posted = await debit(tx, tenantId, {
    userId,
    amount: points,
    kind: 'conversion',
    reason: `Converted to ${loyaltyPoints} loyalty points`,
    source: 'loyalty',
    sourceRef: `loyalty:${loyaltyId}`,
    idempotencyKey: `conversion:${userId}:${requestKey}`,
    requireFunds: true,
    createdBy: userId,
  });
  const eventId = posted.replayed
    ? null
    : await emitEvent(tx, tenantId, 'loyalty.credit', {
        loyaltyId,
        points: loyaltyPoints,
        reason: 'Community points converted',
        reference: `guild-points:${posted.entry.id}`,
      });
  return {
    entry: posted.entry,
    loyaltyPoints,
    loyaltyId,
    eventId,
    balances: await balancesFor(tx, userId),
  };
}

/** The reference Guild puts on the loyalty credits it sends for conversions. */
const CONVERSION_REFERENCE = 'guild-points:';

/**
 * A loyalty event from the retailer's program: points earned there become `loyalty_event`
 * activity of the member joined to the account, which the tenant's rules may reward (a rule
 * can test `properties.loyaltyKind`). Only earnings count; the program's echo of a conversion
 * Guild sent itself is ignored, so points cannot circle between the two. Once per event id.
 */
export async function loyaltyEventArrived(
  tx: Orm,
  tenantId: string,
  event: {
    eventId: string;
    loyaltyId: string;
    kind: string;
    points: number;
    occurredAt: Date;
    reason: string | null;
  },
): Promise<void> {
  const echo = [event.eventId, event.reason ?? ''].some((text) =>
    text.includes(CONVERSION_REFERENCE),
  );
  if (event.kind !== 'earn' || event.points <= 0 || echo) {
    return;
  }
  const [member] = await sqlRows<{ user_id: string }>(
    tx,
    sql`select l.user_id from member_customer_links l
          join customers c on c.id = l.customer_id
         where c.loyalty_id = ${event.loyaltyId} and l.unlinked_at is null
         order by l.linked_at desc limit 1`,
  );
  if (!member) {
    return;
  }
  await recordActivity(tx, tenantId, {
    kind: 'loyalty_event',
    userId: member.user_id,
    actorId: null,
    causeKey: `loyalty-event:${event.eventId}`,
    occurredAt: event.occurredAt,
    quantity: event.points,
    properties: { loyaltyKind: event.kind, loyaltyId: event.loyaltyId },
  });
}
