/**
 * The archive that answers an access or portability request (COMPLIANCE.md PRV-05): a zip of
 * JSON and CSV files holding one member's data, with a manifest.json listing each file, its
 * row count and when the archive was made.
 *
 * Only the requester's data goes in. Their own rows are read by their own id (their posts,
 * their comments, their reactions…); what others wrote about or to them (comments by others
 * on their posts, others' reactions) stays out. Columns naming staff (who granted a badge,
 * who decided a redemption) are dropped, and a last pass replaces any id of another member
 * left in a value (a followed member, a notification's sender) with `another-member`. Text
 * the member wrote themselves is exported as written, even where it names someone.
 *
 * `EXPORT_SECTIONS` and `EXCLUDED_TABLES` between them name every table holding a member's
 * rows; test/api/privacy-requests.test.ts fails when a migration adds one that neither names.
 */
import { sql, type SQL } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { memberLevel } from '../../gamification/achievements/levels.service.js';
import { streakFor } from '../../gamification/achievements/streaks.service.js';

type Row = Record<string, unknown>;

export interface ExportSection {
  /** Base name of the files: `<file>.json`, and `<file>.csv` unless `jsonOnly`. */
  file: string;
  /** The tables this section reads the member's rows from. */
  tables: readonly string[];
  rows(tx: Orm, userId: string): Promise<Row[]>;
  /** Nested values (scores with their features) that a CSV would flatten badly. */
  jsonOnly?: boolean;
}

/** Columns never exported, whichever table they are in. */
const ALWAYS_DROPPED = ['tenant_id'];

/**
 * The rows of `query` as JSON objects, without the `drop`ped columns. Whole rows are read, so
 * a column added to a table later is exported without a change here.
 */
async function rowsOf(tx: Orm, query: SQL, drop: readonly string[] = []): Promise<Row[]> {
  const dropped = `{${[...ALWAYS_DROPPED, ...drop].join(',')}}`;
  const rows = await sqlRows<{ r: Row }>(
    tx,
    sql`select to_jsonb(t) - ${dropped}::text[] as r from (${query}) t`,
  );
  return rows.map((row) => (typeof row.r === 'string' ? (JSON.parse(row.r) as Row) : row.r));
}

const section = (
  file: string,
  tables: readonly string[],
  query: (userId: string) => SQL,
  drop: readonly string[] = [],
  jsonOnly = false,
): ExportSection => ({
  file,
  tables,
  jsonOnly,
  rows: (tx, userId) => rowsOf(tx, query(userId), drop),
});

/** The member's customer records, through identity links in force. */
const linkedCustomers = (userId: string) =>
  sql`select customer_id from member_customer_links
       where user_id = ${userId} and unlinked_at is null`;

const ownAmbassadorPlaces = (userId: string) =>
  sql`select id from ambassadors where user_id = ${userId}`;

