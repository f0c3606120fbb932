/**
 * Program costs, analytics settings, lift runs and ROI under /api/v1/analytics (docs/ROI.md).
 * Managers and admins read them (`analytics:read`) and change them (`analytics:manage`); each
 * change is written to the audit log in the same transaction.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { actorIdOf } from '../../core/http/request-context.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { AnalyticsDeps } from '../analytics.js';
import {
  COST_CATEGORIES,
  addCost,
  costTotals,
  getCost,
  listCosts,
  removeCost,
  type ProgramCost,
} from './costs.service.js';
import { getLiftRun, listLiftRuns, runLift, type LiftRun } from './lift-runs.service.js';
import { MONTH_PATTERN, monthPeriod } from '../metrics/period.js';
import { programRoi, type LiftContribution, type RoiReport } from './roi.service.js';
import {
  readAnalyticsSettings,
  saveAnalyticsSettings,
  settingValues,
  type AnalyticsSettings,
} from './settings.service.js';

const BASE = '/api/v1/analytics';
const tags = ['analytics'];
const DateTime = Type.String({ format: 'date-time' });
const Month = Type.String({ pattern: MONTH_PATTERN, description: 'YYYY-MM (UTC)' });
const READ = 'analytics:read';
const MANAGE = 'analytics:manage';

// ---------------------------------------------------------------------------------------------
// schemas

const SettingsSchema = Type.Object({
  currency: Type.String(),
  grossMargin: Type.Number(),
  costPerReview: Type.Number(),
  aiCostPerItem: Type.Number(),
  referralValue: Type.Number(),
  ugcValue: Type.Number(),
  liftWindowDays: Type.Integer(),
  minGroupSize: Type.Integer(),
  saved: Type.Boolean(),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(DateTime),
});

const SettingsChange = Type.Object(
  {
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    grossMargin: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    costPerReview: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    aiCostPerItem: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    referralValue: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000_000 })),
    ugcValue: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000_000 })),
    liftWindowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
    minGroupSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Category = StringEnum(COST_CATEGORIES);
const ByCategory = Type.Object(
  Object.fromEntries(COST_CATEGORIES.map((c) => [c, Type.Number()])) as Record<
    (typeof COST_CATEGORIES)[number],
    ReturnType<typeof Type.Number>
  >,
);

const CostSchema = Type.Object({
  id: Type.String(),
  month: Type.String(),
  category: Category,
  amountMinor: Type.Integer(),
  currency: Type.String(),
  note: Type.String(),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
  removedAt: Nullable(DateTime),
  removedBy: Nullable(Type.String()),
});

const CostPage = Type.Object({
  ...PageOf(CostSchema).properties,
  totals: Type.Object({
    from: Nullable(Type.String()),
    to: Nullable(Type.String()),
    currency: Type.String(),
    byCategoryMinor: ByCategory,
    totalMinor: Type.Integer(),
    otherCurrencyEntries: Type.Integer(),
  }),
});

const Sizes = Type.Object({
  members: Type.Integer(),
  controls: Type.Integer(),
  matchedMembers: Type.Integer(),
  unmatchedMembers: Type.Integer(),
  unmatchedNoControlInRegion: Type.Integer(),
  unmatchedOutsideCaliper: Type.Integer(),
  distinctControls: Type.Integer(),
});

const LiftRunSchema = Type.Object({
  id: Type.String(),
  cohortFrom: DateTime,
  cohortTo: DateTime,
  windowDays: Type.Integer(),
  windowEnd: DateTime,
  windowComplete: Type.Boolean(),
  region: Nullable(Type.String()),
  segmentId: Nullable(Type.String()),
  status: StringEnum(['ok', 'insufficient'] as const),
  reason: Nullable(Type.String()),
  minGroupSize: Type.Integer(),
  memberRate: Nullable(Type.Number()),
  controlRate: Nullable(Type.Number()),
  lift: Nullable(Type.Number()),
  ci: Nullable(Type.Object({ low: Type.Number(), high: Type.Number(), level: Type.Number() })),
  sizes: Sizes,
  balance: Type.Array(
    Type.Object({ covariate: Type.String(), before: Type.Number(), after: Type.Number() }),
  ),
  spend: Nullable(
    Type.Object({
      currency: Type.String(),
      repeatMembers: Type.Integer(),
      windowSpendMinor: Type.Number(),
      averageSpendMinor: Nullable(Type.Number()),
      otherCurrencySales: Type.Integer(),
    }),
  ),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
});

const LiftRunRequest = Type.Object(
  {
    cohortFrom: Type.String({ format: 'date', description: 'first joining day (UTC), and R' }),
    cohortTo: Type.String({ format: 'date', description: 'day after the last joining day' }),
    windowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    segmentId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);

const Range = Type.Object({ estimate: Type.Number(), low: Type.Number(), high: Type.Number() });
const Placement = Nullable(
  Type.Object({
    percentile: Type.Number(),
    band: StringEnum(['below p25', 'p25–median', 'median–p75', 'above p75'] as const),
    programsBelow: Type.Integer(),
  }),
);

const RoiSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  periodStart: DateTime,
  periodEnd: DateTime,
  months: Type.Integer(),
  currency: Type.String(),
  liftRunId: Nullable(Type.String()),
  cost: Type.Object({ byCategory: ByCategory, total: Type.Number() }),
  benefits: Type.Object({
    retentionLift: Range,
    referrals: Type.Object({
      converted: Type.Integer(),
      valueEach: Type.Number(),
      value: Type.Number(),
    }),
    ugc: Type.Object({ approved: Type.Integer(), valueEach: Type.Number(), value: Type.Number() }),
    total: Range,
  }),
  lift: Nullable(
    Type.Object({
      runId: Type.String(),
      cohortFrom: DateTime,
      cohortTo: DateTime,
      windowDays: Type.Integer(),
      region: Nullable(Type.String()),
      segmentId: Nullable(Type.String()),
      matchedMembers: Type.Integer(),
      memberRate: Type.Number(),
      controlRate: Type.Number(),
      lift: Type.Number(),
      liftLow: Type.Number(),
      liftHigh: Type.Number(),
      incrementalRepeatCustomers: Range,
      averageSpendPerRepeatCustomer: Type.Number(),
      grossMargin: Type.Number(),
    }),
  ),
  roi: Type.Object({
    estimate: Nullable(Type.Number()),
    low: Nullable(Type.Number()),
    high: Nullable(Type.Number()),
    reason: Nullable(Type.String()),
  }),
  benchmark: Type.Object({
    p25: Type.Number(),
    median: Type.Number(),
    p75: Type.Number(),
    programs: Type.Integer(),
    placement: Placement,
    low: Placement,
    high: Placement,
  }),
  notes: Type.Array(Type.String()),
  definitions: Type.Record(Type.String(), Type.String()),
});

// ---------------------------------------------------------------------------------------------
// presenters

const presentSettings = (s: AnalyticsSettings) => ({
  ...s,
  updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null,
});

const presentCost = (cost: ProgramCost) => ({
  ...cost,
  createdAt: cost.createdAt.toISOString(),
  removedAt: cost.removedAt ? cost.removedAt.toISOString() : null,
});

function presentRun(run: LiftRun) {
  const { estimate, spend, minGroupSize, windowEnd, windowComplete } = run.result;
  const estimated = estimate.status === 'insufficient' ? null : estimate;
  return {
    id: run.id,
    cohortFrom: run.cohortFrom.toISOString(),
    cohortTo: run.cohortTo.toISOString(),
    windowDays: run.windowDays,
    windowEnd,
    windowComplete,
    region: run.region,
    segmentId: run.segmentId,
    status: run.status,
    reason: estimate.status === 'insufficient' ? estimate.reason : null,
    minGroupSize,
    memberRate: estimated?.memberRate ?? null,
    controlRate: estimated?.controlRate ?? null,
    lift: estimated?.lift ?? null,
    ci: estimated?.ci ?? null,
    sizes: estimate.sizes,
    balance: estimated?.balance ?? [],
    spend,
    createdBy: run.createdBy,
    createdAt: run.createdAt.toISOString(),
  };
}

const presentLift = (lift: LiftContribution) => ({
  ...lift,
  cohortFrom: lift.cohortFrom.toISOString(),
  cohortTo: lift.cohortTo.toISOString(),
});

function presentRoi(report: RoiReport) {
  const { period, lift, ...rest } = report;
  return {
    from: period.from,
    to: period.to,
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    months: period.months,
    ...rest,
    lift: lift ? presentLift(lift) : null,
  };
}

/** A "YYYY-MM-DD" day as its first instant in UTC. */
function utcDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

