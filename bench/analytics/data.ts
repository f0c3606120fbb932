/**
 * The analytics benchmark's tenant, written set-based straight into the tables with their
 * triggers off (row by row it would take hours): members, a year of activity events, moderation
 * checks and review items, ambassadors with transitions and completed missions, content
 * submissions, customers and orders for a retention-lift cohort, and program costs. The
 * rollups are then built by Guild's own rebuild functions, as after any bulk load.
 *
 * Members are numbered 1..N; ids follow the numbers. Activity is skewed: a few members do much.
 */
import type { Database } from '../../src/core/db/database.js';

export interface Shape {
  members: number;
  events: number;
  checks: number;
  customers: number;
  orders: number;
}

const LOADED_TABLES = [
  'users',
  'user_segments',
  'activity_events',
  'moderation_checks',
  'review_items',
  'ambassadors',
  'ambassador_transitions',
  'member_activity',
  'content_submissions',
  'customers',
  'orders',
  'member_customer_links',
];

/** Member number `n` (an SQL expression) as its id. */
const memberId = (n: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
const checkId = (n: string) => `('00000000-0000-4000-9000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
const customerId = (n: string) =>
  `('00000000-0000-4000-a000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
/** A member number drawn with a skew towards the low numbers (the most active members). */
const skewedMember = (members: number) => `(1 + floor(power(random(), 2) * ${members})::int)`;
/** A moment in 2025, uniformly. */
const in2025 = `(timestamptz '2025-01-01 00:00+00' + random() * interval '365 days')`;

/** Runs a bulk load with every trigger of the loaded tables off, and on again afterwards. */
export async function withTriggersOff(db: Database, work: () => Promise<void>): Promise<void> {
  for (const table of LOADED_TABLES) {
    await db.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
  }
  try {
    await work();
  } finally {
    for (const table of LOADED_TABLES) {
      await db.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
    }
  }
}

export async function writeTenantData(
  db: Database,
  tenantId: string,
  shape: Shape,
  progress: (text: string) => void,
): Promise<{ programId: string; moderatorId: string }> {
  const regions = (
    await db.query<{ id: string }>('select id from regions where tenant_id = $1 order by code', [
      tenantId,
    ])
  ).map((row) => row.id);
  const chunk = 250_000;
  for (let first = 1; first <= shape.members; first += chunk) {
    const last = Math.min(shape.members, first + chunk - 1);
    // Joined from 2023 to the end of 2025; one in a hundred suspended during 2025.
    await db.query(
      `insert into users (id, tenant_id, email, username, username_key, display_name, role,
          status, region_id, created_at, removed_at)
       select ${memberId('g')}, $1, 'm' || g || '@bench.test', 'm' || g, 'm' || g, 'Member ' || g,
              case when g % 5000 = 0 then 'moderator' else 'member' end,
              case when g % 100 = 42 then 'suspended' else 'active' end,
              ($4::uuid[])[1 + g % cardinality($4::uuid[])],
              timestamptz '2023-01-01 00:00+00' + (g::float8 / $5) * interval '1095 days',
              case when g % 100 = 42 then ${in2025} end
         from generate_series($2::int, $3::int) g`,
      [tenantId, first, last, regions, shape.members],
    );
    progress(`  members ${last.toLocaleString('en')} / ${shape.members.toLocaleString('en')}`);
  }
  await db.query(
    `insert into user_segments (tenant_id, user_id, segment_id)
     select $1, ${memberId('g')}, (select id from segments where tenant_id = $1 and key = 'gold')
       from generate_series(1, $2::int) g where g % 10 = 3`,
    [tenantId, shape.members],
  );

  // Activity: half visits, then comments, reactions, posts, challenge steps, answers.
  for (let first = 1; first <= shape.events; first += 1_000_000) {
    const last = Math.min(shape.events, first + 1_000_000 - 1);
    await db.query(
      `insert into activity_events (tenant_id, kind, cause_key, user_id, actor_id, occurred_at,
          local_day)
       select $1, e.kind, 'bench:' || e.g,
              case when e.kind = 'reaction_received' then ${memberId(skewedMember(shape.members))}
                   else ${memberId('e.member')} end,
              case when e.kind = 'reaction_received' then ${memberId('e.member')} end,
              e.at, (e.at at time zone 'Europe/Berlin')::date
         from (
           select g, ${skewedMember(shape.members)} as member, ${in2025} as at,
                  (array['daily_visit', 'daily_visit', 'daily_visit', 'daily_visit',
                         'daily_visit', 'comment_published', 'comment_published',
                         'reaction_received', 'reaction_received', 'post_published',
                         'challenge_step', 'answer_accepted'])[1 + (g::bigint * 7919) % 12] as kind
             from generate_series($2::int, $3::int) g
         ) e`,
      [tenantId, first, last],
    );
    progress(`  events ${last.toLocaleString('en')} / ${shape.events.toLocaleString('en')}`);
  }

  const [moderator] = await db.query<{ id: string }>(
    `select id from users where tenant_id = $1 and role = 'moderator' order by id limit 1`,
    [tenantId],
  );
  const moderatorId = moderator!.id;
  // Checks: 95% allowed, 4% held (a moderator decides 90% of them), 1% rejected.
  for (let first = 1; first <= shape.checks; first += 1_000_000) {
    const last = Math.min(shape.checks, first + 1_000_000 - 1);
    await db.query(
      `insert into moderation_checks (id, tenant_id, item_type, item_id, author_id, fingerprint,
          scores, decision, policy_decision, model_version, latency_ms, created_at,
          final_decision, decided_at, decided_by)
       select ${checkId('c.g')}, $1, 'post', gen_random_uuid(), ${memberId('c.member')},
              'f' || c.g, '{}', c.decision, c.decision, 'bench', 3, c.at,
              case c.decision when 'allow' then 'allow' when 'reject' then 'reject'
                   else case when c.g % 10 <> 0 then 'allow' end end,
              case when c.decision <> 'hold' then c.at
                   when c.g % 10 <> 0 then c.at + interval '2 hours' end,
              case when c.decision = 'hold' and c.g % 10 <> 0 then $4::uuid end
         from (
           select g, ${skewedMember(shape.members)} as member, ${in2025} as at,
                  case when g % 100 < 95 then 'allow' when g % 100 < 99 then 'hold'
                       else 'reject' end as decision
             from generate_series($2::int, $3::int) g
         ) c`,
      [tenantId, first, last, moderatorId],
    );
    progress(`  checks ${last.toLocaleString('en')} / ${shape.checks.toLocaleString('en')}`);
  }
  // The held checks' review items, and an audit sample of one automatic decision in 400.
  await db.query(
    `insert into review_items (tenant_id, kind, item_type, item_id, check_id, author_id, severity,
        due_at, status, decision, resolved_by, resolved_at, created_at)
     select c.tenant_id, case when c.decision = 'hold' then 'held' else 'audit' end, 'post',
            c.item_id, c.id, c.author_id, 0.5, c.created_at + interval '1 day',
            case when c.decided_by is not null or c.decision <> 'hold' then 'resolved'
                 else 'open' end,
            case when c.decided_by is not null or c.decision <> 'hold'
                 then case when c.final_decision = 'reject' and c.fingerprint not like '%7'
                           then 'reject' else 'approve' end end,
            case when c.decided_by is not null or c.decision <> 'hold' then $2::uuid end,
            case when c.decided_by is not null or c.decision <> 'hold'
                 then c.created_at + interval '2 hours' end,
            c.created_at
       from moderation_checks c
      where c.tenant_id = $1
        and (c.decision = 'hold' or (c.decided_by is null and hashtext(c.fingerprint) % 400 = 0))`,
    [tenantId, moderatorId],
  );

  // One program; every hundredth member an ambassador since 2024, one in five leaving in 2025.
  const [program] = await db.query<{ id: string }>(
    `insert into ambassador_programs (tenant_id, name, weights) values ($1, 'Bench program', '{}')
     returning id`,
    [tenantId],
  );
  const programId = program!.id;
  await db.query(
    `insert into ambassadors (tenant_id, program_id, user_id, state, source)
     select $1, $2, ${memberId('g')},
            case when g % 500 = 5 then 'alumni' else 'active' end, 'manual'
       from generate_series(1, $3::int) g where g % 100 = 5`,
    [tenantId, programId, shape.members],
  );
  await db.query(
    `insert into ambassador_transitions (tenant_id, ambassador_id, to_state, actor_kind, at)
     select a.tenant_id, a.id, 'active', 'manager',
            timestamptz '2024-01-01 00:00+00' + random() * interval '540 days'
       from ambassadors a where a.program_id = $1`,
    [programId],
  );
  await db.query(
    `insert into ambassador_transitions (tenant_id, ambassador_id, to_state, actor_kind, at)
     select a.tenant_id, a.id, 'alumni', 'manager', ${in2025}
       from ambassadors a where a.program_id = $1 and a.state = 'alumni'`,
    [programId],
  );
  await db.query(
    `insert into member_activity (tenant_id, user_id, kind, cause_key, own, occurred_at,
        local_day)
     select a.tenant_id, a.user_id, 'mission_approved', 'bench:' || a.id || ':' || n, true, m.at,
            (m.at at time zone 'Europe/Berlin')::date
       from ambassadors a cross join generate_series(1, 4) n
       cross join lateral (select ${in2025} as at, a.id as ambassador) m
      where a.program_id = $1 and (hashtext(a.id::text || n) % 3) <> 0`,
    [programId],
  );
  await db.query(
    `insert into content_submissions (tenant_id, program_id, author_id, status,
        first_submitted_at, version_submitted_at, due_at, first_decision, first_decided_at,
        first_decision_automatic, decided_at)
     select a.tenant_id, a.program_id, a.user_id, 'approved', s.at, s.at,
            s.at + interval '2 days', 'approve', s.at + s.wait, s.automatic, s.at + s.wait
       from ambassadors a cross join generate_series(1, 2) n
       cross join lateral (select ${in2025} as at, random() < 0.3 as automatic,
                                  random() * interval '30 hours' as wait, a.id as ambassador) s
      where a.program_id = $1`,
    [programId],
  );

  // Customers with orders over 2024 and 2025; the members among them joined early in 2025.
  await db.query(
    `insert into customers (id, tenant_id, external_id, region_code, source, created_at)
     select ${customerId('g')}, $1, 'c' || g, (array['DE', 'ES', 'FR', 'GB', 'NL'])[1 + (g / 5) % 5],
            'bench', timestamptz '2024-01-01 00:00+00'
       from generate_series(1, $2::int) g`,
    [tenantId, shape.customers],
  );
  await db.query(
    `insert into orders (id, tenant_id, external_id, customer_id, kind, placed_at, currency,
        total_minor, source)
     select gen_random_uuid(), $1, 'o' || g, ${customerId(`(1 + (g::bigint * 7919) % $3::int)::int`)}, 'sale',
            timestamptz '2024-01-01 00:00+00' + random() * interval '720 days', 'EUR',
            1000 + (random() * 9000)::int, 'bench'
       from generate_series(1, $2::int) g`,
    [tenantId, shape.orders, shape.customers],
  );
  // One customer in five is a member who joined in the first quarter of 2025.
  await db.query(
    `insert into member_customer_links (tenant_id, user_id, customer_id, rule, linked_at)
     select $1, ${memberId(`(${Math.floor(shape.members * 0.7)} + g)`)}, ${customerId('g')},
            'explicit', timestamptz '2025-01-15 00:00+00'
       from generate_series(1, $2::int) g where g % 5 = 0`,
    [tenantId, shape.customers],
  );
  await db.query(
    `update users set created_at = timestamptz '2025-01-01 00:00+00'
                                   + (hashtext(id::text) & 65535) * interval '1 minute'
      where id in (select user_id from member_customer_links where tenant_id = $1)`,
    [tenantId],
  );

  // A year of program costs.
  await db.query(
    `insert into program_costs (tenant_id, month, category, amount_minor, currency)
     select $1, (date '2025-01-01' + (m || ' months')::interval)::date, c, 500000, 'EUR'
       from generate_series(0, 11) m,
            unnest(array['platform', 'staff', 'rewards', 'incentives', 'moderation']) c`,
    [tenantId],
  );
  return { programId, moderatorId };
}