/** Every file of the archive but the manifest, in the order written. */
export const EXPORT_SECTIONS: readonly ExportSection[] = [
  section(
    'profile',
    ['users', 'user_segments'],
    (u) =>
      sql`select u.*, r.code as region_code, r.name as region_name,
                 (select coalesce(array_agg(s.key order by s.key), '{}') from user_segments us
                    join segments s on s.id = us.segment_id where us.user_id = u.id) as segments
            from users u left join regions r on r.id = u.region_id where u.id = ${u}`,
    ['password_hash', 'username_key', 'search_vector'],
  ),
  section(
    'sessions',
    ['sessions'],
    (u) => sql`select * from sessions where user_id = ${u} order by created_at`,
    ['token_hash', 'csrf_token'],
  ),
  section(
    'api_tokens',
    ['api_tokens'],
    (u) => sql`select * from api_tokens where created_by = ${u} order by created_at`,
    ['token_hash'],
  ),
  section(
    'spaces',
    ['space_members'],
    (u) =>
      sql`select s.slug, s.name, m.created_at as joined_at from space_members m
            join spaces s on s.id = m.space_id where m.user_id = ${u} order by m.created_at`,
  ),
  section(
    'posts',
    ['posts'],
    (u) => sql`select * from posts where author_id = ${u} order by created_at`,
    ['search_vector', 'body_html'],
  ),
  section(
    'post_revisions',
    ['post_revisions'],
    (u) =>
      sql`select * from post_revisions
           where post_id in (select id from posts where author_id = ${u}) order by created_at`,
    ['editor_id'],
  ),
  section(
    'comments',
    ['comments'],
    (u) => sql`select * from comments where author_id = ${u} order by created_at`,
    ['body_html'],
  ),
  section(
    'comment_revisions',
    ['comment_revisions'],
    (u) =>
      sql`select * from comment_revisions
           where comment_id in (select id from comments where author_id = ${u})
           order by created_at`,
    ['editor_id'],
  ),
  section(
    'reactions',
    ['reactions'],
    (u) => sql`select * from reactions where user_id = ${u} order by created_at`,
  ),
  section(
    'follows',
    ['follows'],
    (u) => sql`select * from follows where user_id = ${u} order by created_at`,
  ),
  section(
    'notifications',
    ['notifications'],
    (u) => sql`select * from notifications where user_id = ${u} order by created_at`,
    ['actor_id'],
  ),
  section(
    'emails',
    ['outbound_emails'],
    (u) =>
      sql`select id, kind, to_address, created_at, sent_at from outbound_emails
           where user_id = ${u} order by created_at`,
  ),
  section(
    'ledger',
    ['ledger_entries'],
    (u) => sql`select * from ledger_entries where user_id = ${u} order by id`,
    ['created_by'],
  ),
  section(
    'points_balance',
    ['point_balances', 'point_lots'],
    (u) =>
      sql`select b.*, (select coalesce(jsonb_agg(to_jsonb(l) - 'tenant_id' order by l.entry_id),
                                       '[]') from point_lots l where l.user_id = b.user_id) as lots
            from point_balances b where b.user_id = ${u}`,
  ),
  section(
    'activity',
    ['activity_events', 'activity_awards'],
    (u) =>
      sql`select e.*, (select coalesce(sum(a.points), 0) from activity_awards a
                        where a.event_id = e.id and a.user_id = e.user_id) as points_awarded
            from activity_events e where e.user_id = ${u} order by e.occurred_at`,
    ['actor_id'],
  ),
  section(
    'activity_days',
    ['member_activity'],
    (u) => sql`select * from member_activity where user_id = ${u} order by occurred_at`,
  ),
  {
    file: 'streaks',
    tables: [],
    rows: async (tx, userId) => [{ ...(await streakFor(tx, userId)) }],
  },
  section(
    'badges',
    ['user_badges'],
    (u) =>
      sql`select ub.*, b.key as badge_key, b.name as badge_name from user_badges ub
            join badges b on b.id = ub.badge_id where ub.user_id = ${u} order by ub.granted_at`,
    ['granted_by', 'revoked_by'],
  ),
  {
    file: 'levels',
    tables: ['user_level_notices'],
    rows: async (tx, userId) => {
      const reached = await rowsOf(
        tx,
        sql`select l.name, l.min_points, n.reached_at from user_level_notices n
              join levels l on l.id = n.level_id where n.user_id = ${userId}
              order by n.reached_at`,
      );
      const now = await memberLevel(tx, userId);
      return [
        ...reached,
        {
          name: now.level?.name ?? null,
          min_points: now.level?.minPoints ?? null,
          reached_at: null,
          current: true,
          lifetime_points: now.lifetimePoints,
        },
      ];
    },
  },
  section(
    'challenge_entries',
    ['challenge_participants', 'challenge_step_progress'],
    (u) =>
      sql`select p.*, c.title as challenge_title,
                 (select coalesce(jsonb_agg(to_jsonb(s) - 'tenant_id' - 'user_id'
                                            order by s.occurred_at), '[]')
                    from challenge_step_progress s
                   where s.user_id = p.user_id and s.challenge_id = p.challenge_id) as steps
            from challenge_participants p join challenges c on c.id = p.challenge_id
           where p.user_id = ${u} order by p.joined_at`,
  ),
  section(
    'redemptions',
    ['reward_redemptions', 'reward_codes'],
    (u) =>
      sql`select rr.*, rw.name as reward_name,
                 (select array_agg(c.code order by c.created_at) from reward_codes c
                   where c.redemption_id = rr.id) as codes
            from reward_redemptions rr join rewards rw on rw.id = rr.reward_id
           where rr.user_id = ${u} order by rr.created_at`,
    ['decided_by', 'fulfilled_by', 'cancelled_by'],
  ),
  section(
    'leaderboards',
    ['leaderboard_preferences', 'leaderboard_scores'],
    (u) =>
      sql`select 'preference' as kind, null::bigint as board_id, opted_out, null::float8 as score
            from leaderboard_preferences where user_id = ${u}
          union all
          select 'score', board_id, null, score from leaderboard_scores where user_id = ${u}`,
  ),
  section(
    'consents',
    ['consents'],
    (u) =>
      sql`select c.*, n.body as notice_text from consents c
            join consent_notices n on n.id = c.notice_id
           where c.user_id = ${u} order by c.granted_at`,
  ),
  section(
    'customer_links',
    ['member_customer_links'],
    (u) => sql`select * from member_customer_links where user_id = ${u} order by linked_at`,
    ['linked_by', 'unlinked_by'],
  ),
  section(
    'crm_customers',
    ['customers'],
    (u) => sql`select * from customers where id in (${linkedCustomers(u)})`,
    ['email_key'],
  ),
  section(
    'crm_orders',
    ['orders', 'order_lines'],
    (u) =>
      sql`select o.*, (select coalesce(jsonb_agg(to_jsonb(l) - 'tenant_id' order by l.line_key),
                                       '[]') from order_lines l where l.order_id = o.id) as lines
            from orders o where o.customer_id in (${linkedCustomers(u)}) order by o.placed_at`,
  ),
  section(
    'loyalty_accounts',
    ['loyalty_accounts'],
    (u) => sql`select * from loyalty_accounts where customer_id in (${linkedCustomers(u)})`,
  ),
  section(
    'loyalty_events',
    ['loyalty_events'],
    (u) =>
      sql`select * from loyalty_events where account_id in
            (select id from loyalty_accounts where customer_id in (${linkedCustomers(u)}))
           order by occurred_at`,
  ),
  section(
    'social_profiles',
    ['social_profiles'],
    (u) => sql`select * from social_profiles where user_id = ${u}`,
    ['handle_key'],
  ),
  section(
    'social_mentions',
    ['mentions'],
    (u) =>
      sql`select * from mentions
           where profile_id in (select id from social_profiles where user_id = ${u})
           order by posted_at`,
  ),
  section(
    'ambassador_programs',
    ['ambassadors', 'ambassador_transitions'],
    (u) =>
      sql`select a.*, p.name as program_name,
                 (select coalesce(jsonb_agg(jsonb_build_object('from', t.from_state,
                           'to', t.to_state, 'by', t.actor_kind, 'reason', t.reason, 'at', t.at)
                           order by t.id), '[]')
                    from ambassador_transitions t where t.ambassador_id = a.id) as history
            from ambassadors a join ambassador_programs p on p.id = a.program_id
           where a.user_id = ${u} order by a.created_at`,
  ),
  section(
    'ambassador_score',
    ['ambassador_scores'],
    (u) =>
      sql`select s.program_id, p.name as program_name, s.score, s.inputs as features,
                 s.contributions, s.reasons, s.exclusions, s.as_of, s.computed_at,
                 s.run_id, coalesce(r.finished_at, s.computed_at) as run_date
            from ambassador_scores s join ambassador_programs p on p.id = s.program_id
            left join ambassador_score_runs r on r.id = s.run_id
           where s.user_id = ${u} order by s.computed_at`,
    [],
    true,
  ),
  section(
    'ambassador_score_reviews',
    ['ambassador_score_reviews'],
    (u) => sql`select * from ambassador_score_reviews where user_id = ${u} order by requested_at`,
    ['resolved_by'],
  ),
  section(
    'ambassador_opt_outs',
    ['ambassador_opt_outs'],
    (u) => sql`select * from ambassador_opt_outs where user_id = ${u}`,
  ),
  section(
    'ambassador_onboarding',
    ['ambassador_agreement_signatures', 'ambassador_quiz_attempts', 'ambassador_reminders'],
    (u) =>
      sql`select 'agreement_signature' as kind, ambassador_id, signed_at as at,
                 jsonb_build_object('version', version, 'sha256', body_sha256, 'ip', ip,
                                    'userAgent', user_agent) as details
            from ambassador_agreement_signatures where ambassador_id in (${ownAmbassadorPlaces(u)})
          union all
          select 'quiz_attempt', ambassador_id, attempted_at,
                 jsonb_build_object('answers', answers, 'wrong', wrong, 'correct', correct,
                                    'passed', passed)
            from ambassador_quiz_attempts where ambassador_id in (${ownAmbassadorPlaces(u)})
          union all
          select 'reminder', ambassador_id, sent_at,
                 jsonb_build_object('kind', kind, 'round', round, 'emailed', emailed)
            from ambassador_reminders where ambassador_id in (${ownAmbassadorPlaces(u)})`,
  ),
  section(
    'ambassador_missions',
    ['ambassador_assignments', 'ambassador_submissions'],
    (u) =>
      sql`select a.*, m.title as mission_title, m.kind as mission_kind,
                 (select coalesce(jsonb_agg(to_jsonb(s) - 'tenant_id' - 'decided_by'
                                            order by s.version), '[]')
                    from ambassador_submissions s where s.assignment_id = a.id) as evidence
            from ambassador_assignments a join ambassador_missions m on m.id = a.mission_id
           where a.user_id = ${u} order by a.assigned_at`,
    ['assigned_by'],
  ),
  section(
    'ambassador_contracts',
    ['ambassador_contracts', 'contract_reminders'],
    (u) =>
      sql`select c.*, v.title as contract_title, v.version as contract_version,
                 (select coalesce(jsonb_agg(jsonb_build_object('daysBefore', r.days_before,
                           'emailed', r.emailed, 'sentAt', r.sent_at) order by r.sent_at), '[]')
                    from contract_reminders r where r.contract_id = c.id) as reminders
            from ambassador_contracts c join contract_template_versions v on v.id = c.version_id
           where c.user_id = ${u} order by c.offered_at`,
    ['offered_by', 'ended_by'],
  ),
  section(
    'reviews',
    ['reviews'],
    (u) => sql`select * from reviews where author_id = ${u} order by created_at`,
    ['removed_by', 'check_id'],
  ),
  section(
    'content_submissions',
    [
      'content_submissions',
      'content_versions',
      'content_decisions',
      'content_rights',
      'content_uses',
    ],
    (u) =>
      sql`select s.*,
                 (select coalesce(jsonb_agg(to_jsonb(v) - '{tenant_id,created_by}'::text[]
                                            order by v.version), '[]')
                    from content_versions v where v.submission_id = s.id) as versions,
                 (select coalesce(jsonb_agg(to_jsonb(d) - '{tenant_id,decided_by}'::text[]
                                            order by d.decided_at), '[]')
                    from content_decisions d where d.submission_id = s.id) as decisions,
                 (select coalesce(jsonb_agg((to_jsonb(r) - '{tenant_id,created_by}'::text[])
                           || jsonb_build_object('uses', (
                                select coalesce(jsonb_agg(to_jsonb(x) - '{tenant_id,recorded_by}'::text[]
                                                          order by x.used_on), '[]')
                                  from content_uses x where x.rights_id = r.id))
                         order by r.created_at), '[]')
                    from content_rights r where r.submission_id = s.id) as rights
            from content_submissions s where s.author_id = ${u} order by s.first_submitted_at`,
    ['decided_by', 'review_item_id'],
    true,
  ),
  section(
    'content_uploads',
    ['content_uploads'],
    (u) =>
      sql`select id, media_type, byte_size, width, height, sha256, display_name, created_at
            from content_uploads where owner_id = ${u} order by created_at`,
  ),
  section(
    'ambassador_surveys',
    ['ambassador_survey_invitations', 'ambassador_survey_responses'],
    (u) =>
      sql`select i.survey_id, v.title as survey_title, i.state as invitation_state,
                 i.invited_at, r.answers, r.sentiments, r.nps, r.submitted_at
            from ambassador_survey_invitations i
            join ambassador_surveys v on v.id = i.survey_id
            left join ambassador_survey_responses r
              on r.survey_id = i.survey_id and r.user_id = i.user_id
           where i.user_id = ${u}
          union all
          select r.survey_id, v.title, null, null, r.answers, r.sentiments, r.nps, r.submitted_at
            from ambassador_survey_responses r join ambassador_surveys v on v.id = r.survey_id
           where r.user_id = ${u} and not exists (select 1 from ambassador_survey_invitations i
                   where i.survey_id = r.survey_id and i.user_id = r.user_id)`,
  ),
  section(
    'moderation_decisions',
    ['moderation_checks', 'review_items'],
    (u) =>
      sql`select 'automatic_check' as kind, c.item_type, c.item_id, c.decision,
                 coalesce(c.final_decision, c.decision) as final_decision, c.reason_code,
                 c.author_message as message, c.created_at, c.decided_at
            from moderation_checks c where c.author_id = ${u}
          union all
          select 'review', r.item_type, r.item_id, r.status, r.decision, r.reason_code,
                 r.decision_reason, r.created_at, r.resolved_at
            from review_items r where r.author_id = ${u}
          order by created_at`,
  ),
  section(
    'privacy_requests',
    ['privacy_requests'],
    (u) =>
      sql`select id, regime, kind, status, channel, note, received_at, due_at, acknowledged_at,
                 extended_at, extension_reason, identity_verified_at, refusal_reason, closed_at
            from privacy_requests where user_id = ${u} order by received_at`,
  ),
];