// ---------------------------------------------------------------------------------------------
// routes

export function registerRoiRoutes({ app, db }: AnalyticsDeps): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  app.get(
    `${BASE}/settings`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'The analytics settings: currency, margin, unit costs and values, lift defaults',
        response: { 200: SettingsSchema },
      },
    },
    async (request) => presentSettings(await inTenant(request, readAnalyticsSettings)),
  );

  app.put(
    `${BASE}/settings`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Change some of the analytics settings (the others stay as they are)',
        body: SettingsChange,
        response: { 200: SettingsSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const before = await readAnalyticsSettings(tx);
        const after = await saveAnalyticsSettings(
          tx,
          request.guild.tenant.id,
          request.body,
          actorIdOf(request),
        );
        await recordAudit(tx, request, {
          action: 'analytics.settings',
          targetType: 'analytics_settings',
          before: settingValues(before),
          after: settingValues(after),
        });
        return presentSettings(after);
      }),
  );

  app.get(
    `${BASE}/costs`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Program costs entered for the months asked for, newest entry first, with totals',
        querystring: Type.Object({
          ...PageQuery.properties,
          from: Type.Optional(Month),
          to: Type.Optional(Month),
          includeRemoved: Type.Optional(Type.Boolean({ default: false })),
        }),
        response: { 200: CostPage },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (from !== undefined && to !== undefined) {
        monthPeriod(from, to);
      }
      return inTenant(request, async (tx) => {
        const settings = await readAnalyticsSettings(tx);
        const page = await listCosts(
          tx,
          { from, to, includeRemoved: request.query.includeRemoved ?? false },
          { limit: request.query.limit ?? 20, cursor: request.query.cursor },
        );
        const totals = await costTotals(tx, { from, to }, settings.currency);
        return {
          items: page.items.map(presentCost),
          nextCursor: page.nextCursor,
          totals: {
            from: from ?? null,
            to: to ?? null,
            currency: totals.currency,
            byCategoryMinor: totals.byCategory,
            totalMinor: totals.totalMinor,
            otherCurrencyEntries: totals.otherCurrencyEntries,
          },
        };
      });
    },
  );

  app.post(
    `${BASE}/costs`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Enter a program cost for a month, in minor units of the settings’ currency',
        body: Type.Object(
          {
            month: Month,
            category: Category,
            amountMinor: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
            currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CostSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const cost = await inTenant(request, async (tx) => {
        const settings = await readAnalyticsSettings(tx);
        const currency = request.body.currency ?? settings.currency;
        if (currency !== settings.currency) {
          throw fail.validation(
            `Costs are entered in ${settings.currency}, the currency of the analytics settings.`,
            { field: 'currency', expected: settings.currency },
          );
        }
        const created = await addCost(
          tx,
          tenantId,
          { ...request.body, currency, note: (request.body.note ?? '').trim() },
          actorIdOf(request),
        );
        await recordAudit(tx, request, {
          action: 'analytics.cost_add',
          targetType: 'program_cost',
          targetId: created.id,
          after: {
            month: created.month,
            category: created.category,
            amountMinor: created.amountMinor,
            currency: created.currency,
            note: created.note,
          },
        });
        return created;
      });
      return reply.code(201).send(presentCost(cost));
    },
  );

  app.delete(
    `${BASE}/costs/:id`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Remove a program cost (it is kept, marked removed, and leaves every total)',
        params: IdParams,
        response: { 200: CostSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const before = await getCost(tx, request.params.id);
        const after = await removeCost(tx, request.params.id, actorIdOf(request));
        await recordAudit(tx, request, {
          action: 'analytics.cost_remove',
          targetType: 'program_cost',
          targetId: after.id,
          details: {
            month: before.month,
            category: before.category,
            amountMinor: before.amountMinor,
            currency: before.currency,
          },
          before: { removed: false },
          after: { removed: true },
        });
        return presentCost(after);
      }),
  );

  app.post(
    `${BASE}/lift-runs`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Estimate the retention lift now for a cohort and store it (a refusal too)',
        body: LiftRunRequest,
        response: { 201: LiftRunSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const run = await inTenant(request, async (tx) => {
        const settings = await readAnalyticsSettings(tx);
        const stored = await runLift(
          tx,
          request.guild.tenant.id,
          {
            cohortFrom: utcDay(body.cohortFrom),
            cohortTo: utcDay(body.cohortTo),
            windowDays: body.windowDays,
            region: body.region,
            segmentId: body.segmentId,
          },
          settings,
          actorIdOf(request),
        );
        await recordAudit(tx, request, {
          action: 'analytics.lift_run',
          targetType: 'analytics_lift_run',
          targetId: stored.id,
          details: {
            cohortFrom: body.cohortFrom,
            cohortTo: body.cohortTo,
            windowDays: stored.windowDays,
            region: stored.region,
            segmentId: stored.segmentId,
            status: stored.status,
          },
        });
        return stored;
      });
      return reply.code(201).send(presentRun(run));
    },
  );

  app.get(
    `${BASE}/lift-runs`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Stored lift runs, newest first',
        querystring: PageQuery,
        response: { 200: PageOf(LiftRunSchema) },
      },
    },
    async (request) => {
      const page = await inTenant(request, (tx) =>
        listLiftRuns(tx, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
      );
      return { items: page.items.map(presentRun), nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${BASE}/lift-runs/:id`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'One stored lift run',
        params: IdParams,
        response: { 200: LiftRunSchema },
      },
    },
    async (request) =>
      presentRun(await inTenant(request, (tx) => getLiftRun(tx, request.params.id))),
  );

  app.get(
    `${BASE}/roi`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Program ROI for whole months, with its interval, benchmark and definitions',
        querystring: Type.Object({
          from: Month,
          to: Month,
          liftRunId: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: RoiSchema },
      },
    },
    async (request) => {
      const report = await inTenant(request, async (tx) =>
        programRoi(tx, await readAnalyticsSettings(tx), request.query),
      );
      return presentRoi(report);
    },
  );
}
