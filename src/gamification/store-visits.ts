/**
 * Store visits by QR code. Each store shows a code for the day (managers print or display it:
 * `GET /api/v1/points/stores/:id/visit-code`); a member who scans it records a `store_visit`
 * once per store and local day, which the rules and in-store challenge steps count. A code is
 * `<store id>.<YYYYMMDD>.<signature>`: the day is the community's calendar day, and the
 * signature is an HMAC under the community's own secret, so codes cannot be made up or
 * carried to another day or store.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError, fail } from '../core/errors/errors.js';
import { recordActivity, type Recorded } from './activity.js';

const CODE = /^([0-9a-f-]{36})\.(\d{8})\.([A-Za-z0-9_-]{22})$/;

async function visitSecret(tx: Orm, tenantId: string): Promise<string> {
  await tx.execute(sql`insert into points_settings (tenant_id) values (${tenantId})
    on conflict (tenant_id) do nothing`);
  const [row] = await sqlRows<{ secret: string }>(
    tx,
    sql`select visit_code_secret as secret from points_settings`,
  );
  return row!.secret;
}

/** Today in the community's time zone, as YYYYMMDD, and when that day ends. */
async function communityDay(tx: Orm): Promise<{ day: string; endsAt: Date }> {
  const [row] = await sqlRows<{ day: string; ends_at: string | Date }>(
    tx,
    sql`select to_char(now() at time zone t.timezone, 'YYYYMMDD') as day,
               guild_end_of_local_day(now(), 0, t.timezone) as ends_at
          from tenants t`,
  );
  return { day: row!.day, endsAt: new Date(row!.ends_at) };
}

function signature(secret: string, tenantId: string, storeId: string, day: string): string {
  return createHmac('sha256', secret)
    .update(`${tenantId}|${storeId}|${day}`)
    .digest('base64url')
    .slice(0, 22);
}

export interface VisitCode {
  storeId: string;
  storeName: string;
  code: string;
  /** The community day the code is valid on (YYYY-MM-DD). */
  validOn: string;
  expiresAt: Date;
}

/** Today's code of a store. */
export async function storeVisitCode(
  tx: Orm,
  tenantId: string,
  storeId: string,
): Promise<VisitCode> {
  const [store] = await sqlRows<{ name: string }>(
    tx,
    sql`select name from stores where id = ${storeId}`,
  );
  if (!store) {
    throw fail.notFound('No store with this id.');
  }
  const secret = await visitSecret(tx, tenantId);
  const { day, endsAt } = await communityDay(tx);
  return {
    storeId,
    storeName: store.name,
    code: `${storeId}.${day}.${signature(secret, tenantId, storeId, day)}`,
    validOn: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`,
    expiresAt: endsAt,
  };
}

/**
 * Records the member's visit from a scanned code.
 * @throws visit_code_invalid for a code that is malformed, forged, of another day or store
 */
export async function recordStoreVisit(
  tx: Orm,
  tenantId: string,
  userId: string,
  code: string,
): Promise<Recorded & { storeName: string }> {
  const match = CODE.exec(code.trim());
  if (!match) {
    throw new GuildError('visit_code_invalid');
  }
  const [, storeId, day, sent] = match as unknown as [string, string, string, string];
  const secret = await visitSecret(tx, tenantId);
  const expected = Buffer.from(signature(secret, tenantId, storeId, day));
  if (!timingSafeEqual(expected, Buffer.from(sent))) {
    throw new GuildError('visit_code_invalid');
  }
  const today = await communityDay(tx);
  if (day !== today.day) {
    throw new GuildError(
      'visit_code_invalid',
      'This store code was for another day; scan the code shown in the store today.',
    );
  }
  const [store] = await sqlRows<{ name: string; external_id: string }>(
    tx,
    sql`select name, external_id from stores where id = ${storeId}`,
  );
  if (!store) {
    throw new GuildError('visit_code_invalid');
  }
  const recorded = await recordActivity(tx, tenantId, {
    kind: 'store_visit',
    userId,
    actorId: null,
    causeKey: `store-visit:${storeId}:${day}:${userId}`,
    occurredAt: new Date(),
    properties: { storeId, storeExternalId: store.external_id },
  });
  return { ...recorded, storeName: store.name };
}
