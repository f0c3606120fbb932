/**
 * Activity becomes points here. Each domain reports what a member did as an `ActivityEvent`;
 * the event is stored once (per tenant, kind and cause key), scored by the point rules, and its
 * points written to the ledger keyed by rule, cause and member, so a second report of the same
 * cause changes nothing. When the cause goes away (a post removed, a reaction withdrawn, an
 * order refunded) the event is withdrawn and its points taken back exactly once. Everything
 * runs in the caller's transaction.
 *
 * Anti-farming: a withdrawn cause stays withdrawn. The same reaction added again by the same
 * member, or the same comment accepted again, finds its event and earns nothing. Only
 * content that moderation publishes again (`reinstate`) may earn anew.
 */
import { sql } from 'drizzle-orm';
import { loyaltyEnrolled } from '../privacy/incentives.js';
import { sqlRows, type Orm } from '../core/db/database.js';
import type { Role } from '../core/http/access.js';
import { pointsWithheld } from './signals/findings.service.js';
import { updateAchievements } from './achievements/achievements.hooks.js';
import type { ActivityEvent, ActivityKind } from './activity.types.js';
import {
  credit,
  debit,
  holdBalance,
  reduceEntry,
  reverseSource,
  type EntrySource,
} from './ledger.js';
import {
  EMPTY_HISTORY,
  isSentimentProperty,
  rulesFor,
  score,
  type MemberFacts,
  type Rule,
  type RuleHistory,
  type Score,
} from './rules/engine.js';
import { activeRules } from './rules/rules.service.js';

export interface RuleOutcome {
  ruleId: string;
  ruleVersion: number;
  points: number;
  reason: Score['reason'];
}

export interface Recorded {
  /** False when the cause was reported before (or withdrawn): nothing happened now. */
  recorded: boolean;
  eventId: string;
  points: number;
  outcomes: RuleOutcome[];
}

interface EventRow {
  id: string;
  kind: ActivityKind;
  cause_key: string;
  user_id: string;
  actor_id: string | null;
  occurred_at: string | Date;
  local_day: string | Date;
  space_id: string | null;
  region_id: string | null;
  quantity: string | number | null;
  currency: string | null;
  properties: Record<string, string | number | boolean | null> | string;
  status: 'recorded' | 'withdrawn';
  generation: number;
  refunded_quantity: string | number;
}

export const EVENT_COLUMNS = sql.raw(`id, kind, cause_key, user_id, actor_id, occurred_at,
  local_day, space_id, region_id, quantity, currency, properties, status, generation,
  refunded_quantity`);

export type { EventRow };

/** The stored event as the engine and the achievements see it. */
export function activityOf(row: EventRow): ActivityEvent {
  return {
    kind: row.kind,
    userId: row.user_id,
    actorId: row.actor_id,
    causeKey: row.cause_key,
    occurredAt: new Date(row.occurred_at),
    spaceId: row.space_id,
    regionId: row.region_id,
    quantity: row.quantity === null ? null : Number(row.quantity),
    currency: row.currency,
    properties:
      typeof row.properties === 'string'
        ? (JSON.parse(row.properties) as ActivityEvent['properties'])
        : row.properties,
  };
}

/** Where the points of each kind come from, for the ledger. */
export function sourceOf(kind: ActivityKind): EntrySource {
  switch (kind) {
    case 'purchase':
    case 'review':
    case 'store_visit':
    case 'referral_converted':
      return 'integration';
    case 'loyalty_event':
      return 'loyalty';
    case 'challenge_step':
    case 'mission_approved':
      return 'program';
    case 'post_published':
    case 'comment_published':
    case 'reaction_received':
    case 'answer_accepted':
    case 'daily_visit':
      return 'community';
  }
}

/** The role, segments and age of the member, as eligibility tests them. */
export async function memberFacts(tx: Orm, userId: string): Promise<MemberFacts | null> {
  const [row] = await sqlRows<{
    role: Role;
    status: string;
    created_at: string | Date;
    segments: string[] | null;
  }>(
    tx,
    sql`select u.role, u.status, u.created_at,
        array(select s.key from user_segments us join segments s on s.id = us.segment_id
               where us.user_id = u.id) as segments
      from users u where u.id = ${userId}`,
  );
  if (!row) {
    return null;
  }
  return { role: row.role, segments: row.segments ?? [], createdAt: new Date(row.created_at) };
}

