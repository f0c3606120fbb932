/**
 * The moderation API under /api/v1/moderation: the review queue (list, item, claim, decide,
 * bulk decide), members' flags, authors' view of a check and their appeal, and the policy per
 * tenant, region and space. Every decision and policy change is audited.
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../core/audit/audit.js';
import type { Database, Orm } from '../core/db/database.js';
import { GuildError, fail } from '../core/errors/errors.js';
import type { Actor } from '../core/http/request-context.js';
import { PageOf, PageQuery } from '../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../core/http/schemas.js';
import type { GuildServer } from '../core/http/server.js';
import { spaces } from '../community/community.table.js';
import { regions } from '../tenancy/tenancy.table.js';
import { moderationPolicies, QUEUES, REVIEW_DECISIONS, REVIEW_KINDS } from './moderation.table.js';
import type { Moderation } from './moderation.js';
import { moderationMetrics } from './metrics.service.js';
import { listModels, promoteModel, trainTenantModel } from './models.service.js';
import { PolicySettingsSchema, policyProblem } from './policy.js';
import {
  APPROVE_REASONS,
  appealCheck,
  claimReviewItem,
  decideMany,
  decideReviewItem,
  flagContent,
  getReviewItem,
  listQueue,
  myCheck,
  REJECT_REASONS,
  releaseReviewItem,
} from './review.service.js';

const BASE = '/api/v1/moderation';
const NoContent = { 204: Type.Null() };

const UserRef = Type.Object({ id: Type.String(), username: Type.String() });
const Scores = Type.Record(Type.String(), Type.Number());
const SpanSchema = Type.Object({
  start: Type.Integer(),
  end: Type.Integer(),
  category: Type.String(),
  rule: Type.String(),
});

const ReviewItemSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(REVIEW_KINDS),
  itemType: Type.String(),
  itemId: Type.String(),
  checkId: Nullable(Type.String()),
  queue: StringEnum(QUEUES),
  status: StringEnum(['open', 'resolved']),
  priority: Type.Number(),
  severity: Type.Number(),
  reach: Type.Number(),
  reasonCode: Nullable(Type.String()),
  summary: Type.String(),
  flagCount: Type.Integer(),
  dueAt: Type.String({ format: 'date-time' }),
  overdue: Type.Boolean(),
  author: Nullable(
    Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() }),
  ),
  claimedBy: Nullable(UserRef),
  claimedAt: Nullable(Type.String({ format: 'date-time' })),
  decision: Nullable(StringEnum(REVIEW_DECISIONS)),
  decisionReason: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});

const ReviewItemDetailSchema = Type.Intersect([
  ReviewItemSchema,
  Type.Object({
    content: Nullable(
      Type.Object({
        title: Nullable(Type.String()),
        body: Type.String(),
        state: Type.String(),
        deleted: Type.Boolean(),
        postId: Nullable(Type.String()),
      }),
    ),
    appealMessage: Nullable(Type.String()),
    flagReasons: Type.Array(Type.String()),
    check: Nullable(
      Type.Object({
        id: Type.String(),
        decision: Type.String(),
        reasonCode: Nullable(Type.String()),
        scores: Scores,
        spans: Type.Array(SpanSchema),
        suspicion: Type.Number(),
        modelVersion: Type.String(),
        provider: Nullable(Type.String()),
        providerError: Nullable(Type.String()),
        shadow: Nullable(Type.Record(Type.String(), Type.Unknown())),
        createdAt: Type.String({ format: 'date-time' }),
      }),
    ),
    authorHistory: Nullable(
      Type.Object({
        memberSince: Nullable(Type.String()),
        emailVerified: Type.Boolean(),
        role: Nullable(Type.String()),
        published: Type.Integer(),
        waiting: Type.Integer(),
        rejected: Type.Integer(),
        flagged: Type.Integer(),
        recent: Type.Array(
          Type.Object({
            id: Type.String(),
            itemType: Type.String(),
            itemId: Type.String(),
            decision: Type.String(),
            finalDecision: Nullable(Type.String()),
            reasonCode: Nullable(Type.String()),
            createdAt: Type.String(),
          }),
        ),
      }),
    ),
  }),
]);

const ReasonSchema = StringEnum([...APPROVE_REASONS, ...REJECT_REASONS]);
const DecisionBody = Type.Object(
  {
    decision: StringEnum(REVIEW_DECISIONS),
    reason: ReasonSchema,
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const DecisionResult = Type.Object({
  id: Type.String(),
  ok: Type.Boolean(),
  published: Type.Optional(Type.Boolean()),
  withdrawn: Type.Optional(Type.Boolean()),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});

const CheckView = Type.Object({
  id: Type.String(),
  itemType: Type.String(),
  itemId: Type.String(),
  state: StringEnum(['published', 'held', 'rejected']),
  reasonCode: Nullable(Type.String()),
  message: Nullable(Type.String()),
  automatic: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  appeal: Nullable(Type.Object({ status: Type.String(), decision: Nullable(Type.String()) })),
  canAppeal: Type.Boolean(),
});

const PolicySchema = Type.Object({
  id: Type.String(),
  scope: StringEnum(['tenant', 'space', 'region']),
  spaceSlug: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  mode: StringEnum(['enforce', 'shadow']),
  settings: PolicySettingsSchema,
  updatedAt: Type.String({ format: 'date-time' }),
});

const PolicyInput = Type.Object(
  {
    scope: StringEnum(['tenant', 'space', 'region']),
    spaceSlug: Type.Optional(Type.String({ maxLength: 61 })),
    regionCode: Type.Optional(Type.String({ maxLength: 20 })),
    mode: Type.Optional(StringEnum(['enforce', 'shadow'])),
    settings: PolicySettingsSchema,
  },
  { additionalProperties: false },
);

function actorOf(request: FastifyRequest): Actor {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor;
}

/** Registers the moderation routes. */
export function registerModerationRoutes(
  app: GuildServer,
  db: Database,
  moderation: Moderation,
): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);
  registerQueueRoutes(app, inTenant);
  registerMemberRoutes(app, inTenant);
  registerPolicyRoutes(app, inTenant);
  registerModelRoutes(app, inTenant, moderation);
  registerMetricsRoute(app, inTenant);
}

