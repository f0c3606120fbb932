/**
 * The point rules API under /api/v1/gamification/rules (gamification:configure): list, create,
 * change (a new version), deactivate, version history, default rules, and the backfill that
 * re-scores history as a background job. Every change is audited.
 *
 * And /api/v1/gamification/events (points:manage, e.g. an API token of an integration): a
 * partner reports a review, store visit, converted referral, purchase or loyalty-program event
 * for a member, named by user id or by a joined customer's external id.
 */
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';
import { fail, GuildError } from '../../core/errors/errors.js';
import { ROLES } from '../../core/http/access.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import type { JobRunner } from '../../core/jobs/jobs.js';
import { recordActivity } from '../activity.js';
import { ACTIVITY_KINDS, type ActivityKind } from '../activity.types.js';
import { createBackfill, getBackfill, PointBackfillTask } from './backfill.js';
import {
  createRule,
  deactivateRule,
  getRule,
  installDefaultRules,
  listRules,
  ruleVersions,
  updateRule,
} from './rules.service.js';

const BASE = '/api/v1/gamification/rules';
const tags = ['gamification'];

const Whole = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const CapSchema = Type.Object(
  { count: Type.Optional(Nullable(Whole)), points: Type.Optional(Nullable(Whole)) },
  { additionalProperties: false },
);
const ConditionValue = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]);

const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  eventKind: StringEnum(ACTIVITY_KINDS),
  scope: StringEnum(['tenant', 'region', 'space'] as const),
  regionCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  spaceSlug: Type.Optional(Nullable(Type.String({ maxLength: 61 }))),
  bonus: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
  points: Type.Optional(Nullable(Whole)),
  pointsPerCurrencyUnit: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 10_000 }))),
  minorUnitsPerCurrencyUnit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  dailyCap: Type.Optional(Nullable(CapSchema)),
  weeklyCap: Type.Optional(Nullable(CapSchema)),
  lifetimeCap: Type.Optional(Nullable(CapSchema)),
  cooldownSeconds: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 31_536_000 }))),
  diminishing: Type.Optional(
    Nullable(
      Type.Object(
        {
          afterCount: Type.Integer({ minimum: 0, maximum: 10_000 }),
          step: Type.Number({ minimum: 0, maximum: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
  ),
  eligibility: Type.Optional(
    Type.Object(
      {
        roles: Type.Optional(Type.Array(StringEnum(ROLES), { maxItems: 10 })),
        segments: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
        minAccountAgeDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 36_500 }))),
      },
      { additionalProperties: false },
    ),
  ),
  conditions: Type.Optional(
    Type.Record(Type.String({ maxLength: 60 }), ConditionValue, { maxProperties: 20 }),
  ),
  returnWindowDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
  expiryDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 36_500 }))),
  tierQualifying: Type.Optional(Type.Boolean()),
};

const RuleBody = Type.Object(RuleFields, { additionalProperties: false });
const RuleChange = Type.Partial(Type.Object(RuleFields), { additionalProperties: false });

