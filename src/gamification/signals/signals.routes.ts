/**
 * The gaming signals API under /api/v1/gamification/signals, for managers
 * (`gamification:configure`): fatigue of the community, each challenge and each reward with
 * warnings; farming findings (paged), a detection run now, and clearing a finding (audited).
 * docs/GAMIFICATION.md, "Gaming signals" describes the methods.
 */
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GamificationDeps } from '../gamification.routes.js';
import { DEFAULT_DETECTION, FINDING_KINDS, type DetectionSettings } from './detection.service.js';
import {
  challengeFatiguePage,
  checkFatigueOptions,
  fatigueOverview,
  rewardFatiguePage,
} from './fatigue.service.js';
import {
  clearFinding,
  FINDING_STATUSES,
  getFinding,
  listFindings,
  runDetection,
  type Finding,
} from './findings.service.js';
import { DEFAULT_FATIGUE, type FatigueOptions } from './trend.js';

const BASE = '/api/v1/gamification/signals';
const tags = ['gamification'];
const access = 'gamification:configure' as const;
const DateTime = Type.String({ format: 'date-time' });

const FatigueQuery = Type.Object({
  weeks: Type.Optional(Type.Integer({ minimum: 3, maximum: 26 })),
  recentWeeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
  baselineWeeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  dropThreshold: Type.Optional(Type.Number({ minimum: 0.05, maximum: 0.95 })),
  minBaseline: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
});
const PagedFatigueQuery = Type.Object({ ...PageQuery.properties, ...FatigueQuery.properties });

const TrendSchema = Type.Object({
  counts: Type.Array(Type.Integer()),
  total: Type.Integer(),
  slope: Type.Number(),
  recentAverage: Type.Number(),
  baselineAverage: Type.Number(),
  change: Nullable(Type.Number()),
  decaying: Type.Boolean(),
});
const WarningSchema = Type.Object({
  subjectType: StringEnum(['challenge', 'reward', 'tenant']),
  subjectId: Nullable(Type.String()),
  subjectName: Type.String(),
  metric: StringEnum(['participation', 'completions', 'redemptions', 'active_members']),
  change: Type.Number(),
  message: Type.String(),
});
const MethodSchema = Type.Object({
  weeks: Type.Integer(),
  recentWeeks: Type.Integer(),
  baselineWeeks: Type.Integer(),
  dropThreshold: Type.Number(),
  minBaseline: Type.Number(),
});
const WindowFields = {
  timezone: Type.String(),
  weeks: Type.Array(Type.String({ format: 'date' })),
  method: MethodSchema,
};

const OverviewSchema = Type.Object({
  ...WindowFields,
  activeMembers: TrendSchema,
  warnings: Type.Array(WarningSchema),
  warningCount: Type.Integer(),
});
const ChallengeFatigueSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.String(),
  participation: TrendSchema,
  completions: TrendSchema,
  warnings: Type.Array(WarningSchema),
});
const RewardFatigueSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  archived: Type.Boolean(),
  redemptions: TrendSchema,
  warnings: Type.Array(WarningSchema),
});
const fatiguePage = <T extends Parameters<typeof PageOf>[0]>(item: T) =>
  Type.Object({ ...WindowFields, ...PageOf(item).properties });

const FindingSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(FINDING_KINDS),
  status: StringEnum(FINDING_STATUSES),
  members: Type.Array(
    Type.Object({
      userId: Type.String(),
      username: Type.String(),
      role: StringEnum(['member', 'beneficiary']),
      riskFlagId: Nullable(Type.String()),
      flagged: Type.Boolean(),
      clearedAt: Nullable(DateTime),
    }),
  ),
  evidence: Type.Record(Type.String(), Type.Number()),
  summary: Type.String(),
  firstSeenAt: DateTime,
  lastSeenAt: DateTime,
  detectedAt: DateTime,
  updatedAt: DateTime,
  clearedAt: Nullable(DateTime),
  clearedBy: Nullable(Type.String()),
  clearNote: Nullable(Type.String()),
});

const DetectBody = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    loopWindowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_080 })),
    minLoops: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000 })),
    toggleWindowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_080 })),
    minToggles: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000 })),
    minPairReactions: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    minRingSize: Type.Optional(Type.Integer({ minimum: 3, maximum: 20 })),
    maxRingSize: Type.Optional(Type.Integer({ minimum: 3, maximum: 20 })),
    minRingShare: Type.Optional(Type.Number({ minimum: 0.3, maximum: 1 })),
    minMemberShare: Type.Optional(Type.Number({ minimum: 0.3, maximum: 1 })),
  },
  { additionalProperties: false },
);
const DetectionSchema = Type.Object({
  raised: Type.Array(FindingSchema),
  updated: Type.Integer(),
  skipped: Type.Integer(),
  flagged: Type.Integer(),
  settings: Type.Record(Type.String(), Type.Number()),
});

const ClearBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    userId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);

