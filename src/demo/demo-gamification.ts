/**
 * The demo community's program: the default point rules, levels, badges, a running challenge
 * and a reward catalog, and the points its history earned. The history (posts, comments,
 * reactions, accepted answers written by the demo loader) is scored set-based in SQL by the
 * default rules' amounts, as an import of past activity would be: each event is stored once
 * with its cause key, and its points go through `guild_credit`, so balances, lots and the
 * ledger agree exactly as they do for live awards (the reconciliation report shows no drift).
 * Each event is scored by the rules engine itself, member by member in time order (caps and
 * diminishing returns included, as a backfill replays them), and the entries are dated when
 * their events happened so weekly and monthly boards and reputation decay show the
 * community's real rhythm.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Database, type Orm } from '../core/db/database.js';
import { EVENT_COLUMNS, memberFacts, type EventRow } from '../gamification/activity.js';
import { rescore, type Replay } from '../gamification/rules/backfill.js';
import { currentNotices } from '../privacy/consents.service.js';
import { loyaltyEnrolled } from '../privacy/incentives.js';
import { allActiveRules } from '../gamification/rules/rules.service.js';
import { createBadge, evaluateBadge } from '../gamification/achievements/badges.service.js';
import {
  createChallenge,
  publishChallenge,
} from '../gamification/achievements/challenges.service.js';
import { createLevel } from '../gamification/achievements/levels.service.js';
import { installDefaultRules } from '../gamification/rules/rules.service.js';
import { addCodes } from '../gamification/rewards/reward-codes.service.js';
import { createReward } from '../gamification/rewards/rewards.service.js';

/** Activity kinds of the history, how their cause keys are made, and who earns. */
const HISTORY = sql`
  select 'post_published' as kind, 'post:' || p.id as cause_key, p.author_id as user_id,
         null::uuid as actor_id, p.created_at as occurred_at, p.space_id
    from posts p where p.deleted_at is null and p.moderation_state = 'published'
  union all
  select 'comment_published', 'comment:' || c.id, c.author_id, null, c.created_at, p.space_id
    from comments c join posts p on p.id = c.post_id
   where c.deleted_at is null and c.moderation_state = 'published'
  union all
  select 'reaction_received', 'reaction:post:' || p.id || ':' || r.user_id || ':' || r.kind,
         p.author_id, r.user_id, r.created_at, p.space_id
    from reactions r join posts p on p.id = r.target_id
   where r.target_type = 'post' and r.user_id <> p.author_id
  union all
  select 'answer_accepted', 'answer:' || c.id, c.author_id, p.author_id, c.created_at, p.space_id
    from posts p join comments c on c.id = p.accepted_comment_id
   where c.author_id <> p.author_id`;