const CapView = Nullable(
  Type.Object({ count: Nullable(Type.Number()), points: Nullable(Type.Number()) }),
);
const SettingsView = Type.Object({
  points: Nullable(Type.Number()),
  pointsPerCurrencyUnit: Nullable(Type.Number()),
  minorUnitsPerCurrencyUnit: Type.Number(),
  dailyCap: CapView,
  weeklyCap: CapView,
  lifetimeCap: CapView,
  cooldownSeconds: Nullable(Type.Number()),
  diminishing: Nullable(Type.Object({ afterCount: Type.Number(), step: Type.Number() })),
  eligibility: Type.Object({
    roles: Type.Array(Type.String()),
    segments: Type.Array(Type.String()),
    minAccountAgeDays: Nullable(Type.Number()),
  }),
  conditions: Type.Record(Type.String(), ConditionValue),
  returnWindowDays: Nullable(Type.Number()),
  expiryDays: Nullable(Type.Number()),
  tierQualifying: Type.Boolean(),
});
const RuleView = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  eventKind: Type.String(),
  scope: Type.String(),
  regionCode: Nullable(Type.String()),
  spaceSlug: Nullable(Type.String()),
  bonus: Type.Boolean(),
  active: Type.Boolean(),
  settings: SettingsView,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const VersionView = Type.Object({
  version: Type.Integer(),
  change: Type.String(),
  definition: Type.Record(Type.String(), Type.Unknown()),
  changedBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
const BackfillView = Type.Object({
  id: Type.String(),
  status: StringEnum(['queued', 'running', 'done', 'failed'] as const),
  total: Type.Integer(),
  processed: Type.Integer(),
  adjusted: Type.Integer(),
  pointsDelta: Type.Integer(),
  error: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

/** Kinds a partner may report through the events API. */
export const REPORTABLE_KINDS = [
  'review',
  'store_visit',
  'referral_converted',
  'purchase',
  'loyalty_event',
] as const satisfies readonly ActivityKind[];

const EventBody = Type.Object(
  {
    kind: StringEnum(REPORTABLE_KINDS),
    /** The partner's own id of the event (for a purchase: the order's external id). */
    eventId: Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' }),
    userId: Type.Optional(Type.String({ format: 'uuid' })),
    customerExternalId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
    quantity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    spaceSlug: Type.Optional(Type.String({ maxLength: 61 })),
    regionCode: Type.Optional(Type.String({ maxLength: 20 })),
    properties: Type.Optional(
      Type.Record(Type.String({ maxLength: 60 }), Nullable(ConditionValue), { maxProperties: 30 }),
    ),
  },
  { additionalProperties: false },
);
const EventResult = Type.Object({
  recorded: Type.Boolean(),
  eventId: Type.String(),
  causeKey: Type.String(),
  userId: Type.String(),
  points: Type.Integer(),
  outcomes: Type.Array(
    Type.Object({
      ruleId: Type.String(),
      ruleVersion: Type.Integer(),
      points: Type.Integer(),
      reason: Type.String(),
    }),
  ),
});

type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

function actorId(request: FastifyRequest): string | null {
  return request.guild.actor?.userId ?? null;
}

/** Registers the rules, backfill and events routes, and the backfill job. */
export function registerRuleRoutes(deps: { app: GuildServer; db: Database; jobs: JobRunner }) {
  const { app, db, jobs } = deps;
  const inTenant: InTenant = (request, work) => db.tenant(request.guild.tenant.id, work);
  const backfillTask = new PointBackfillTask();
  jobs.register(backfillTask);
  registerRuleCrud(app, inTenant);
  registerBackfill(app, inTenant, jobs, backfillTask);
  registerEvents(app, inTenant);
}

function registerRuleCrud(app: GuildServer, inTenant: InTenant) {
  const access = 'gamification:configure' as const;

  app.get(
    BASE,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Point rules, newest first',
        querystring: Type.Object({
          ...PageQuery.properties,
          eventKind: Type.Optional(StringEnum(ACTIVITY_KINDS)),
          active: Type.Optional(Type.Boolean()),
        }),
        response: { 200: PageOf(RuleView) },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        listRules(tx, {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
          eventKind: request.query.eventKind,
          active: request.query.active,
        }),
      ),
  );

  app.post(
    BASE,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Create a point rule (version 1)',
        body: RuleBody,
        response: { 201: RuleView },
      },
    },
    async (request, reply) => {
      const rule = await inTenant(request, async (tx) => {
        const made = await createRule(tx, request.guild.tenant.id, request.body, actorId(request));
        await recordAudit(tx, request, {
          action: 'points.rule_create',
          targetType: 'point_rule',
          targetId: made.id,
          details: { version: made.version, eventKind: made.eventKind, scope: made.scope },
        });
        return made;
      });
      return reply.code(201).send(rule);
    },
  );

  app.post(
    `${BASE}/defaults`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Install the default rules for event kinds that have none yet',
        response: { 200: Type.Object({ items: Type.Array(RuleView) }) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const items = await installDefaultRules(tx, request.guild.tenant.id, actorId(request));
        await recordAudit(tx, request, {
          action: 'points.rule_defaults',
          details: { created: items.map((rule) => rule.id) },
        });
        return { items };
      }),
  );

  app.get(
    `${BASE}/:id`,
    {
      config: { access },
      schema: { tags, summary: 'One point rule', params: IdParams, response: { 200: RuleView } },
    },
    (request) => inTenant(request, (tx) => getRule(tx, request.params.id)),
  );

  app.patch(
    `${BASE}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Change a point rule; the result is its next version',
        params: IdParams,
        body: RuleChange,
        response: { 200: RuleView },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const changed = await updateRule(
          tx,
          request.guild.tenant.id,
          request.params.id,
          request.body,
          actorId(request),
        );
        await recordAudit(tx, request, {
          action: 'points.rule_update',
          targetType: 'point_rule',
          targetId: changed.id,
          details: { version: changed.version, fields: Object.keys(request.body) },
        });
        return changed;
      }),
  );

  app.post(
    `${BASE}/:id/deactivate`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Deactivate a point rule (a new version); it scores nothing from now on',
        params: IdParams,
        response: { 200: RuleView },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const rule = await deactivateRule(
          tx,
          request.guild.tenant.id,
          request.params.id,
          actorId(request),
        );
        await recordAudit(tx, request, {
          action: 'points.rule_deactivate',
          targetType: 'point_rule',
          targetId: rule.id,
          details: { version: rule.version },
        });
        return rule;
      }),
  );

  app.get(
    `${BASE}/:id/versions`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Every version of a point rule, newest first',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: PageOf(VersionView) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const cursor = request.query.cursor;
        if (cursor !== undefined && !/^[1-9][0-9]{0,8}$/.test(cursor)) {
          throw new GuildError('bad_cursor');
        }
        const page = await ruleVersions(tx, request.params.id, {
          limit: request.query.limit ?? 20,
          before: cursor === undefined ? undefined : Number(cursor),
        });
        return {
          items: page.items,
          nextCursor: page.nextBefore === null ? null : String(page.nextBefore),
        };
      }),
  );
}

function registerBackfill(
  app: GuildServer,
  inTenant: InTenant,
  jobs: JobRunner,
  task: PointBackfillTask,
) {
  const access = 'gamification:configure' as const;

  app.post(
    `${BASE}/backfill`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Re-score all stored activity under the current rules (a background job)',
        response: { 202: BackfillView },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const run = await inTenant(request, async (tx) => {
        const made = await createBackfill(tx, tenantId, actorId(request));
        await recordAudit(tx, request, {
          action: 'points.backfill',
          targetType: 'point_backfill',
          targetId: made.id,
          details: { events: made.total },
        });
        return made;
      });
      await jobs.send(task, { tenantId, backfillId: run.id });
      return reply.code(202).send(run);
    },
  );

  app.get(
    `${BASE}/backfill/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'The progress of a backfill run',
        params: IdParams,
        response: { 200: BackfillView },
      },
    },
    (request) => inTenant(request, (tx) => getBackfill(tx, request.params.id)),
  );
}