/**
 * Tables holding a member's rows that the export leaves out on purpose, and why. Tables whose
 * only reference to a member is the staff member who configured or decided something are
 * listed as such: they describe the work of staff, not the member as a data subject.
 */
export const EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  password_resets: 'one-time secret tokens, valid for an hour; nothing about the member',
  email_verifications: 'one-time secret tokens; the verification time is in profile.json',
  idempotent_requests: 'technical keys that stop a request being applied twice',
  privacy_exports: 'the archives themselves',
  privacy_request_reminders: 'warnings to admins about deadlines; the request is exported',
  erasures: 'the proof that a member was erased, written once nothing of theirs is left',
  retention_notices: 'when an inactive account was told it would be erased (sent by e-mail)',
  review_settings: 'staff authorship (the review hub title)',
  content_program_settings: 'staff authorship (review deadlines and brand rules per program)',
  content_rights_reminders:
    'reminders to managers before usage rights end; the rights are exported',
  privacy_settings: 'staff authorship (the age gate)',
  analytics_member_days:
    'daily counts derived from the activity exported in activity.json, for the dashboards',
  analytics_member_months: 'monthly counts derived from the same activity, for the dashboards',
  analytics_settings: 'staff authorship (margins and costs for the ROI)',
  program_costs: 'staff authorship (program costs entered by managers)',
  analytics_lift_runs: 'staff authorship (retention lift runs over groups of customers)',
  retention_policies: 'staff authorship (retention periods)',
  program_goals: 'staff authorship (program goals and their owners)',
  program_assessments: 'staff authorship (maturity assessments submitted by managers)',
  program_plan_criteria: 'staff authorship (rollout plan targets and check-offs)',
  program_expansions: 'staff authorship (expansions to a new region or segment)',
  analytics_report_schedules: 'staff authorship (ROI report schedules and their staff recipients)',
  analytics_reports: 'program records (ROI reports of aggregate figures, who asked for them)',
  member_risk_flags:
    'anti-abuse flags (points farming, fraud): withheld while they serve fraud prevention; ' +
    'a privacy admin can disclose them by hand',
  gaming_finding_members: 'anti-abuse findings, as member_risk_flags',
  audit_log: 'the security record of privileged actions, kept for accountability',
  // staff authorship
  ambassador_agreements: 'staff authorship (who published an agreement)',
  ambassador_iterations: 'staff authorship (the program iteration log)',
  ambassador_missions: 'staff authorship; missions assigned to the member are exported',
  ambassador_programs: 'staff authorship; the member’s places in programs are exported',
  ambassador_score_runs: 'staff authorship; the member’s scores and run dates are exported',
  ambassador_surveys: 'staff authorship; the member’s invitations and answers are exported',
  ambassador_templates: 'staff authorship (e-mail templates)',
  contract_templates:
    'staff authorship; the member’s contracts, with their text version, are exported',
  contract_template_versions: 'staff authorship; as contract_templates',
  badges: 'staff authorship; the member’s badges are exported',
  challenges: 'staff authorship; the member’s entries are exported',
  consent_notices: 'staff authorship; each consent row carries its notice, text and hash',
  data_category_purposes: 'staff authorship (purpose settings)',
  import_jobs: 'staff authorship (imports run)',
  integration_sources: 'staff authorship (partner connections)',
  moderation_labels: 'staff authorship (training labels)',
  moderation_models: 'staff authorship (model versions)',
  moderation_policies: 'staff authorship (policies)',
  point_backfills: 'staff authorship (rule backfills)',
  point_rule_versions: 'staff authorship (rule history)',
  point_rules: 'staff authorship (point rules)',
  points_settings: 'staff authorship (settings)',
  privacy_request_settings: 'staff authorship (settings)',
  reward_settings: 'staff authorship (settings)',
  rewards: 'staff authorship; the member’s redemptions are exported',
  webhook_endpoints: 'staff authorship (partner endpoints)',
  gaming_findings: 'staff authorship (who cleared a finding)',
};