/** The demo's rules, levels, badges, challenge and rewards, and its history's points. */
export async function seedDemoProgram(
  tx: Orm,
  tenantId: string,
  managerId: string,
  regionIds: Map<string, string>,
): Promise<{ events: number; entries: number }> {
  await installDefaultRules(tx, tenantId, managerId);
  await enrolUsMembers(tx, tenantId);

  // The history: events, their awards by the rules' amounts, and the points.
  await tx.execute(sql`insert into activity_events (tenant_id, kind, cause_key, user_id, actor_id,
      occurred_at, local_day, space_id, region_id)
    select ${tenantId}, h.kind, h.cause_key, h.user_id, h.actor_id, h.occurred_at,
           (h.occurred_at at time zone coalesce(g.timezone, 'UTC'))::date, h.space_id,
           coalesce(s.region_id, u.region_id)
      from (${HISTORY}) h
      join users u on u.id = h.user_id
      left join regions g on g.id = u.region_id
      left join spaces s on s.id = h.space_id
    on conflict (tenant_id, kind, cause_key) do nothing`);
  await scoreHistory(tx, tenantId);
  const [written] = await sqlRows<{ entries: number }>(
    tx,
    sql`select count(*)::int as entries from (
      select guild_credit(a.tenant_id, a.user_id, 'award', a.points, false, r.name, 'community',
               e.cause_key, r.id, r.version, 'award:' || r.id || ':' || e.cause_key || ':' || a.user_id,
               null, null, e.space_id, e.region_id, null)
        from activity_awards a
        join activity_events e on e.id = a.event_id
        join point_rules r on r.id = a.rule_id
       where a.points > 0
       order by a.occurred_at) credited`,
  );
  // Badges and streaks read the same history.
  await tx.execute(sql`insert into member_activity (tenant_id, user_id, kind, cause_key, own,
      occurred_at, local_day, space_id)
    select tenant_id, user_id, kind, cause_key, actor_id is null, occurred_at, local_day, space_id
      from activity_events
    on conflict (tenant_id, kind, cause_key) do nothing`);
  const [events] = await sqlRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from activity_events`,
  );

  for (const level of [
    { name: 'Newcomer', minPoints: 0, privileges: [] },
    { name: 'Regular', minPoints: 50, privileges: ['create_tags'] },
    { name: 'Trusted', minPoints: 200, privileges: ['create_tags', 'edit_wiki_posts'] },
    {
      name: 'Expert',
      minPoints: 500,
      privileges: ['create_tags', 'edit_wiki_posts', 'host_events'],
    },
  ]) {
    await createLevel(tx, tenantId, level);
  }

  const badges = [
    await createBadge(
      tx,
      tenantId,
      {
        key: 'first-post',
        name: 'First post',
        description: 'Published a first post in the community.',
        criterion: 'first',
        activityKind: 'post_published',
        tiers: [{ tier: 'bronze', threshold: 1, points: 10 }],
      },
      managerId,
    ),
    await createBadge(
      tx,
      tenantId,
      {
        key: 'helpful-answers',
        name: 'Helpful answers',
        description: 'Answers other members accepted.',
        criterion: 'count',
        activityKind: 'answer_accepted',
        revocable: true,
        tiers: [
          { tier: 'bronze', threshold: 1, points: 10 },
          { tier: 'silver', threshold: 5, points: 25 },
          { tier: 'gold', threshold: 15, points: 50 },
        ],
      },
      managerId,
    ),
    await createBadge(
      tx,
      tenantId,
      {
        key: 'well-liked',
        name: 'Well liked',
        description: 'Reactions from other members to your posts.',
        criterion: 'count',
        activityKind: 'reaction_received',
        tiers: [
          { tier: 'bronze', threshold: 10, points: 5 },
          { tier: 'silver', threshold: 50, points: 15 },
        ],
      },
      managerId,
    ),
  ];
  for (const badge of badges) {
    await evaluateBadge(tx, tenantId, badge.id);
  }

  // Stores whose daily visit codes members scan (Trail Week's in-store step).
  await tx.execute(sql`insert into stores (tenant_id, external_id, name, region_code, country)
    values (${tenantId}, 'LDN-01', 'London Oxford Street', 'UK', 'GB'),
           (${tenantId}, 'NYC-01', 'Brooklyn Flagship', 'US', 'US'),
           (${tenantId}, 'BER-01', 'Berlin Mitte', 'DE', 'DE')
    on conflict (tenant_id, external_id) do nothing`);

  // A challenge running now, for a fortnight, with a prize (and so a disclosure reminder).
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const challenge = await createChallenge(
    tx,
    tenantId,
    {
      title: 'Trail Week',
      description: 'Share a trail tip, visit one of our stores and pick up anything for the trail.',
      startsAt: `${day(-3)}T00:00`,
      endsAt: `${day(12)}T00:00`,
      steps: [
        { title: 'Post a trail tip', kind: 'online', activityKind: 'post_published' },
        { title: 'Visit a store', kind: 'in_store' },
        { title: 'Buy anything', kind: 'purchase' },
      ],
      prizePoints: 100,
      disclosureText:
        'Posts made for Trail Week earn points: start them with "Ad" or #ad so readers know.',
    },
    managerId,
  );
  await publishChallenge(tx, challenge.id);

  const uk = regionIds.get('UK');
  await createReward(
    tx,
    tenantId,
    {
      name: 'Canvas tote bag',
      description: 'Our heavy canvas tote, posted to you.',
      kind: 'physical',
      fulfilment: 'manual',
      cost: 150,
      stock: 40,
      limitLifetime: 1,
    },
    managerId,
  );
  const voucher = await createReward(
    tx,
    tenantId,
    {
      name: '£5 voucher',
      description: 'A code for £5 off an order of £30 or more.',
      kind: 'discount',
      fulfilment: 'code_pool',
      cost: 100,
      limitPerPeriod: 1,
      limitPeriod: 'month',
      regionCodes: uk ? ['UK'] : [],
    },
    managerId,
  );
  await addCodes(
    tx,
    tenantId,
    voucher.id,
    {
      content: Array.from({ length: 25 }, (_, i) => `TRAIL5-${String(1000 + i * 37)}`).join('\n'),
      format: 'lines',
    },
    managerId,
  );
  await createReward(
    tx,
    tenantId,
    {
      name: 'Plant a tree',
      description: 'We plant a tree with our reforestation partner in your name.',
      kind: 'donation',
      fulfilment: 'manual',
      cost: 50,
    },
    managerId,
  );
  await createReward(
    tx,
    tenantId,
    {
      name: 'Guided trail day with our design team',
      description: 'A day on the trails testing next season’s shoes. A manager confirms it.',
      kind: 'experience',
      fulfilment: 'manual',
      cost: 2000,
      stock: 4,
      approvalRequired: true,
    },
    managerId,
  );
  return { events: events?.n ?? 0, entries: written?.entries ?? 0 };
}

/**
 * Dates each history entry at its event. It is the one write to ledger entries Guild makes,
 * and only here, as the database owner, because the demo's history is imported after the
 * fact; the application's role cannot update entries.
 */
export async function settleDemoHistory(db: Database, tenantId: string): Promise<void> {
  await db.query(
    `UPDATE ledger_entries e SET created_at = a.occurred_at
       FROM activity_events a
      WHERE e.tenant_id = $1 AND a.tenant_id = $1 AND a.cause_key = e.source_ref`,
    [tenantId],
  );
}

/**
 * US members join the points program by opting in after its notice of financial incentive
 * (PRV-12): the demo's did so when they joined, all but one, who shows the invitation to join.
 */
async function enrolUsMembers(tx: Orm, tenantId: string): Promise<void> {
  const notice = (await currentNotices(tx, tenantId)).get('loyalty_program')!;
  await tx.execute(
    sql`insert into consents (tenant_id, user_id, purpose, notice_id, notice_version,
          notice_sha256, channel, method, granted_at)
        select ${tenantId}, u.id, 'loyalty_program', ${notice.id}, ${notice.version},
               ${notice.sha256}, 'web', 'checkbox', u.created_at
          from users u join regions r on r.id = u.region_id
         where r.code = 'US'
           and u.id <> (select u2.id from users u2 join regions r2 on r2.id = u2.region_id
                         where r2.code = 'US' and u2.role = 'member' and u2.password_hash is null
                         order by u2.username limit 1)`,
  );
}

/**
 * Scores the stored history with the rules engine, member by member in time order (the order
 * a backfill replays), and writes the awards; the points follow from them.
 */
async function scoreHistory(tx: Orm, tenantId: string): Promise<void> {
  const rules = await allActiveRules(tx);
  const events = await sqlRows<EventRow>(
    tx,
    sql`select ${EVENT_COLUMNS} from activity_events order by user_id, occurred_at, id`,
  );
  const awards: {
    eventId: string;
    ruleId: string;
    version: number;
    userId: string;
    day: string;
    at: string;
    points: number;
  }[] = [];
  let member: string | null = null;
  let facts: Awaited<ReturnType<typeof memberFacts>> = null;
  let replays = new Map<string, Replay>();
  let enrolled = true;
  for (const row of events) {
    if (row.user_id !== member) {
      member = row.user_id;
      facts = await memberFacts(tx, row.user_id);
      replays = new Map();
      enrolled = await loyaltyEnrolled(tx, row.user_id);
    }
    if (!enrolled) {
      continue;
    }
    for (const { rule, points } of rescore(row, rules, facts, replays).awards) {
      awards.push({
        eventId: row.id,
        ruleId: rule.id,
        version: rule.version,
        userId: row.user_id,
        day:
          typeof row.local_day === 'string'
            ? row.local_day.slice(0, 10)
            : new Date(row.local_day).toISOString().slice(0, 10),
        at: new Date(row.occurred_at).toISOString(),
        points,
      });
    }
  }
  for (let i = 0; i < awards.length; i += 2000) {
    const batch = awards.slice(i, i + 2000);
    await tx.execute(sql`insert into activity_awards (tenant_id, event_id, rule_id, rule_version,
        user_id, local_day, occurred_at, points)
      select ${tenantId}, e, r, v, u, d::date, t::timestamptz, p
        from unnest(${sql.param(batch.map((a) => a.eventId))}::uuid[],
                    ${sql.param(batch.map((a) => a.ruleId))}::uuid[],
                    ${sql.param(batch.map((a) => a.version))}::int[],
                    ${sql.param(batch.map((a) => a.userId))}::uuid[],
                    ${sql.param(batch.map((a) => a.day))}::text[],
                    ${sql.param(batch.map((a) => a.at))}::text[],
                    ${sql.param(batch.map((a) => a.points))}::bigint[]) as x(e, r, v, u, d, t, p)`);
  }
}
