/**
 * The program layer of analytics under /api/v1/analytics/program (docs/PROGRAM.md): goals and
 * KPIs read against live data, the maturity assessment, the rollout plan and expansion to a new
 * region or segment. Managers and admins read (`analytics:read`) and change
 * (`analytics:manage`); every change is written to the audit log in the same transaction.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { actorIdOf } from '../../core/http/request-context.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import { MARKETS } from '../../compliance/disclosure/markets.js';
import type { AnalyticsDeps } from '../analytics.js';
import { MONTH_PATTERN } from '../metrics/period.js';
import { readAnalyticsSettings } from '../roi/settings.service.js';
import {
  getAssessment,
  latestAssessment,
  listAssessments,
  submitAssessment,
  type Assessment,
} from './assessments.service.js';
import {
  expand,
  listExpansions,
  recordExpansion,
  type ExpansionSummary,
} from './expansion.service.js';
import {
  DIRECTIONS,
  GOAL_STATUSES,
  MAX_KPIS,
  createGoal,
  deleteGoal,
  getGoal,
  goalValues,
  listGoals,
  readGoal,
  updateGoal,
  type GoalView,
} from './goals.service.js';
import { KPI_METRICS, KPI_METRIC_NAMES, MetricReader, lastCompleteMonth } from './kpi-metrics.js';
import {
  DIMENSIONS,
  DIMENSION_NAMES,
  LEVELS,
  QUESTIONNAIRE_VERSION,
  QUESTIONS,
} from './maturity.js';
import { criterionState, readPlan, setChecked, setTarget, type PlanView } from './plan.service.js';

const BASE = '/api/v1/analytics/program';
const tags = ['analytics'];
const READ = 'analytics:read';
const MANAGE = 'analytics:manage';
const DateTime = Type.String({ format: 'date-time' });
const Month = Type.String({ pattern: MONTH_PATTERN, description: 'YYYY-MM (UTC)' });

// ---------------------------------------------------------------------------------------------
// schemas

const Metric = StringEnum(KPI_METRIC_NAMES);
const Direction = StringEnum(DIRECTIONS);
const Status = StringEnum(GOAL_STATUSES);
const Unit = StringEnum(['fraction', 'ratio', 'count', 'hours'] as const);

const KpiInput = Type.Object(
  {
    metric: Metric,
    direction: Direction,
    target: Type.Number(),
    region: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    segment: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
  },
  { additionalProperties: false },
);

const goalFields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.String({ maxLength: 2000 }),
  ownerId: Type.String({ format: 'uuid' }),
  dueOn: Type.String({ format: 'date', description: 'YYYY-MM-DD' }),
  status: Status,
  kpis: Type.Array(KpiInput, { maxItems: MAX_KPIS }),
};

const GoalCreate = Type.Object(
  {
    title: goalFields.title,
    description: Type.Optional(goalFields.description),
    ownerId: goalFields.ownerId,
    dueOn: goalFields.dueOn,
    status: Type.Optional(goalFields.status),
    kpis: goalFields.kpis,
  },
  { additionalProperties: false },
);

const GoalChange = Type.Partial(Type.Object(goalFields), {
  additionalProperties: false,
  minProperties: 1,
});

const Reading = Type.Object({
  month: Type.String(),
  value: Nullable(Type.Number()),
  met: Type.Boolean(),
});

const KpiSchema = Type.Object({
  id: Type.String(),
  metric: Metric,
  label: Type.String(),
  unit: Unit,
  keyMetric: Type.Boolean(),
  definition: Type.String(),
  direction: Direction,
  target: Type.Number(),
  region: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  current: Reading,
  trend: Type.Array(Reading),
  change: Nullable(Type.Number()),
});

const GoalSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  owner: Nullable(
    Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() }),
  ),
  dueOn: Type.String(),
  status: Status,
  kpis: Type.Array(KpiSchema),
  kpisMet: Type.Integer(),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
  updatedBy: Nullable(Type.String()),
  updatedAt: DateTime,
});

const ReadQuery = {
  asOf: Type.Optional(Month),
  trendMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 24, default: 6 })),
};

const DimensionEnum = StringEnum(DIMENSIONS);

const AssessmentSchema = Type.Object({
  id: Type.String(),
  questionnaireVersion: Type.Integer(),
  answers: Type.Record(Type.String(), Type.Integer()),
  note: Type.String(),
  submittedBy: Nullable(Type.String()),
  submittedAt: DateTime,
  overall: Type.Object({ score: Type.Number(), percent: Type.Integer(), level: Type.String() }),
  dimensions: Type.Array(
    Type.Object({
      dimension: DimensionEnum,
      name: Type.String(),
      score: Type.Number(),
      percent: Type.Integer(),
      level: Type.String(),
    }),
  ),
  gaps: Type.Array(DimensionEnum),
  recommendations: Type.Array(
    Type.Object({
      dimension: DimensionEnum,
      questionId: Type.String(),
      answer: Type.Integer(),
      text: Type.String(),
    }),
  ),
  change: Nullable(
    Type.Object({
      previousId: Type.String(),
      previousSubmittedAt: DateTime,
      overall: Type.Number(),
      dimensions: Type.Record(Type.String(), Type.Number()),
    }),
  ),
});

const QuestionnaireSchema = Type.Object({
  version: Type.Integer(),
  dimensions: Type.Array(Type.Object({ key: DimensionEnum, name: Type.String() })),
  levels: Type.Array(Type.Object({ from: Type.Number(), name: Type.String() })),
  questions: Type.Array(
    Type.Object({
      id: Type.String(),
      dimension: DimensionEnum,
      text: Type.String(),
      scale: Type.Array(Type.String()),
    }),
  ),
});

const CriterionSchema = Type.Object({
  key: Type.String(),
  kind: StringEnum(['measured', 'manual'] as const),
  title: Type.String(),
  measure: Type.String(),
  comparison: Nullable(StringEnum(['at_least', 'at_most'] as const)),
  unit: Nullable(Unit),
  target: Nullable(Type.Number()),
  defaultTarget: Nullable(Type.Number()),
  observed: Nullable(Type.Number()),
  met: Type.Boolean(),
  checkedBy: Nullable(Type.String()),
  checkedAt: Nullable(DateTime),
  note: Type.String(),
});

const PlanSchema = Type.Object({
  asOf: Type.String(),
  currentPhase: Nullable(Type.String()),
  complete: Type.Boolean(),
  phases: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      deliverables: Type.Array(Type.String()),
      criteria: Type.Array(CriterionSchema),
      met: Type.Integer(),
      complete: Type.Boolean(),
    }),
  ),
});

const KeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z0-9_]{2,60}$' }) });

const ExpansionRequest = Type.Object(
  {
    from: Type.Object(
      {
        region: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        segment: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
      },
      { additionalProperties: false },
    ),
    to: Type.Object(
      {
        code: Type.String({
          minLength: 1,
          maxLength: 60,
          description: 'region code or segment key',
        }),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        currency: Type.Optional(Type.String({ maxLength: 3 })),
        locale: Type.Optional(Type.String({ minLength: 2, maxLength: 35 })),
        timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      },
      { additionalProperties: false },
    ),
    disclosureMarket: Type.Optional(StringEnum(MARKETS)),
    dryRun: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

const Copied = Type.Object({
  spaces: Type.Integer(),
  moderationPolicies: Type.Integer(),
  pointRules: Type.Integer(),
  challenges: Type.Integer(),
  contractTemplates: Type.Integer(),
});

const ExpansionSchema = Type.Object({
  id: Nullable(Type.String()),
  dryRun: Type.Boolean(),
  kind: StringEnum(['region', 'segment'] as const),
  source: Type.Object({ code: Type.String(), name: Type.String() }),
  target: Type.Object({
    code: Type.String(),
    name: Type.String(),
    currency: Nullable(Type.String()),
    locale: Nullable(Type.String()),
    timezone: Nullable(Type.String()),
  }),
  disclosureMarket: Nullable(Type.String()),
  copied: Copied,
  notCopied: Type.Array(
    Type.Object({ type: Type.String(), name: Type.String(), reason: Type.String() }),
  ),
  notes: Type.Array(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: Nullable(DateTime),
});

// ---------------------------------------------------------------------------------------------
// presenters

function presentGoal(goal: GoalView) {
  return {
    ...goal,
    kpis: goal.kpis.map((kpi) => ({
      id: kpi.id,
      metric: kpi.metric,
      label: kpi.label,
      unit: kpi.unit,
      keyMetric: kpi.keyMetric,
      definition: kpi.definition,
      direction: kpi.direction,
      target: kpi.target,
      region: kpi.region,
      segment: kpi.segment,
      current: kpi.current,
      trend: kpi.trend,
      change: kpi.change,
    })),
    createdAt: goal.createdAt.toISOString(),
    updatedAt: goal.updatedAt.toISOString(),
  };
}

function presentAssessment(a: Assessment) {
  return {
    id: a.id,
    questionnaireVersion: a.questionnaireVersion,
    answers: a.answers,
    note: a.note,
    submittedBy: a.submittedBy,
    submittedAt: a.submittedAt.toISOString(),
    ...a.report,
    change: a.change
      ? { ...a.change, previousSubmittedAt: a.change.previousSubmittedAt.toISOString() }
      : null,
  };
}

function presentPlan(plan: PlanView) {
  return {
    ...plan,
    phases: plan.phases.map((phase) => ({
      ...phase,
      deliverables: [...phase.deliverables],
      criteria: phase.criteria.map((c) => ({
        ...c,
        checkedAt: c.checkedAt ? c.checkedAt.toISOString() : null,
      })),
    })),
  };
}

function presentExpansion(
  summary: ExpansionSummary,
  record: { id: string | null; dryRun: boolean; createdBy: string | null; createdAt: Date | null },
) {
  return {
    ...summary,
    id: record.id,
    dryRun: record.dryRun,
    createdBy: record.createdBy,
    createdAt: record.createdAt ? record.createdAt.toISOString() : null,
  };
}

/** Thrown to roll a dry run's transaction back, carrying what it would have done. */
class DryRunDone extends Error {
  constructor(readonly summary: ExpansionSummary) {
    super('dry run');
  }
}