const Seconds = Type.Object({ p50: Nullable(Type.Number()), p90: Nullable(Type.Number()) });
const MetricsReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  items: Type.Integer(),
  decidedAutomatically: Type.Integer(),
  decidedByPeople: Type.Integer(),
  waiting: Type.Integer(),
  automaticShare: Nullable(Type.Number()),
  secondsToDecision: Type.Object({ automatic: Seconds, human: Seconds }),
  audit: Type.Object({
    sampled: Type.Integer(),
    precision: Nullable(Type.Number()),
    rejectionPrecision: Nullable(Type.Number()),
  }),
  humanReviews: Type.Integer(),
  moderatorHours: Type.Number(),
  providerFailures: Type.Integer(),
  cost: Type.Object({
    costPerReview: Type.Number(),
    aiCostPerItem: Type.Number(),
    withoutGuild: Type.Number(),
    withGuild: Type.Number(),
    moderationCostReduction: Nullable(Type.Number()),
  }),
});

function registerMetricsRoute(app: GuildServer, inTenant: InTenant) {
  app.get(
    `${BASE}/metrics`,
    {
      config: { access: 'moderation:configure' },
      schema: {
        tags: ['moderation'],
        summary: 'Moderation figures for a period, with Moderation Cost Reduction',
        querystring: Type.Object({
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          costPerReview: Type.Optional(Type.Number({ minimum: 0, default: 0.5 })),
          aiCostPerItem: Type.Optional(Type.Number({ minimum: 0, default: 0.0005 })),
        }),
        response: { 200: MetricsReport },
      },
    },
    (request) => {
      const to = request.query.to ? new Date(request.query.to) : new Date();
      const from = request.query.from
        ? new Date(request.query.from)
        : new Date(to.getTime() - 30 * 24 * 60 * 60_000);
      if (from >= to) {
        throw fail.validation('"from" must be before "to".', { field: 'from' });
      }
      return inTenant(request, (tx) =>
        moderationMetrics(tx, {
          from,
          to,
          costPerReview: request.query.costPerReview ?? 0.5,
          aiCostPerItem: request.query.aiCostPerItem ?? 0.0005,
        }),
      );
    },
  );
}

type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