/** Every table the export reads a member's rows from. */
export function exportedTables(): Set<string> {
  return new Set(EXPORT_SECTIONS.flatMap((s) => s.tables));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function collectIds(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(UUID)) {
      into.add(match[0].toLowerCase());
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => collectIds(item, into));
  } else if (value !== null && typeof value === 'object') {
    Object.values(value).forEach((item) => collectIds(item, into));
  }
}

/** Standing in for another member's id wherever one is found. */
export const ANOTHER_MEMBER = 'another-member';

function scrub(value: unknown, others: ReadonlySet<string>): unknown {
  if (typeof value === 'string') {
    return value.replace(UUID, (id) => (others.has(id.toLowerCase()) ? ANOTHER_MEMBER : id));
  }
  if (Array.isArray(value)) {
    return value.map((item) => scrub(item, others));
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, others)]));
  }
  return value;
}

/** The ids among `ids` that are members other than `userId`. */
async function otherMembers(tx: Orm, userId: string, ids: Set<string>): Promise<Set<string>> {
  ids.delete(userId);
  if (ids.size === 0) {
    return new Set();
  }
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`select id::text as id from users
         where id = any(string_to_array(${[...ids].join(',')}, ',')::uuid[])`,
  );
  return new Set(rows.map((r) => r.id));
}