// ---------------------------------------------------------------------------------------------
// routes

export function registerProgramRoutes({ app, db }: AnalyticsDeps): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  /** A reader of live metrics for one transaction. */
  const readerOf = async (tx: Orm) => new MetricReader(tx, await readAnalyticsSettings(tx));

  app.get(
    `${BASE}/metrics`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'The metrics a KPI may name, with their unit and definition',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                metric: Metric,
                label: Type.String(),
                unit: Unit,
                keyMetric: Type.Boolean(),
                scoped: Type.Boolean(),
                monthly: Type.Boolean(),
                definition: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    () =>
      Promise.resolve({
        items: KPI_METRIC_NAMES.map((metric) => {
          const spec = KPI_METRICS[metric];
          return {
            metric,
            label: spec.label,
            unit: spec.unit,
            keyMetric: spec.key,
            scoped: spec.scoped,
            monthly: spec.monthly,
            definition: spec.definition,
          };
        }),
      }),
  );

  // -- goals -------------------------------------------------------------------------------

  app.get(
    `${BASE}/goals`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Goals, newest first, each KPI with its live value for asOf and its trend',
        querystring: Type.Object({
          ...PageQuery.properties,
          ...ReadQuery,
          status: Type.Optional(Status),
          ownerId: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: PageOf(GoalSchema) },
      },
    },
    async (request) => {
      const q = request.query;
      const asOf = q.asOf ?? lastCompleteMonth();
      return inTenant(request, async (tx) => {
        const page = await listGoals(
          tx,
          { status: q.status, ownerId: q.ownerId },
          { limit: q.limit ?? 20, cursor: q.cursor },
        );
        const reader = await readerOf(tx);
        const items = [];
        for (const goal of page.items) {
          items.push(presentGoal(await readGoal(reader, goal, asOf, q.trendMonths ?? 6)));
        }
        return { items, nextCursor: page.nextCursor };
      });
    },
  );

  app.get(
    `${BASE}/goals/:id`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'One goal with each KPI’s live value, whether it is met, and its trend',
        params: IdParams,
        querystring: Type.Object(ReadQuery),
        response: { 200: GoalSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const goal = await getGoal(tx, request.params.id);
        const asOf = request.query.asOf ?? lastCompleteMonth();
        return presentGoal(
          await readGoal(await readerOf(tx), goal, asOf, request.query.trendMonths ?? 6),
        );
      }),
  );

  app.post(
    `${BASE}/goals`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Write a goal with its owner, due date, status and KPIs',
        body: GoalCreate,
        response: { 201: GoalSchema },
      },
    },
    async (request, reply) => {
      const view = await inTenant(request, async (tx) => {
        const goal = await createGoal(
          tx,
          request.guild.tenant.id,
          request.body,
          actorIdOf(request),
        );
        await recordAudit(tx, request, {
          action: 'program.goal_create',
          targetType: 'program_goal',
          targetId: goal.id,
          after: goalValues(goal),
        });
        return readGoal(await readerOf(tx), goal, lastCompleteMonth(), 6);
      });
      return reply.code(201).send(presentGoal(view));
    },
  );

  app.patch(
    `${BASE}/goals/:id`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Change a goal; kpis, when sent, replace its KPIs',
        params: IdParams,
        body: GoalChange,
        response: { 200: GoalSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const before = await getGoal(tx, request.params.id);
        const after = await updateGoal(
          tx,
          request.guild.tenant.id,
          request.params.id,
          request.body,
          actorIdOf(request),
        );
        await recordAudit(tx, request, {
          action: 'program.goal_update',
          targetType: 'program_goal',
          targetId: after.id,
          before: goalValues(before),
          after: goalValues(after),
        });
        return presentGoal(await readGoal(await readerOf(tx), after, lastCompleteMonth(), 6));
      }),
  );

  app.delete(
    `${BASE}/goals/:id`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Delete a goal and its KPIs',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await inTenant(request, async (tx) => {
        const goal = await deleteGoal(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'program.goal_delete',
          targetType: 'program_goal',
          targetId: goal.id,
          before: goalValues(goal),
        });
      });
      return reply.code(204).send(null);
    },
  );

  // -- maturity ----------------------------------------------------------------------------

  app.get(
    `${BASE}/assessment/questionnaire`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'The maturity questionnaire: dimensions, questions with their 0–4 scale, levels',
        response: { 200: QuestionnaireSchema },
      },
    },
    () =>
      Promise.resolve({
        version: QUESTIONNAIRE_VERSION,
        dimensions: DIMENSIONS.map((key) => ({ key, name: DIMENSION_NAMES[key] })),
        levels: LEVELS.map(([from, name]) => ({ from, name })),
        questions: QUESTIONS.map((q) => ({
          id: q.id,
          dimension: q.dimension,
          text: q.text,
          scale: [...q.scale],
        })),
      }),
  );

  app.post(
    `${BASE}/assessments`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Submit answers to every question (0–4); returns the scored report',
        body: Type.Object(
          {
            answers: Type.Record(Type.String(), Type.Integer()),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: AssessmentSchema },
      },
    },
    async (request, reply) => {
      const assessment = await inTenant(request, async (tx) => {
        const stored = await submitAssessment(
          tx,
          request.guild.tenant.id,
          request.body,
          actorIdOf(request),
        );
        await recordAudit(tx, request, {
          action: 'program.assessment',
          targetType: 'program_assessment',
          targetId: stored.id,
          details: {
            overall: stored.report.overall.score,
            level: stored.report.overall.level,
            gaps: stored.report.gaps,
          },
        });
        return stored;
      });
      return reply.code(201).send(presentAssessment(assessment));
    },
  );

  app.get(
    `${BASE}/assessments`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Assessments, newest first, each with its report and change',
        querystring: PageQuery,
        response: { 200: PageOf(AssessmentSchema) },
      },
    },
    async (request) => {
      const page = await inTenant(request, (tx) =>
        listAssessments(tx, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
      );
      return { items: page.items.map(presentAssessment), nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${BASE}/assessments/latest`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'The newest assessment with its report and change since the one before',
        response: { 200: AssessmentSchema },
      },
    },
    async (request) => {
      const latest = await inTenant(request, latestAssessment);
      if (!latest) {
        throw new GuildError('not_found', 'No assessment was submitted yet.');
      }
      return presentAssessment(latest);
    },
  );

  app.get(
    `${BASE}/assessments/:id`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'One assessment with its report and change since the one before',
        params: IdParams,
        response: { 200: AssessmentSchema },
      },
    },
    async (request) =>
      presentAssessment(await inTenant(request, (tx) => getAssessment(tx, request.params.id))),
  );

  // -- rollout plan ------------------------------------------------------------------------

  app.get(
    `${BASE}/plan`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'The rollout plan: phases, deliverables, criteria checked against live data',
        querystring: Type.Object({ asOf: Type.Optional(Month) }),
        response: { 200: PlanSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) =>
        presentPlan(
          await readPlan({
            tx,
            reader: await readerOf(tx),
            asOf: request.query.asOf ?? lastCompleteMonth(),
          }),
        ),
      ),
  );

  /** One criterion as the plan shows it now, after a change. */
  const criterionOf = async (tx: Orm, key: string) => {
    const plan = await readPlan({ tx, reader: await readerOf(tx), asOf: lastCompleteMonth() });
    const found = plan.phases.flatMap((p) => p.criteria).find((c) => c.key === key)!;
    return { ...found, checkedAt: found.checkedAt ? found.checkedAt.toISOString() : null };
  };

  app.put(
    `${BASE}/plan/criteria/:key/target`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Adjust the target of a measured criterion (null: back to the default)',
        params: KeyParams,
        body: Type.Object(
          {
            target: Nullable(Type.Number()),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CriterionSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const key = request.params.key;
        const before = await criterionState(tx, key);
        await setTarget(tx, request.guild.tenant.id, key, request.body, actorIdOf(request));
        await recordAudit(tx, request, {
          action: 'program.plan_target',
          targetType: 'program_plan_criterion',
          details: { criterion: key },
          before: { target: before.target },
          after: { target: request.body.target },
        });
        return criterionOf(tx, key);
      }),
  );

  app.put(
    `${BASE}/plan/criteria/:key/check`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Check off (or un-check) a criterion that is not measured',
        params: KeyParams,
        body: Type.Object(
          {
            checked: Type.Boolean(),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CriterionSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const key = request.params.key;
        const before = await criterionState(tx, key);
        await setChecked(tx, request.guild.tenant.id, key, request.body, actorIdOf(request));
        await recordAudit(tx, request, {
          action: 'program.plan_check',
          targetType: 'program_plan_criterion',
          details: { criterion: key, note: request.body.note?.trim() ?? '' },
          before: { checked: before.checked },
          after: { checked: request.body.checked },
        });
        return criterionOf(tx, key);
      }),
  );

  // -- expansion ---------------------------------------------------------------------------

  app.post(
    `${BASE}/expansions`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary:
          'Set up a new region or segment from an existing one (spaces, policies, rules, ' +
          'challenges, contract templates); dryRun shows what would be copied',
        body: ExpansionRequest,
        response: { 200: ExpansionSchema, 201: ExpansionSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const actor = request.guild.actor!;
      try {
        const done = await inTenant(request, async (tx) => {
          const summary = await expand(tx, request.guild.tenant.id, actor, body);
          if (body.dryRun) {
            // Nothing may stay: the transaction is rolled back by this throw.
            throw new DryRunDone(summary);
          }
          const id = await recordExpansion(tx, request.guild.tenant.id, summary, actor.userId);
          await recordAudit(tx, request, {
            action: 'program.expansion',
            targetType: 'program_expansion',
            targetId: id,
            details: {
              kind: summary.kind,
              source: summary.source.code,
              target: summary.target.code,
              disclosureMarket: summary.disclosureMarket,
              copied: summary.copied,
              notCopied: summary.notCopied.length,
            },
          });
          return { summary, id };
        });
        return reply.code(201).send(
          presentExpansion(done.summary, {
            id: done.id,
            dryRun: false,
            createdBy: actor.userId,
            createdAt: new Date(),
          }),
        );
      } catch (error) {
        if (error instanceof DryRunDone) {
          return reply.code(200).send(
            presentExpansion(error.summary, {
              id: null,
              dryRun: true,
              createdBy: null,
              createdAt: null,
            }),
          );
        }
        throw error;
      }
    },
  );

  app.get(
    `${BASE}/expansions`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Expansions made, newest first, with what each copied',
        querystring: PageQuery,
        response: { 200: PageOf(ExpansionSchema) },
      },
    },
    async (request) => {
      const page = await inTenant(request, (tx) =>
        listExpansions(tx, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
      );
      return {
        items: page.items.map((r) =>
          presentExpansion(r.summary, {
            id: r.id,
            dryRun: false,
            createdBy: r.createdBy,
            createdAt: r.createdAt,
          }),
        ),
        nextCursor: page.nextCursor,
      };
    },
  );
}