function registerQueueRoutes(app: GuildServer, inTenant: InTenant) {
  const tags = ['moderation'];
  const access = 'moderation:review' as const;

  app.get(
    `${BASE}/queue`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Open review items, highest priority first',
        querystring: Type.Object({
          ...PageQuery.properties,
          queue: Type.Optional(StringEnum(QUEUES)),
          kind: Type.Optional(StringEnum(REVIEW_KINDS)),
        }),
        response: { 200: PageOf(ReviewItemSchema) },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        listQueue(tx, actorOf(request), {
          queue: request.query.queue,
          kind: request.query.kind,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        }),
      ),
  );

  app.get(
    `${BASE}/queue/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'One review item with its content, check and the author’s history',
        params: IdParams,
        response: { 200: ReviewItemDetailSchema },
      },
    },
    (request) => inTenant(request, (tx) => getReviewItem(tx, actorOf(request), request.params.id)),
  );

  app.post(
    `${BASE}/queue/:id/claim`,
    {
      config: { access },
      schema: { tags, summary: 'Claim a review item', params: IdParams, response: NoContent },
    },
    async (request, reply) => {
      await inTenant(request, (tx) => claimReviewItem(tx, actorOf(request), request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    `${BASE}/queue/:id/claim`,
    {
      config: { access },
      schema: { tags, summary: 'Release my claim', params: IdParams, response: NoContent },
    },
    async (request, reply) => {
      await inTenant(request, (tx) => releaseReviewItem(tx, actorOf(request), request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${BASE}/queue/:id/decision`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Decide a review item (approve: may be shown; reject: may not)',
        params: IdParams,
        body: DecisionBody,
        response: { 200: DecisionResult },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const outcome = await decideReviewItem(tx, actorOf(request), request.params.id, {
          decision: request.body.decision,
          reason: request.body.reason,
          note: request.body.note,
        });
        await recordAudit(tx, request, {
          action: 'moderation.decide',
          targetType: 'review_item',
          targetId: request.params.id,
          details: { decision: request.body.decision, reason: request.body.reason },
        });
        return { ...outcome, ok: true };
      }),
  );

  app.post(
    `${BASE}/queue/decisions`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Decide many review items; the result says what happened to each',
        body: Type.Object(
          {
            ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 100 }),
            decision: StringEnum(REVIEW_DECISIONS),
            reason: ReasonSchema,
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ results: Type.Array(DecisionResult) }) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const results = await decideMany(tx, actorOf(request), [...new Set(request.body.ids)], {
          decision: request.body.decision,
          reason: request.body.reason,
          note: request.body.note,
        });
        for (const result of results.filter((r) => r.ok)) {
          await recordAudit(tx, request, {
            action: 'moderation.decide',
            targetType: 'review_item',
            targetId: result.id,
            details: { decision: request.body.decision, reason: request.body.reason, bulk: true },
          });
        }
        return { results };
      }),
  );
}

function registerMemberRoutes(app: GuildServer, inTenant: InTenant) {
  const tags = ['moderation'];

  app.post(
    `${BASE}/flags`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Flag a post or comment for the moderators',
        body: Type.Object(
          {
            itemType: StringEnum(['post', 'comment']),
            itemId: Type.String({ format: 'uuid' }),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ reviewItemId: Type.String(), flagCount: Type.Integer() }),
        },
      },
    },
    async (request, reply) => {
      const result = await inTenant(request, (tx) =>
        flagContent(tx, actorOf(request), request.guild.tenant.id, request.body),
      );
      return reply.code(201).send(result);
    },
  );

  app.get(
    `${BASE}/checks/:id`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Why my item is held or was rejected, and whether I can appeal',
        params: IdParams,
        response: { 200: CheckView },
      },
    },
    (request) => inTenant(request, (tx) => myCheck(tx, actorOf(request), request.params.id)),
  );

  app.post(
    `${BASE}/checks/:id/appeal`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Appeal a rejection of my item',
        params: IdParams,
        body: Type.Object(
          { message: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ reviewItemId: Type.String() }) },
      },
    },
    async (request, reply) => {
      const result = await inTenant(request, (tx) =>
        appealCheck(
          tx,
          actorOf(request),
          request.guild.tenant.id,
          request.params.id,
          request.body.message,
        ),
      );
      return reply.code(201).send(result);
    },
  );
}

