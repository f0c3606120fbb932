/**
 * Who may not become an ambassador, and why. An excluded member keeps a score row without a
 * score, naming each rule that applies, so a manager sees why someone is missing and the
 * member can ask a person to look again (PRV-09).
 *
 * - staff: a staff role (moderator, manager, admin) or marked as working for the retailer;
 * - staff_household: shares a household with staff;
 * - minor: younger than the program's minimum age (when the date of birth is known);
 * - opted_out: asked never to be considered;
 * - moderation_strike: an item of theirs was rejected within the program's strike window and
 *   not reinstated on appeal;
 * - flagged: an open risk flag (gaming signals, fraud checks, a manager's flag).
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';

export const EXCLUSIONS = [
  'staff',
  'staff_household',
  'minor',
  'opted_out',
  'moderation_strike',
  'flagged',
] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];

export const EXCLUSION_TEXT: Record<Exclusion, string> = {
  staff: 'works for the retailer',
  staff_household: 'shares a household with someone who works for the retailer',
  minor: "is younger than the program's minimum age",
  opted_out: 'asked not to be considered for ambassador programs',
  moderation_strike: 'had a post or comment rejected by moderation recently',
  flagged: 'has an open risk flag',
};

const STAFF_ROLES = sql`('moderator', 'manager', 'admin')`;

/** The exclusions of each of `userIds` that has any, now. */
export async function exclusionsOf(
  tx: Orm,
  userIds: readonly string[],
  rules: { minAge: number; strikeWindowDays: number },
  now = new Date(),
): Promise<Map<string, Exclusion[]>> {
  if (userIds.length === 0) {
    return new Map();
  }
  const rows = await sqlRows<{ user_id: string } & Record<Exclusion, boolean>>(
    tx,
    sql`select u.id as user_id,
          (u.role in ${STAFF_ROLES} or u.employee) as staff,
          (u.household_key is not null and exists (
             select 1 from users h
              where h.household_key = u.household_key and h.id <> u.id
                and h.status <> 'deleted' and (h.role in ${STAFF_ROLES} or h.employee)))
            as staff_household,
          (u.birth_date is not null
             and u.birth_date > (${now.toISOString()}::timestamptz at time zone 'UTC')::date
                                - make_interval(years => ${rules.minAge})) as minor,
          exists (select 1 from ambassador_opt_outs o where o.user_id = u.id) as opted_out,
          exists (
            select 1 from moderation_checks mc
             where mc.author_id = u.id and mc.final_decision = 'reject'
               and mc.decided_at >= ${now.toISOString()}::timestamptz
                                    - make_interval(days => ${rules.strikeWindowDays})
               and not exists (select 1 from review_items ri
                                where ri.check_id = mc.id and ri.kind = 'appeal'
                                  and ri.decision = 'approve')) as moderation_strike,
          exists (select 1 from member_risk_flags f
                   where f.user_id = u.id and f.cleared_at is null) as flagged
        from users u where u.id = any(${sql.param([...userIds])}::uuid[])`,
  );
  const result = new Map<string, Exclusion[]>();
  for (const row of rows) {
    const found = EXCLUSIONS.filter((rule) => row[rule]);
    if (found.length > 0) {
      result.set(row.user_id, found);
    }
  }
  return result;
}
