/**
 * Two CCPA rules on what a member chose (docs/PRIVACY.md):
 *
 * - PRV-12: a points program is a financial incentive. A member under the CCPA (a US region)
 *   earns points only after opting in to `loyalty_program`, having been shown its notice of
 *   financial incentive; nobody there is enrolled automatically. Elsewhere membership is the
 *   enrolment, as before.
 * - PRV-11: a browser's Global Privacy Control signal (`Sec-GPC: 1`) is an opt-out of sale and
 *   sharing. A signed-in member who sends it has their `ad_sharing` consent withdrawn at once,
 *   without another step, and cannot grant it from that browser.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { hasConsent } from './consents.service.js';
import { regimeForRegion } from './requests/clocks.js';

/** Whether the member's points program membership needs their opt-in (a CCPA member). */
export async function needsLoyaltyOptIn(tx: Orm, userId: string): Promise<boolean> {
  const [row] = await sqlRows<{ code: string | null }>(
    tx,
    sql`select r.code from users u left join regions r on r.id = u.region_id where u.id = ${userId}`,
  );
  return regimeForRegion(row?.code ?? null, 'gdpr') === 'ccpa';
}

/** Whether the member takes part in the points program (PRV-12). */
export async function loyaltyEnrolled(tx: Orm, userId: string): Promise<boolean> {
  return (
    !(await needsLoyaltyOptIn(tx, userId)) || (await hasConsent(tx, userId, 'loyalty_program'))
  );
}

/** True for a request carrying the Global Privacy Control signal. */
export function sendsGpc(headers: Record<string, string | string[] | undefined>): boolean {
  const value = headers['sec-gpc'];
  return (Array.isArray(value) ? value[0] : value)?.trim() === '1';
}

/** Withdraws the member's ad-sharing consent on a GPC signal; true when one was in force. */
export async function honourGpc(tx: Orm, userId: string): Promise<boolean> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`update consents set withdrawn_at = greatest(now(), granted_at), withdrawal_channel = 'gpc'
        where user_id = ${userId} and purpose = 'ad_sharing' and withdrawn_at is null
        returning id`,
  );
  return rows.length > 0;
}