function registerPolicyRoutes(app: GuildServer, inTenant: InTenant) {
  const tags = ['moderation'];
  const access = 'moderation:configure' as const;

  app.get(
    `${BASE}/policies`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'The moderation policies: tenant-wide, per region and per space',
        response: { 200: Type.Object({ items: Type.Array(PolicySchema) }) },
      },
    },
    (request) => inTenant(request, async (tx) => ({ items: await listPolicies(tx) })),
  );

  app.put(
    `${BASE}/policies`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Create or replace the policy of a scope (tenant, a region or a space)',
        body: PolicyInput,
        response: { 200: PolicySchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const body = request.body;
        const problem = policyProblem(body.settings);
        if (problem) {
          throw fail.validation(problem.message, { field: problem.field });
        }
        if (body.scope === 'tenant' && (body.spaceSlug || body.regionCode)) {
          throw fail.validation('A tenant-wide policy names no space or region.', {
            field: body.spaceSlug ? 'spaceSlug' : 'regionCode',
          });
        }
        const target = await policyTarget(tx, body);
        const mode = body.mode ?? 'enforce';
        const existing = await tx
          .select({ id: moderationPolicies.id })
          .from(moderationPolicies)
          .where(
            and(
              eq(moderationPolicies.scope, body.scope),
              eq(moderationPolicies.mode, mode),
              target.spaceId ? eq(moderationPolicies.spaceId, target.spaceId) : undefined,
              target.regionId ? eq(moderationPolicies.regionId, target.regionId) : undefined,
            ),
          );
        const values = {
          settings: body.settings as Record<string, unknown>,
          updatedBy: actorOf(request).userId,
          updatedAt: new Date(),
        };
        let id: string;
        if (existing[0]) {
          id = existing[0].id;
          await tx.update(moderationPolicies).set(values).where(eq(moderationPolicies.id, id));
        } else {
          const [row] = await tx
            .insert(moderationPolicies)
            .values({
              tenantId: request.guild.tenant.id,
              scope: body.scope,
              mode,
              spaceId: target.spaceId,
              regionId: target.regionId,
              ...values,
            })
            .returning({ id: moderationPolicies.id });
          id = row!.id;
        }
        await recordAudit(tx, request, {
          action: 'moderation.policy_set',
          targetType: 'moderation_policy',
          targetId: id,
          details: { scope: body.scope, mode, space: body.spaceSlug, region: body.regionCode },
        });
        const policies = await listPolicies(tx);
        return policies.find((policy) => policy.id === id)!;
      }),
  );

  app.delete(
    `${BASE}/policies/:id`,
    {
      config: { access },
      schema: { tags, summary: 'Remove a policy', params: IdParams, response: NoContent },
    },
    async (request, reply) => {
      await inTenant(request, async (tx) => {
        const removed = await tx
          .delete(moderationPolicies)
          .where(eq(moderationPolicies.id, request.params.id))
          .returning({ id: moderationPolicies.id });
        if (removed.length === 0) {
          throw fail.notFound('This policy does not exist.');
        }
        await recordAudit(tx, request, {
          action: 'moderation.policy_removed',
          targetType: 'moderation_policy',
          targetId: request.params.id,
        });
      });
      return reply.code(204).send(null);
    },
  );
}

async function policyTarget(
  tx: Orm,
  body: { scope: 'tenant' | 'space' | 'region'; spaceSlug?: string; regionCode?: string },
): Promise<{ spaceId: string | null; regionId: string | null }> {
  if (body.scope === 'space') {
    if (!body.spaceSlug) {
      throw fail.validation('A space policy names its space.', { field: 'spaceSlug' });
    }
    const [space] = await tx
      .select({ id: spaces.id })
      .from(spaces)
      .where(eq(spaces.slug, body.spaceSlug));
    if (!space) {
      throw fail.validation(`There is no space "${body.spaceSlug}".`, { field: 'spaceSlug' });
    }
    return { spaceId: space.id, regionId: null };
  }
  if (body.scope === 'region') {
    if (!body.regionCode) {
      throw fail.validation('A region policy names its region.', { field: 'regionCode' });
    }
    const [region] = await tx
      .select({ id: regions.id })
      .from(regions)
      .where(eq(regions.code, body.regionCode));
    if (!region) {
      throw fail.validation(`There is no region "${body.regionCode}".`, { field: 'regionCode' });
    }
    return { spaceId: null, regionId: region.id };
  }
  return { spaceId: null, regionId: null };
}

