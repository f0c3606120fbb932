/**
 * Farming patterns, read from the activity events the rules engine records and the ledger
 * entries made for them, over the last `days` days:
 *
 * - post-delete loops: a member's posts and comments deleted soon after they were published,
 *   again and again (each publication earns, each deletion takes it back);
 * - reaction toggling: one member adding reactions and taking them back soon after, again and
 *   again (the engine pays a reaction once, but the churn is the signal);
 * - reciprocal-reaction rings: a small group of accounts that give most of their reactions to
 *   each other and receive most of theirs from each other (method in ring-graph.ts).
 *
 * Reacting to or accepting one's own content earns nothing already (the engine refuses it),
 * so it is not looked for here.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { findRings } from './ring-graph.js';

/**
 * The reason the community gives when a member takes their reaction back (reactions withdrawn
 * because the item was removed carry another and are not toggles).
 */
const REACTION_TAKEN_BACK = 'Reaction withdrawn';

export const FINDING_KINDS = ['post_delete_loop', 'reaction_toggling', 'reaction_ring'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface DetectionSettings {
  /** How far back to look. */
  days: number;
  /** A deletion within this many minutes of publishing counts as a loop. */
  loopWindowMinutes: number;
  minLoops: number;
  /** A reaction taken back within this many minutes of being given counts as a toggle. */
  toggleWindowMinutes: number;
  minToggles: number;
  /** Reactions each way that make two members a mutual pair. */
  minPairReactions: number;
  minRingSize: number;
  maxRingSize: number;
  /** Share of the group's reactions, given and received, that stays inside it. */
  minRingShare: number;
  /** Share each member must give and receive inside the group to stay in it. */
  minMemberShare: number;
}

export const DEFAULT_DETECTION: DetectionSettings = {
  days: 30,
  loopWindowMinutes: 60,
  minLoops: 4,
  toggleWindowMinutes: 30,
  minToggles: 8,
  minPairReactions: 3,
  minRingSize: 3,
  maxRingSize: 8,
  minRingShare: 0.6,
  minMemberShare: 0.5,
};

export interface Pattern {
  kind: FindingKind;
  /** The kind and the members, so a later run finds the same pattern again. */
  fingerprint: string;
  /** Members flagged for it. */
  members: string[];
  /** Members listed but not flagged (whose items were toggled on). */
  beneficiaries: string[];
  evidence: Record<string, number>;
  firstSeenAt: Date;
  lastSeenAt: Date;
  summary: string;
}

type Num = string | number | null;
const num = (value: Num) => Number(value ?? 0);
const date = (value: string | Date) => new Date(value);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function usernames(tx: Orm, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await sqlRows<{ id: string; username: string }>(
    tx,
    sql`select id, username from users where id = any(${sql.param([...ids])}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, row.username]));
}

async function postDeleteLoops(tx: Orm, settings: DetectionSettings): Promise<Pattern[]> {
  const rows = await sqlRows<{
    user_id: string;
    loops: Num;
    posts: Num;
    comments: Num;
    median_minutes: Num;
    first_at: string | Date;
    last_at: string | Date;
    awarded: Num;
    reversed: Num;
  }>(
    tx,
    sql`with loops as (
        select user_id, kind, cause_key, occurred_at, withdrawn_at
          from activity_events
         where kind in ('post_published', 'comment_published') and status = 'withdrawn'
           and withdraw_reason ilike '%deleted%'
           and occurred_at >= now() - make_interval(days => ${settings.days})
           and withdrawn_at <= occurred_at + make_interval(mins => ${settings.loopWindowMinutes})
      ), members as (
        select user_id from loops group by user_id having count(*) >= ${settings.minLoops}
      ), points as (
        select l.user_id,
               coalesce(sum(e.amount) filter (where e.kind = 'award'), 0) as awarded,
               coalesce(-sum(e.amount) filter (where e.amount < 0), 0) as reversed
          from loops l join members m on m.user_id = l.user_id
          join ledger_entries e on e.source_ref = l.cause_key and e.user_id = l.user_id
         group by l.user_id
      )
      select l.user_id, count(*) as loops,
             count(*) filter (where l.kind = 'post_published') as posts,
             count(*) filter (where l.kind = 'comment_published') as comments,
             percentile_cont(0.5) within group (
               order by extract(epoch from l.withdrawn_at - l.occurred_at) / 60) as median_minutes,
             min(l.occurred_at) as first_at, max(l.withdrawn_at) as last_at,
             max(p.awarded) as awarded, max(p.reversed) as reversed
        from loops l join members m on m.user_id = l.user_id
        left join points p on p.user_id = l.user_id
       group by l.user_id order by l.user_id`,
  );
  const names = await usernames(
    tx,
    rows.map((row) => row.user_id),
  );
  return rows.map((row) => {
    const loops = num(row.loops);
    const minutes = Math.round(num(row.median_minutes));
    return {
      kind: 'post_delete_loop',
      fingerprint: row.user_id,
      members: [row.user_id],
      beneficiaries: [],
      evidence: {
        loops,
        posts: num(row.posts),
        comments: num(row.comments),
        medianMinutesToDelete: minutes,
        pointsAwarded: num(row.awarded),
        pointsReversed: num(row.reversed),
      },
      firstSeenAt: date(row.first_at),
      lastSeenAt: date(row.last_at),
      summary:
        `${names.get(row.user_id) ?? 'A member'} published and deleted ` +
        `${plural(loops, 'item')} within ${plural(settings.loopWindowMinutes, 'minute')} ` +
        `of publishing (median ${plural(minutes, 'minute')}) in the last ` +
        `${plural(settings.days, 'day')}.`,
    };
  });
}

async function reactionToggling(tx: Orm, settings: DetectionSettings): Promise<Pattern[]> {
  const rows = await sqlRows<{
    actor_id: string;
    toggles: Num;
    targets: Num;
    repeat_targets: Num;
    authors: string[];
    first_at: string | Date;
    last_at: string | Date;
    awarded: Num;
    reversed: Num;
  }>(
    tx,
    sql`with toggles as (
        select actor_id, user_id, cause_key, occurred_at, withdrawn_at,
               (properties->>'targetType') || ':' || (properties->>'targetId') as target
          from activity_events
         where kind = 'reaction_received' and status = 'withdrawn' and actor_id is not null
           and actor_id <> user_id and withdraw_reason = ${REACTION_TAKEN_BACK}
           and occurred_at >= now() - make_interval(days => ${settings.days})
           and withdrawn_at <= occurred_at + make_interval(mins => ${settings.toggleWindowMinutes})
      ), actors as (
        select actor_id from toggles group by actor_id having count(*) >= ${settings.minToggles}
      ), per_target as (
        select t.actor_id, t.target, count(*) as n
          from toggles t join actors a on a.actor_id = t.actor_id
         group by t.actor_id, t.target
      ), points as (
        select t.actor_id,
               coalesce(sum(e.amount) filter (where e.kind = 'award'), 0) as awarded,
               coalesce(-sum(e.amount) filter (where e.amount < 0), 0) as reversed
          from toggles t join actors a on a.actor_id = t.actor_id
          join ledger_entries e on e.source_ref = t.cause_key and e.user_id = t.user_id
         group by t.actor_id
      )
      select t.actor_id, count(*) as toggles, count(distinct t.target) as targets,
             (select count(*) from per_target pt where pt.actor_id = t.actor_id and pt.n > 1)
               as repeat_targets,
             array_agg(distinct t.user_id::text) as authors,
             min(t.occurred_at) as first_at, max(t.withdrawn_at) as last_at,
             max(p.awarded) as awarded, max(p.reversed) as reversed
        from toggles t join actors a on a.actor_id = t.actor_id
        left join points p on p.actor_id = t.actor_id
       group by t.actor_id order by t.actor_id`,
  );
  const names = await usernames(
    tx,
    rows.map((row) => row.actor_id),
  );
  return rows.map((row) => {
    const toggles = num(row.toggles);
    const targets = num(row.targets);
    const authors = [...row.authors].sort();
    return {
      kind: 'reaction_toggling',
      fingerprint: row.actor_id,
      members: [row.actor_id],
      beneficiaries: authors,
      evidence: {
        toggles,
        targets,
        targetsToggledMoreThanOnce: num(row.repeat_targets),
        authors: authors.length,
        pointsAwarded: num(row.awarded),
        pointsReversed: num(row.reversed),
      },
      firstSeenAt: date(row.first_at),
      lastSeenAt: date(row.last_at),
      summary:
        `${names.get(row.actor_id) ?? 'A member'} added and took back ` +
        `${plural(toggles, 'reaction')} on ${plural(targets, 'item')} within ` +
        `${plural(settings.toggleWindowMinutes, 'minute')} in the last ` +
        `${plural(settings.days, 'day')}.`,
    };
  });
}

async function reactionRings(tx: Orm, settings: DetectionSettings): Promise<Pattern[]> {
  const edges = await sqlRows<{ actor_id: string; user_id: string; n: Num }>(
    tx,
    sql`select actor_id, user_id, count(*) as n from activity_events
      where kind = 'reaction_received' and actor_id is not null and actor_id <> user_id
        and occurred_at >= now() - make_interval(days => ${settings.days})
      group by actor_id, user_id`,
  );
  const rings = findRings(
    edges.map((edge) => ({ from: edge.actor_id, to: edge.user_id, count: num(edge.n) })),
    {
      minPairReactions: settings.minPairReactions,
      minSize: settings.minRingSize,
      maxSize: settings.maxRingSize,
      minGroupShare: settings.minRingShare,
      minMemberShare: settings.minMemberShare,
    },
  );
  const patterns: Pattern[] = [];
  for (const ring of rings) {
    const members = sql.param(ring.members);
    const [seen] = await sqlRows<{ first_at: string | Date; last_at: string | Date; net: Num }>(
      tx,
      sql`with inside as (
          select user_id, cause_key, occurred_at from activity_events
           where kind = 'reaction_received'
             and occurred_at >= now() - make_interval(days => ${settings.days})
             and actor_id = any(${members}::uuid[]) and user_id = any(${members}::uuid[])
             and actor_id <> user_id
        )
        select min(occurred_at) as first_at, max(occurred_at) as last_at,
               (select coalesce(sum(e.amount), 0) from inside i
                  join ledger_entries e on e.source_ref = i.cause_key and e.user_id = i.user_id
                 where e.kind in ('award', 'reversal', 'adjustment')) as net
          from inside`,
    );
    const names = await usernames(tx, ring.members);
    const shown = ring.members.map((id) => names.get(id) ?? id).join(', ');
    const share = Math.round(Math.min(ring.givenShare, ring.receivedShare) * 100);
    patterns.push({
      kind: 'reaction_ring',
      fingerprint: ring.members.join(','),
      members: ring.members,
      beneficiaries: [],
      evidence: {
        size: ring.members.length,
        internalReactions: ring.internalReactions,
        reactionsGiven: ring.givenTotal,
        reactionsReceived: ring.receivedTotal,
        givenSharePercent: Math.round(ring.givenShare * 100),
        receivedSharePercent: Math.round(ring.receivedShare * 100),
        mutualPairs: ring.mutualPairs,
        pointsFromEachOther: num(seen?.net ?? 0),
      },
      firstSeenAt: date(seen!.first_at),
      lastSeenAt: date(seen!.last_at),
      summary:
        `${ring.members.length} accounts (${shown}) gave each other ` +
        `${plural(ring.internalReactions, 'reaction')} in the last ` +
        `${plural(settings.days, 'day')}: at least ${share}% of the reactions they gave and ` +
        `received stayed within the group.`,
    });
  }
  return patterns;
}

/** Every farming pattern in the tenant's activity over the last `settings.days` days. */
export async function detectPatterns(tx: Orm, settings: DetectionSettings): Promise<Pattern[]> {
  return [
    ...(await postDeleteLoops(tx, settings)),
    ...(await reactionToggling(tx, settings)),
    ...(await reactionRings(tx, settings)),
  ];
}