/** One CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  let text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? value.toString()
        : JSON.stringify(value);
  if (typeof value === 'string' && /^[=+@\t\r]|^-(?![\d.])/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV with a header of every column any row has, in the order first seen. */
export function toCsv(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) {
    lines.push(columns.map((column) => csvCell(row[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface ExportFile {
  file: string;
  rows: number;
}

export interface BuiltExport {
  archive: Uint8Array;
  files: ExportFile[];
  generatedAt: Date;
}

/** Reads every section for `userId` and zips it, with manifest.json last. */
export async function buildExport(
  tx: Orm,
  userId: string,
  context: { requestId: string; generatedAt: Date },
): Promise<BuiltExport> {
  const read: { section: ExportSection; rows: Row[] }[] = [];
  for (const s of EXPORT_SECTIONS) {
    read.push({ section: s, rows: await s.rows(tx, userId) });
  }
  const ids = new Set<string>();
  read.forEach((r) => collectIds(r.rows, ids));
  const others = await otherMembers(tx, userId, ids);

  const entries: Record<string, Uint8Array> = {};
  const files: ExportFile[] = [];
  for (const { section: s, rows } of read) {
    const clean = rows.map((row) => scrub(row, others) as Row);
    const json = s.file === 'profile' ? (clean[0] ?? null) : clean;
    entries[`${s.file}.json`] = strToU8(`${JSON.stringify(json, null, 2)}\n`);
    files.push({ file: `${s.file}.json`, rows: clean.length });
    if (!s.jsonOnly) {
      entries[`${s.file}.csv`] = strToU8(toCsv(clean));
      files.push({ file: `${s.file}.csv`, rows: clean.length });
    }
  }
  const manifest = {
    subject: userId,
    request: context.requestId,
    generatedAt: context.generatedAt.toISOString(),
    format:
      'Each JSON file holds an array of rows (profile.json one object); each CSV file the ' +
      'same rows with nested values as JSON. Ids of other members read "another-member".',
    files,
  };
  entries['manifest.json'] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  const archive = zipSync(entries, { level: 6, mtime: context.generatedAt });
  return { archive, files, generatedAt: context.generatedAt };
}