async function listPolicies(tx: Orm) {
  const rows = await tx
    .select({
      policy: moderationPolicies,
      spaceSlug: spaces.slug,
      regionCode: regions.code,
    })
    .from(moderationPolicies)
    .leftJoin(spaces, eq(spaces.id, moderationPolicies.spaceId))
    .leftJoin(regions, eq(regions.id, moderationPolicies.regionId));
  const order = { tenant: 0, region: 1, space: 2 } as const;
  return rows
    .sort((a, b) => order[a.policy.scope] - order[b.policy.scope])
    .map(({ policy, spaceSlug, regionCode }) => ({
      id: policy.id,
      scope: policy.scope,
      spaceSlug,
      regionCode,
      mode: policy.mode,
      settings: policy.settings,
      updatedAt: policy.updatedAt.toISOString(),
    }));
}

/** A head's figures on one labelled set (NaN, where a figure is undefined, is sent as null). */
const HeadMetricsSchema = Type.Object({
  n: Type.Integer(),
  positives: Type.Integer(),
  threshold: Type.Number(),
  precision: Nullable(Type.Number()),
  recall: Nullable(Type.Number()),
  f1: Nullable(Type.Number()),
  auc: Nullable(Type.Number()),
  balancedAccuracy: Nullable(Type.Number()),
  confusion: Type.Object({
    tp: Type.Integer(),
    fp: Type.Integer(),
    tn: Type.Integer(),
    fn: Type.Integer(),
  }),
});
const MetricsSchema = Type.Record(Type.String(), HeadMetricsSchema);

const ModelSchema = Type.Object({
  version: Type.String(),
  status: StringEnum(['candidate', 'shadow', 'live', 'retired', 'refused']),
  trainingRows: Type.Integer(),
  evaluationRows: Type.Integer(),
  metrics: MetricsSchema,
  baseline: MetricsSchema,
  biasPassed: Type.Boolean(),
  biasMaxGap: Type.Number(),
  createdAt: Type.String(),
  promotedAt: Nullable(Type.String()),
});

function registerModelRoutes(app: GuildServer, inTenant: InTenant, moderation: Moderation) {
  const tags = ['moderation'];
  const access = 'moderation:configure' as const;
  const VersionParams = Type.Object({
    version: Type.String({ pattern: '^v(0|[1-9][0-9]{0,6})$' }),
  });

  app.get(
    `${BASE}/models`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Model versions with their figures; v0 is the model shipped with Guild',
        response: { 200: Type.Object({ live: Type.String(), items: Type.Array(ModelSchema) }) },
      },
    },
    (request) =>
      inTenant(request, (tx) => listModels(tx, moderation.models, request.guild.tenant.id)),
  );

  app.post(
    `${BASE}/models`,
    {
      config: { access },
      schema: {
        tags,
        summary: "Train a candidate version from this community's labels",
        response: {
          201: Type.Object({
            version: Type.String(),
            better: Type.Boolean(),
            biasPassed: Type.Boolean(),
            trainingRows: Type.Integer(),
            evaluationRows: Type.Integer(),
            metrics: MetricsSchema,
            baseline: MetricsSchema,
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await inTenant(request, async (tx) => {
        const trained = await trainTenantModel(
          tx,
          request.guild.tenant.id,
          moderation.models,
          actorOf(request).userId,
        );
        await recordAudit(tx, request, {
          action: 'moderation.model_trained',
          targetType: 'moderation_model',
          targetId: `v${trained.version}`,
          details: { better: trained.better, biasPassed: trained.bias.passed },
        });
        return trained;
      });
      return reply.code(201).send({
        version: `v${result.version}`,
        better: result.better,
        biasPassed: result.bias.passed,
        trainingRows: result.trainingRows,
        evaluationRows: result.evaluationRows,
        metrics: result.metrics,
        baseline: result.baseline,
      });
    },
  );

  app.post(
    `${BASE}/models/:version/promote`,
    {
      config: { access },
      schema: {
        tags,
        summary:
          'Make a version live (or shadow): only when it beats the live one and passes the bias check; v0 goes back to the shipped model',
        params: VersionParams,
        body: Type.Optional(
          Type.Object(
            { mode: Type.Optional(StringEnum(['live', 'shadow'])) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Type.Object({ version: Type.String(), status: Type.String() }) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const version = Number(request.params.version.slice(1));
        const result = await promoteModel(
          tx,
          request.guild.tenant.id,
          moderation.models,
          version,
          actorOf(request).userId,
          request.body?.mode ?? 'live',
        );
        await recordAudit(tx, request, {
          action: 'moderation.model_promoted',
          targetType: 'moderation_model',
          targetId: result.version,
          details: { status: result.status },
        });
        return result;
      }),
  );
}