/** The member an integration names: by id, or by a customer record joined to them. */
async function memberOf(tx: Orm, body: Static<typeof EventBody>): Promise<string> {
  if ((body.userId === undefined) === (body.customerExternalId === undefined)) {
    throw fail.validation('Name the member by "userId" or by "customerExternalId".', {
      field: 'userId',
    });
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    body.userId !== undefined
      ? sql`select id from users where id = ${body.userId} and status = 'active'`
      : sql`select k.user_id as id from customers c
          join member_customer_links k on k.customer_id = c.id and k.unlinked_at is null
          join users u on u.id = k.user_id and u.status = 'active'
          where c.external_id = ${body.customerExternalId ?? ''}
          order by k.linked_at limit 1`,
  );
  if (!row) {
    throw fail.notFound(
      body.userId !== undefined
        ? 'No active member with this id.'
        : 'No active member is joined to a customer with this external id.',
    );
  }
  return row.id;
}

async function placeOf(tx: Orm, body: Static<typeof EventBody>) {
  let spaceId: string | null = null;
  let regionId: string | null = null;
  if (body.spaceSlug !== undefined) {
    const [space] = await sqlRows<{ id: string }>(
      tx,
      sql`select id from spaces where slug = ${body.spaceSlug}`,
    );
    if (!space) {
      throw fail.validation('No space with this slug.', { field: 'spaceSlug' });
    }
    spaceId = space.id;
  }
  if (body.regionCode !== undefined) {
    const [region] = await sqlRows<{ id: string }>(
      tx,
      sql`select id from regions where code = ${body.regionCode}`,
    );
    if (!region) {
      throw fail.validation('No region with this code.', { field: 'regionCode' });
    }
    regionId = region.id;
  }
  return { spaceId, regionId };
}

function registerEvents(app: GuildServer, inTenant: InTenant) {
  app.post(
    '/api/v1/gamification/events',
    {
      config: { access: 'points:manage' },
      schema: {
        tags,
        summary: 'Report a member’s review, store visit, referral, purchase or loyalty event',
        body: EventBody,
        response: { 200: EventResult },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const body = request.body;
        if (body.kind === 'purchase' && body.quantity === undefined) {
          throw fail.validation('A purchase needs its net amount in minor units ("quantity").', {
            field: 'quantity',
          });
        }
        const occurredAt = body.occurredAt ? new Date(body.occurredAt) : new Date();
        if (occurredAt.getTime() > Date.now() + 5 * 60_000) {
          throw fail.validation('"occurredAt" lies in the future.', { field: 'occurredAt' });
        }
        const userId = await memberOf(tx, body);
        const place = await placeOf(tx, body);
        const causeKey =
          body.kind === 'purchase' ? `order:${body.eventId}` : `${body.kind}:${body.eventId}`;
        const result = await recordActivity(tx, request.guild.tenant.id, {
          kind: body.kind,
          userId,
          actorId: null,
          causeKey,
          occurredAt,
          spaceId: place.spaceId,
          regionId: place.regionId,
          quantity: body.quantity ?? null,
          currency: body.currency ?? null,
          properties: body.properties ?? {},
        });
        if (result.recorded) {
          await recordAudit(tx, request, {
            action: 'points.event',
            targetType: 'activity_event',
            targetId: result.eventId,
            details: { kind: body.kind, causeKey, userId, points: result.points },
          });
        }
        return { ...result, causeKey, userId };
      }),
  );
}
