/**
 * The rollout plan (docs/PROGRAM.md): five phases, each with its deliverables and success
 * criteria. A measured criterion is read from live data and compared with its target (a default
 * here, or a manager's); a manual one is checked off by a manager. A phase is complete when
 * every one of its criteria is met.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import type { Scope } from '../metrics/period.js';
import { monthsEndingAt, type MetricReader } from './kpi-metrics.js';

export interface PlanContext {
  tx: Orm;
  reader: MetricReader;
  /** The month the monthly figures are read up to, `YYYY-MM`. */
  asOf: string;
}

export type PlanUnit = 'count' | 'fraction' | 'hours' | 'ratio';

export interface MeasuredCriterion {
  key: string;
  kind: 'measured';
  title: string;
  /** How it is measured, in one sentence. */
  measure: string;
  comparison: 'at_least' | 'at_most';
  defaultTarget: number;
  unit: PlanUnit;
  /** The observed value; null when there is nothing to observe (never met). */
  observe: (ctx: PlanContext) => Promise<number | null>;
}

export interface ManualCriterion {
  key: string;
  kind: 'manual';
  title: string;
  measure: string;
}

export type Criterion = MeasuredCriterion | ManualCriterion;

export interface Phase {
  key: string;
  name: string;
  deliverables: readonly string[];
  criteria: readonly Criterion[];
}

const ALL: Scope = { regionId: null, regionCode: null, segmentId: null, segmentKey: null };

async function count(tx: Orm, statement: ReturnType<typeof sql>): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(tx, statement);
  return Number(row?.n ?? 0);
}

/** The three months ending with the plan's month. */
const lastThree = (ctx: PlanContext) => monthsEndingAt(ctx.asOf, 3);