function fatigueOptions(query: Static<typeof FatigueQuery>): FatigueOptions {
  return checkFatigueOptions({
    weeks: query.weeks ?? DEFAULT_FATIGUE.weeks,
    recentWeeks: query.recentWeeks ?? DEFAULT_FATIGUE.recentWeeks,
    baselineWeeks: query.baselineWeeks ?? DEFAULT_FATIGUE.baselineWeeks,
    dropThreshold: query.dropThreshold ?? DEFAULT_FATIGUE.dropThreshold,
    minBaseline: query.minBaseline ?? DEFAULT_FATIGUE.minBaseline,
  });
}

function detectionSettings(body: Static<typeof DetectBody>): DetectionSettings {
  const settings = { ...DEFAULT_DETECTION };
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'number') {
      settings[key as keyof DetectionSettings] = value;
    }
  }
  if (settings.maxRingSize < settings.minRingSize) {
    throw new GuildError('validation_failed', 'maxRingSize must be at least minRingSize.', {
      field: 'maxRingSize',
    });
  }
  return settings;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

function presentFinding(finding: Finding) {
  return {
    ...finding,
    members: finding.members.map((m) => ({ ...m, clearedAt: iso(m.clearedAt) })),
    firstSeenAt: finding.firstSeenAt.toISOString(),
    lastSeenAt: finding.lastSeenAt.toISOString(),
    detectedAt: finding.detectedAt.toISOString(),
    updatedAt: finding.updatedAt.toISOString(),
    clearedAt: iso(finding.clearedAt),
  };
}

function actorId(request: FastifyRequest): string {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor.userId;
}

export function registerSignalRoutes(deps: GamificationDeps): void {
  const { app } = deps;
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    deps.db.tenant(request.guild.tenant.id, work);

  app.get(
    `${BASE}/fatigue`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Members with activity by week, and the worst fatigue warnings',
        querystring: FatigueQuery,
        response: { 200: OverviewSchema },
      },
    },
    async (request) => {
      const options = fatigueOptions(request.query);
      return inTenant(request, async (tx) => {
        const overview = await fatigueOverview(tx, request.guild.tenant.id, options);
        return {
          ...overview,
          method: options,
        };
      });
    },
  );

  app.get(
    `${BASE}/fatigue/challenges`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Participation and completions of each challenge by week, newest first',
        querystring: PagedFatigueQuery,
        response: { 200: fatiguePage(ChallengeFatigueSchema) },
      },
    },
    async (request) => {
      const options = fatigueOptions(request.query);
      return inTenant(request, async (tx) => ({
        ...(await challengeFatiguePage(tx, request.guild.tenant.id, options, {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        })),
        method: options,
      }));
    },
  );

  app.get(
    `${BASE}/fatigue/rewards`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Redemptions of each reward by week, newest reward first',
        querystring: PagedFatigueQuery,
        response: { 200: fatiguePage(RewardFatigueSchema) },
      },
    },
    async (request) => {
      const options = fatigueOptions(request.query);
      return inTenant(request, async (tx) => ({
        ...(await rewardFatiguePage(tx, request.guild.tenant.id, options, {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        })),
        method: options,
      }));
    },
  );

  app.get(
    `${BASE}/findings`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Farming findings, newest first',
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(StringEnum(FINDING_STATUSES)),
          kind: Type.Optional(StringEnum(FINDING_KINDS)),
          userId: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: PageOf(FindingSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const page = await listFindings(tx, {
          status: request.query.status,
          kind: request.query.kind,
          userId: request.query.userId,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentFinding), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    `${BASE}/findings/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'One finding with its members and evidence',
        params: IdParams,
        response: { 200: FindingSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => presentFinding(await getFinding(tx, request.params.id))),
  );

  app.post(
    `${BASE}/detect`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Look for farming patterns now; new findings flag their members (audited)',
        body: DetectBody,
        response: { 200: DetectionSchema },
      },
    },
    async (request) => {
      const settings = detectionSettings(request.body);
      return inTenant(request, async (tx) => {
        const result = await runDetection(tx, request.guild.tenant.id, settings, actorId(request));
        await recordAudit(tx, request, {
          action: 'gaming_signals.detect',
          details: {
            raised: result.raised.map((f) => f.id),
            updated: result.updated,
            skipped: result.skipped,
            flagged: result.flagged,
          },
        });
        return {
          raised: result.raised.map(presentFinding),
          updated: result.updated,
          skipped: result.skipped,
          flagged: result.flagged,
          settings: { ...settings },
        };
      });
    },
  );

  app.post(
    `${BASE}/findings/:id/clear`,
    {
      config: { access },
      schema: {
        tags,
        summary: "Clear a finding (or one member's part of it) and its risk flags (audited)",
        params: IdParams,
        body: ClearBody,
        response: { 200: FindingSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const finding = await clearFinding(tx, request.params.id, {
          clearedBy: actorId(request),
          note: request.body.note,
          userId: request.body.userId,
        });
        await recordAudit(tx, request, {
          action: 'gaming_finding.clear',
          targetType: 'gaming_finding',
          targetId: finding.id,
          details: {
            kind: finding.kind,
            userId: request.body.userId ?? null,
            status: finding.status,
            note: finding.clearNote,
          },
        });
        return presentFinding(finding);
      }),
  );
}