/** What the member earned under `ruleId` before `eventId`: today, this week, ever. */
async function historyFor(
  tx: Orm,
  userId: string,
  ruleId: string,
  eventId: string,
  localDay: string,
): Promise<RuleHistory> {
  const [row] = await sqlRows<{
    day_count: string | number;
    day_points: string | number;
    week_count: string | number;
    week_points: string | number;
    life_count: string | number;
    life_points: string | number;
    last_at: string | Date | null;
  }>(
    tx,
    sql`select
        count(*) filter (where local_day = ${localDay}::date) as day_count,
        coalesce(sum(points) filter (where local_day = ${localDay}::date), 0) as day_points,
        count(*) filter (where date_trunc('week', local_day) = date_trunc('week', ${localDay}::date))
          as week_count,
        coalesce(sum(points) filter (where date_trunc('week', local_day)
          = date_trunc('week', ${localDay}::date)), 0) as week_points,
        count(*) as life_count,
        coalesce(sum(points), 0) as life_points,
        max(occurred_at) as last_at
      from activity_awards
      where user_id = ${userId} and rule_id = ${ruleId} and points > 0 and event_id <> ${eventId}`,
  );
  if (!row) {
    return EMPTY_HISTORY;
  }
  return {
    dayCount: Number(row.day_count),
    dayPoints: Number(row.day_points),
    weekCount: Number(row.week_count),
    weekPoints: Number(row.week_points),
    lifetimeCount: Number(row.life_count),
    lifetimePoints: Number(row.life_points),
    lastEarnedAt: row.last_at === null ? null : new Date(row.last_at),
  };
}