export const PHASES: readonly Phase[] = [
  {
    key: 'discovery',
    name: 'Discovery and platform selection',
    deliverables: [
      'Program goals with KPIs, owners and due dates',
      'A baseline maturity assessment',
      'Regions and customer segments set up',
      'A program budget entered as monthly costs',
      'Platform chosen and signed off by the sponsor',
    ],
    criteria: [
      {
        key: 'goals_with_kpis',
        kind: 'measured',
        title: 'Goals with KPIs are written down',
        measure: 'Program goals (not dropped) that have at least one KPI.',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) =>
          count(
            tx,
            sql`select count(*)::int as n from program_goals g where g.status <> 'dropped'
                  and exists (select 1 from program_kpis k where k.goal_id = g.id)`,
          ),
      },
      {
        key: 'baseline_assessment',
        kind: 'measured',
        title: 'A baseline maturity assessment is done',
        measure: 'Maturity assessments submitted.',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) => count(tx, sql`select count(*)::int as n from program_assessments`),
      },
      {
        key: 'segments_defined',
        kind: 'measured',
        title: 'Customer segments are defined',
        measure: 'Segments of the community.',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) => count(tx, sql`select count(*)::int as n from segments`),
      },
      {
        key: 'budget_entered',
        kind: 'measured',
        title: 'The program budget is entered',
        measure: 'Program cost entries not removed.',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) =>
          count(tx, sql`select count(*)::int as n from program_costs where removed_at is null`),
      },
      {
        key: 'platform_signed_off',
        kind: 'manual',
        title: 'Platform selection signed off by the sponsor',
        measure: 'Checked off by a manager.',
      },
    ],
  },
  {
    key: 'integration',
    name: 'Integration and AI enablement',
    deliverables: [
      'Customer and order data imported from the CRM',
      'A live integration source sending signed webhooks',
      'A moderation policy enforced',
      'The moderation model trained on the community’s own decisions and live',
      'Moderators trained on the review queue',
    ],
    criteria: [
      {
        key: 'customer_data_imported',
        kind: 'measured',
        title: 'Customer data imported',
        measure: 'Import jobs (not dry runs) that succeeded.',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) =>
          count(
            tx,
            sql`select count(*)::int as n from import_jobs
                 where status = 'succeeded' and not dry_run`,
          ),
      },
      {
        key: 'integration_connected',
        kind: 'measured',
        title: 'A live integration is connected',
        measure: 'Enabled integration sources (signed inbound webhooks).',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) =>
          count(tx, sql`select count(*)::int as n from integration_sources where enabled`),
      },
      {
        key: 'moderation_policy_enforced',
        kind: 'measured',
        title: 'A moderation policy is enforced',
        measure: 'Moderation policies in enforce mode (tenant, region or space).',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) =>
          count(tx, sql`select count(*)::int as n from moderation_policies where mode = 'enforce'`),
      },
      {
        key: 'moderation_model_live',
        kind: 'measured',
        title: 'Moderation model trained and live',
        measure: 'Moderation model versions trained by the tenant with status live.',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) =>
          count(tx, sql`select count(*)::int as n from moderation_models where status = 'live'`),
      },
      {
        key: 'moderators_trained',
        kind: 'manual',
        title: 'Moderators trained on the review queue',
        measure: 'Checked off by a manager.',
      },
    ],
  },
  {
    key: 'recruitment',
    name: 'Ambassador recruitment and onboarding',
    deliverables: [
      'An ambassador program with its scoring weights',
      'The consent notice for ambassador scoring published',
      'A contract template published',
      'The first ambassadors active',
      'Onboarding material and disclosure training ready',
    ],
    criteria: [
      {
        key: 'scoring_consent_notice',
        kind: 'measured',
        title: 'Consent notice for ambassador scoring published',
        measure: 'Published versions of the ambassador-scoring consent notice.',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) =>
          count(
            tx,
            sql`select count(*)::int as n from consent_notices
                 where purpose = 'ambassador_scoring'`,
          ),
      },
      {
        key: 'contract_template_published',
        kind: 'measured',
        title: 'A contract template is published',
        measure: 'Contract templates with status published.',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) =>
          count(
            tx,
            sql`select count(*)::int as n from contract_templates where status = 'published'`,
          ),
      },
      {
        key: 'ambassadors_active',
        kind: 'measured',
        title: 'Ambassadors are active',
        measure: 'Distinct members in the state active in any program.',
        comparison: 'at_least',
        defaultTarget: 10,
        unit: 'count',
        observe: ({ tx }) =>
          count(
            tx,
            sql`select count(distinct user_id)::int as n from ambassadors where state = 'active'`,
          ),
      },
      {
        key: 'onboarding_material_ready',
        kind: 'manual',
        title: 'Onboarding material and disclosure training ready',
        measure: 'Checked off by a manager.',
      },
    ],
  },
  {
    key: 'engagement',
    name: 'Engagement and optimisation',
    deliverables: [
      'A steady engagement rate',
      'Ambassador content approved within the SLA',
      'Challenges running',
      'Ambassadors retained',
      'Gamification tuned after the first review',
    ],
    criteria: [
      {
        key: 'engagement_rate_sustained',
        kind: 'measured',
        title: 'Engagement rate held for 3 months',
        measure:
          'The lowest monthly community engagement rate of the 3 months up to the plan’s month (null if a month has no members).',
        comparison: 'at_least',
        defaultTarget: 0.2,
        unit: 'fraction',
        observe: async (ctx) => {
          const series = await ctx.reader.series('engagement_rate', ALL, lastThree(ctx));
          const values = series.map((point) => point.value);
          return values.some((v) => v === null) ? null : Math.min(...(values as number[]));
        },
      },
      {
        key: 'content_approval_time',
        kind: 'measured',
        title: 'Content approved within 48 hours (median)',
        measure:
          'The highest monthly median of hours from submission to first decision over the 3 months up to the plan’s month, among months with decisions.',
        comparison: 'at_most',
        defaultTarget: 48,
        unit: 'hours',
        observe: async (ctx) => {
          const series = await ctx.reader.series(
            'content_approval_median_hours',
            ALL,
            lastThree(ctx),
          );
          const values = series.map((p) => p.value).filter((v): v is number => v !== null);
          return values.length === 0 ? null : Math.max(...values);
        },
      },
      {
        key: 'challenges_published',
        kind: 'measured',
        title: 'Challenges are running',
        measure: 'Challenges published (not drafts, not archived).',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) =>
          count(tx, sql`select count(*)::int as n from challenges where status = 'published'`),
      },
      {
        key: 'ambassador_retention',
        kind: 'measured',
        title: 'Ambassadors are retained',
        measure: 'The ambassador retention rate of the plan’s month.',
        comparison: 'at_least',
        defaultTarget: 0.7,
        unit: 'fraction',
        observe: (ctx) => ctx.reader.value('ambassador_retention_rate', ALL, ctx.asOf),
      },
      {
        key: 'gamification_reviewed',
        kind: 'manual',
        title: 'Gamification reviewed and tuned',
        measure: 'Checked off by a manager.',
      },
    ],
  },
  {
    key: 'scaling',
    name: 'Scaling and compliance',
    deliverables: [
      'Disclosure and contract rules enforced for every active ambassador',
      'Retention periods set for personal data',
      'Moderation cost reduced by automation',
      'Program ROI reported',
      'A second region or segment launched',
      'A data protection impact assessment',
    ],
    criteria: [
      {
        key: 'contracts_enforced',
        kind: 'measured',
        title: 'Disclosure and contract rules enforced',
        measure:
          'Share of active ambassadors holding a signed, current contract for their market (null with no active ambassador).',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'fraction',
        observe: async ({ tx }) => {
          const [row] = await sqlRows<{ active: number; covered: number }>(
            tx,
            sql`select count(*)::int as active,
                  count(*) filter (where exists (
                    select 1 from ambassador_contracts c
                      join contract_template_versions v on v.id = c.version_id
                      left join regions r on r.id = u.region_id
                     where c.user_id = a.user_id and c.status = 'signed'
                       and c.starts_at <= now() and c.ends_at > now()
                       and (v.all_markets or r.code = any(v.markets))))::int as covered
                from (select distinct user_id from ambassadors where state = 'active') a
                join users u on u.id = a.user_id`,
          );
          const active = Number(row?.active ?? 0);
          return active === 0 ? null : Number((Number(row!.covered) / active).toFixed(4));
        },
      },
      {
        key: 'retention_policies_set',
        kind: 'measured',
        title: 'Retention policies set',
        measure: 'Data categories with a retention period set by the tenant.',
        comparison: 'at_least',
        defaultTarget: 1,
        unit: 'count',
        observe: ({ tx }) => count(tx, sql`select count(*)::int as n from retention_policies`),
      },
      {
        key: 'moderation_cost_reduction',
        kind: 'measured',
        title: 'Moderation cost reduced',
        measure: 'Moderation cost reduction of the plan’s month.',
        comparison: 'at_least',
        defaultTarget: 0.5,
        unit: 'fraction',
        observe: (ctx) => ctx.reader.value('moderation_cost_reduction', ALL, ctx.asOf),
      },
      {
        key: 'program_roi',
        kind: 'measured',
        title: 'Program ROI at the industry’s 25th percentile or better',
        measure:
          'Program ROI over the 12 months up to the plan’s month (null without costs entered).',
        comparison: 'at_least',
        defaultTarget: 0.3,
        unit: 'ratio',
        observe: (ctx) => ctx.reader.periodRoi(monthsEndingAt(ctx.asOf, 12)),
      },
      {
        key: 'second_market',
        kind: 'measured',
        title: 'A second region launched',
        measure: 'Regions of the community.',
        comparison: 'at_least',
        defaultTarget: 2,
        unit: 'count',
        observe: ({ tx }) => count(tx, sql`select count(*)::int as n from regions`),
      },
      {
        key: 'dpia_done',
        kind: 'manual',
        title: 'Data protection impact assessment done',
        measure: 'Checked off by a manager.',
      },
    ],
  },
];

export function findCriterion(key: string): { phase: Phase; criterion: Criterion } | null {
  for (const phase of PHASES) {
    const criterion = phase.criteria.find((c) => c.key === key);
    if (criterion) {
      return { phase, criterion };
    }
  }
  return null;
}