function dayText(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** The idempotency key of a rule's award for a cause (per generation of the cause). */
export function awardKey(ruleId: string, causeKey: string, userId: string, generation: number) {
  const base = `award:${ruleId}:${causeKey}:${userId}`;
  return generation > 1 ? `${base}:g${generation}` : base;
}

/** Scores a stored event under the current rules and writes its awards and points. */
async function scoreAndAward(
  tx: Orm,
  tenantId: string,
  row: EventRow,
  rules: Rule[],
): Promise<{ points: number; outcomes: RuleOutcome[] }> {
  const event = activityOf(row);
  const outcomes: RuleOutcome[] = [];
  const applicable = rulesFor(rules, event);
  const facts = applicable.length > 0 ? await memberFacts(tx, event.userId) : null;
  if (!facts) {
    return { points: 0, outcomes };
  }
  const localDay = dayText(row.local_day);
  let total = 0;
  for (const rule of applicable) {
    const history = await historyFor(tx, event.userId, rule.id, row.id, localDay);
    const result = score(rule, event, facts, history);
    outcomes.push({
      ruleId: rule.id,
      ruleVersion: rule.version,
      points: result.points,
      reason: result.reason,
    });
    await tx.execute(sql`insert into activity_awards (tenant_id, event_id, rule_id, rule_version,
        user_id, local_day, occurred_at, points)
      values (${tenantId}, ${row.id}, ${rule.id}, ${rule.version}, ${event.userId},
        ${localDay}::date, ${event.occurredAt.toISOString()}::timestamptz, ${result.points})
      on conflict (event_id, rule_id) do update set rule_version = excluded.rule_version,
        points = excluded.points`);
    if (result.points <= 0) {
      continue;
    }
    total += result.points;
    const settings = rule.settings;
    const windowEnd =
      settings.returnWindowDays !== null && settings.returnWindowDays > 0
        ? new Date(event.occurredAt.getTime() + settings.returnWindowDays * 86_400_000)
        : null;
    await credit(tx, tenantId, {
      userId: event.userId,
      amount: result.points,
      reason: rule.name,
      source: sourceOf(event.kind),
      idempotencyKey: awardKey(rule.id, event.causeKey, event.userId, row.generation),
      sourceRef: event.causeKey,
      ruleId: rule.id,
      ruleVersion: rule.version,
      spaceId: event.spaceId ?? null,
      regionId: event.regionId ?? null,
      tierQualifying: settings.tierQualifying,
      pendingUntil: windowEnd !== null && windowEnd.getTime() > Date.now() ? windowEnd : null,
      expiresInDays: settings.expiryDays,
    });
  }
  return { points: total, outcomes };
}

/** Drops properties that carry a rating or sentiment from reviews: nothing may score them. */
function cleanProperties(event: ActivityEvent): Record<string, string | number | boolean | null> {
  const properties = event.properties ?? {};
  if (event.kind !== 'review') {
    return properties;
  }
  return Object.fromEntries(
    Object.entries(properties).filter(([key]) => !isSentimentProperty(key)),
  );
}

/**
 * Stores `event` once and awards what the rules give for it. A cause reported before (even
 * one withdrawn since) changes nothing and earns nothing; with `reinstate`, a withdrawn cause
 * is recorded again as its next generation (content published again by moderation).
 */
export async function recordActivity(
  tx: Orm,
  tenantId: string,
  event: ActivityEvent,
  options: { reinstate?: boolean } = {},
): Promise<Recorded> {
  const properties = cleanProperties(event);
  const inserted = await sqlRows<EventRow>(
    tx,
    sql`insert into activity_events (tenant_id, kind, cause_key, user_id, actor_id, occurred_at,
        local_day, space_id, region_id, quantity, currency, properties)
      select ${tenantId}, ${event.kind}, ${event.causeKey}, u.id, ${event.actorId},
        ${event.occurredAt.toISOString()}::timestamptz,
        (${event.occurredAt.toISOString()}::timestamptz at time zone guild_member_timezone(u.id))::date,
        ${event.spaceId ?? null}::uuid,
        coalesce(${event.regionId ?? null}::uuid,
          (select region_id from spaces where id = ${event.spaceId ?? null}::uuid), u.region_id),
        ${event.quantity ?? null}::bigint, ${event.currency ?? null},
        ${JSON.stringify(properties)}::jsonb
      from users u where u.id = ${event.userId}
      on conflict (tenant_id, kind, cause_key) do nothing
      returning ${EVENT_COLUMNS}`,
  );
  let row = inserted[0];
  if (!row && options.reinstate) {
    const reopened = await sqlRows<EventRow>(
      tx,
      sql`update activity_events set status = 'recorded', generation = generation + 1,
          withdrawn_at = null, withdraw_reason = null
        where kind = ${event.kind} and cause_key = ${event.causeKey} and status = 'withdrawn'
        returning ${EVENT_COLUMNS}`,
    );
    row = reopened[0];
  }
  if (!row) {
    const [seen] = await sqlRows<{ id: string }>(
      tx,
      sql`select id from activity_events where kind = ${event.kind}
        and cause_key = ${event.causeKey}`,
    );
    return { recorded: false, eventId: seen?.id ?? '', points: 0, outcomes: [] };
  }
  // One member's events are scored one at a time, so caps hold under concurrency.
  await holdBalance(tx, tenantId, row.user_id);
  // A member flagged for farming this kind earns nothing for it until a manager clears the
  // flag (the event is kept, so a backfill can pay it then).
  // ...and a member who must opt in to the points program first (PRV-12) earns nothing yet.
  // (Asked only when a rule could pay for the event at all.)
  const rules = await activeRules(tx, event.kind);
  const withheld =
    rules.length > 0 &&
    ((await pointsWithheld(tx, tenantId, row.user_id, event.kind)) ||
      !(await loyaltyEnrolled(tx, row.user_id)));
  const { points, outcomes } = await scoreAndAward(tx, tenantId, row, withheld ? [] : rules);
  await updateAchievements(tx, tenantId, activityOf(row), 'recorded');
  if (row.kind !== 'challenge_step') {
    await syncChallengeSteps(tx, tenantId, row.user_id, [row.cause_key], row.occurred_at);
  }
  return { recorded: true, eventId: row.id, points, outcomes };
}

/** Net points per member that entries made for `causeKey` add up to. */
export async function netForCause(
  tx: Orm,
  causeKey: string,
): Promise<{ userId: string; net: number }[]> {
  const rows = await sqlRows<{ user_id: string; net: string | number }>(
    tx,
    sql`select user_id, sum(amount) as net from ledger_entries
      where source_ref = ${causeKey} and kind in ('award', 'reversal', 'adjustment')
      group by user_id order by user_id`,
  );
  return rows.map((row) => ({ userId: row.user_id, net: Number(row.net) }));
}

/**
 * Takes back what entries for `causeKey` still hold. Without earlier deductions this is the
 * ledger's reversal of each entry; after a partial refund or a downward backfill adjustment,
 * one adjustment takes the net rest, so nothing is taken twice.
 */
async function takeBackCause(
  tx: Orm,
  tenantId: string,
  row: EventRow,
  reason: string,
  keyTag: string,
): Promise<void> {
  const [deducted] = await sqlRows<{ any: boolean }>(
    tx,
    sql`select exists (select 1 from ledger_entries where source_ref = ${row.cause_key}
        and kind = 'adjustment' and amount < 0) as any`,
  );
  if (!deducted?.any) {
    await reverseSource(tx, tenantId, row.cause_key, reason, { userId: row.user_id });
    return;
  }
  for (const { userId, net } of await netForCause(tx, row.cause_key)) {
    if (userId === row.user_id && net > 0) {
      await debit(tx, tenantId, {
        userId,
        amount: net,
        kind: 'adjustment',
        requireFunds: false,
        reason,
        source: sourceOf(row.kind),
        sourceRef: row.cause_key,
        idempotencyKey: `withdraw:${row.id}:${row.generation}:${keyTag}`,
      });
    }
  }
}

/**
 * The cause went away: marks its event withdrawn and takes its points back, once. Returns
 * false when there was nothing recorded under the key (never reported, or withdrawn already).
 */
export async function withdrawActivity(
  tx: Orm,
  tenantId: string,
  causeKey: string,
  reason: string,
): Promise<boolean> {
  const rows = await sqlRows<EventRow>(
    tx,
    sql`update activity_events set status = 'withdrawn', withdrawn_at = now(),
        withdraw_reason = ${reason}
      where cause_key = ${causeKey} and status = 'recorded'
      returning ${EVENT_COLUMNS}`,
  );
  for (const row of rows) {
    await holdBalance(tx, tenantId, row.user_id);
    const steps = await stepsOfCause(tx, row.user_id, row.cause_key);
    await takeBackCause(tx, tenantId, row, reason, 'all');
    await updateAchievements(tx, tenantId, activityOf(row), 'withdrawn');
    if (row.kind !== 'challenge_step') {
      await syncChallengeSteps(tx, tenantId, row.user_id, [], row.occurred_at, steps);
    }
  }
  return rows.length > 0;
}

/** The challenge steps an event counted towards for the member. */
async function stepsOfCause(tx: Orm, userId: string, causeKey: string): Promise<string[]> {
  const rows = await sqlRows<{ step_id: string }>(
    tx,
    sql`select step_id from challenge_step_progress
         where user_id = ${userId} and cause_key = ${causeKey}`,
  );
  return rows.map((row) => row.step_id);
}

/**
 * A challenge step a member completes is activity of its own (`challenge_step`, once per step
 * and member), which rules may reward; when the event that completed it is withdrawn and the
 * step falls short again, that activity is withdrawn too.
 */
async function syncChallengeSteps(
  tx: Orm,
  tenantId: string,
  userId: string,
  causeKeys: string[],
  occurredAt: string | Date,
  knownSteps: string[] = [],
): Promise<void> {
  const steps = [...knownSteps];
  for (const causeKey of causeKeys) {
    steps.push(...(await stepsOfCause(tx, userId, causeKey)));
  }
  if (steps.length === 0) {
    return;
  }
  const states = await sqlRows<{ step_id: string; challenge_id: string; done: boolean }>(
    tx,
    sql`select s.id as step_id, s.challenge_id,
               (select count(*) from challenge_step_progress p
                 where p.step_id = s.id and p.user_id = ${userId}) >= s.required_count as done
          from challenge_steps s where s.id = any(${sql.param(steps)}::uuid[])`,
  );
  for (const state of states) {
    const causeKey = `challenge-step:${state.step_id}:${userId}`;
    if (state.done) {
      await recordActivity(
        tx,
        tenantId,
        {
          kind: 'challenge_step',
          userId,
          actorId: null,
          causeKey,
          occurredAt: new Date(occurredAt),
          properties: { challengeId: state.challenge_id, stepId: state.step_id },
        },
        { reinstate: true },
      );
    } else {
      await withdrawActivity(tx, tenantId, causeKey, 'The challenge step is no longer complete');
    }
  }
}

/**
 * A refund of a purchase: takes back the share of its points that the refunded amount is of
 * the purchase (100 of 1000 takes back a tenth), once per refund id. A refund of everything
 * (`refundedQuantity` null, or the whole rest) withdraws the purchase; when nothing was
 * refunded before, that is the ledger's full reversal of its entries.
 * @returns the points taken back now
 */
export async function refundActivity(
  tx: Orm,
  tenantId: string,
  causeKey: string,
  refundId: string,
  refundedQuantity: number | null,
  reason: string,
): Promise<number> {
  const [row] = await sqlRows<EventRow>(
    tx,
    sql`select ${EVENT_COLUMNS} from activity_events
      where kind = 'purchase' and cause_key = ${causeKey} for update`,
  );
  if (!row || row.status !== 'recorded') {
    return 0;
  }
  const applied = await sqlRows<{ refund_id: string }>(
    tx,
    sql`insert into activity_refunds (tenant_id, event_id, refund_id, quantity)
      values (${tenantId}, ${row.id}, ${refundId}, ${refundedQuantity}::bigint)
      on conflict (event_id, refund_id) do nothing returning refund_id`,
  );
  if (applied.length === 0) {
    return 0;
  }
  const quantity = Number(row.quantity ?? 0);
  const before = Number(row.refunded_quantity);
  const after =
    refundedQuantity === null || quantity <= 0
      ? quantity
      : Math.min(quantity, before + Math.max(0, refundedQuantity));
  await tx.execute(sql`update activity_events set refunded_quantity = ${after}
    where id = ${row.id}`);
  const netBefore = (await netForCause(tx, causeKey)).find((n) => n.userId === row.user_id);
  if (after >= quantity) {
    await tx.execute(sql`update activity_events set status = 'withdrawn', withdrawn_at = now(),
        withdraw_reason = ${reason} where id = ${row.id}`);
    await holdBalance(tx, tenantId, row.user_id);
    await takeBackCause(tx, tenantId, row, reason, `refund:${refundId}`);
    await updateAchievements(tx, tenantId, activityOf(row), 'withdrawn');
    return netBefore?.net ?? 0;
  }
  const [awarded] = await sqlRows<{ points: string | number }>(
    tx,
    sql`select coalesce(sum(points), 0) as points from activity_awards where event_id = ${row.id}`,
  );
  const keep = Math.floor((Number(awarded?.points ?? 0) * (quantity - after)) / quantity);
  const takeBack = (netBefore?.net ?? 0) - keep;
  if (takeBack <= 0) {
    return 0;
  }
  // Taken from the cause's own entries, newest last, each at most what is left of it: from
  // pending while the return window is open, with the tier-qualifying mark it carried.
  const entries = await sqlRows<{ id: string | number }>(
    tx,
    sql`select id from ledger_entries
         where source_ref = ${causeKey} and user_id = ${row.user_id} and amount > 0
           and kind in ('award', 'adjustment')
         order by id`,
  );
  let rest = takeBack;
  for (const entry of entries) {
    if (rest <= 0) {
      break;
    }
    const reduced = await reduceEntry(tx, tenantId, {
      entryId: String(entry.id),
      amount: rest,
      reason,
      idempotencyKey: `refund:${refundId}:${causeKey}:${row.user_id}:${entry.id}`,
    });
    rest -= reduced ? -reduced.amount : 0;
  }
  return takeBack;
}
