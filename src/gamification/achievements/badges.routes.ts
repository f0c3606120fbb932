/**
 * The badges API under /api/v1/gamification: the catalogue and who holds what for members;
 * configuration, backfill, and manual grants and revocations for managers (all audited).
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Orm } from '../../core/db/database.js';
import { roleHas } from '../../core/http/access.js';
import { PageQuery } from '../../core/http/pagination.js';
import { IdParams, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import {
  actorOf,
  BadgeBody,
  BadgePatchBody,
  BadgeSchema,
  BASE,
  HeldBadgeSchema,
  Page,
  presentBadge,
  presentHeld,
} from './achievements.schemas.js';
import {
  archiveBadge,
  BADGE_TIERS,
  createBadge,
  evaluateBadge,
  getBadge,
  grantBadge,
  listBadges,
  listMemberBadges,
  revokeBadge,
  updateBadge,
} from './badges.service.js';

type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

const tags = ['gamification'];
const configure = 'gamification:configure' as const;

export function registerBadgeRoutes(app: GuildServer, inTenant: InTenant): void {
  registerBadgeReads(app, inTenant);
  registerBadgeConfiguration(app, inTenant);
  registerBadgeGrants(app, inTenant);
}

function registerBadgeReads(app: GuildServer, inTenant: InTenant) {
  app.get(
    `${BASE}/badges`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'The badges of the community, newest first (archived ones for managers)',
        querystring: Type.Object({
          ...PageQuery.properties,
          includeArchived: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Page(BadgeSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const manager = roleHas(actorOf(request).role, configure);
        const page = await listBadges(tx, {
          includeArchived: manager && request.query.includeArchived === true,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentBadge), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    `${BASE}/badges/:id`,
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'One badge', params: IdParams, response: { 200: BadgeSchema } },
    },
    (request) =>
      inTenant(request, async (tx) => presentBadge(await getBadge(tx, request.params.id))),
  );

  const heldQuery = Type.Object({ ...PageQuery.properties });
  app.get(
    `${BASE}/me/badges`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'The badges I hold, newest first',
        querystring: heldQuery,
        response: { 200: Page(HeldBadgeSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const page = await listMemberBadges(tx, actorOf(request).userId, {
          includeHidden: true,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentHeld), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    `${BASE}/members/:id/badges`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: "A member's badges, newest first (only visible badges, unless mine)",
        params: IdParams,
        querystring: heldQuery,
        response: { 200: Page(HeldBadgeSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const actor = actorOf(request);
        const page = await listMemberBadges(tx, request.params.id, {
          includeHidden: actor.userId === request.params.id || roleHas(actor.role, configure),
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentHeld), nextCursor: page.nextCursor };
      }),
  );
}

function registerBadgeConfiguration(app: GuildServer, inTenant: InTenant) {
  app.post(
    `${BASE}/badges`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'Create a badge',
        body: BadgeBody,
        response: { 201: BadgeSchema },
      },
    },
    async (request, reply) => {
      const badge = await inTenant(request, async (tx) => {
        const created = await createBadge(
          tx,
          request.guild.tenant.id,
          request.body,
          actorOf(request).userId,
        );
        await recordAudit(tx, request, {
          action: 'badge.create',
          targetType: 'badge',
          targetId: created.id,
          details: { key: created.key, criterion: created.criterion, tiers: created.tiers },
        });
        return created;
      });
      return reply.code(201).send(presentBadge(badge));
    },
  );

  app.patch(
    `${BASE}/badges/:id`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: "Change a badge's wording, space, revocability, visibility or tiers",
        params: IdParams,
        body: BadgePatchBody,
        response: { 200: BadgeSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const badge = await updateBadge(
          tx,
          request.guild.tenant.id,
          request.params.id,
          request.body,
        );
        await recordAudit(tx, request, {
          action: 'badge.update',
          targetType: 'badge',
          targetId: badge.id,
          details: { changes: request.body },
        });
        return presentBadge(badge);
      }),
  );

  app.post(
    `${BASE}/badges/:id/archive`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'Archive a badge (no new grants; holders keep it)',
        params: IdParams,
        response: { 200: BadgeSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const badge = await archiveBadge(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'badge.archive',
          targetType: 'badge',
          targetId: badge.id,
        });
        return presentBadge(badge);
      }),
  );

  app.post(
    `${BASE}/badges/:id/evaluate`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'Re-evaluate a badge for every member it may concern (safe to repeat)',
        params: IdParams,
        response: {
          200: Type.Object({
            members: Type.Integer(),
            granted: Type.Integer(),
            revoked: Type.Integer(),
          }),
        },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const result = await evaluateBadge(tx, request.guild.tenant.id, request.params.id);
        await recordAudit(tx, request, {
          action: 'badge.evaluate',
          targetType: 'badge',
          targetId: request.params.id,
          details: { ...result },
        });
        return result;
      }),
  );
}

function registerBadgeGrants(app: GuildServer, inTenant: InTenant) {
  app.post(
    `${BASE}/badges/:id/grants`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'Give a member a badge tier by hand (badge_already_granted when held)',
        params: IdParams,
        body: Type.Object(
          {
            userId: Type.String({ format: 'uuid' }),
            tier: Type.Optional(StringEnum(BADGE_TIERS)),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            badgeId: Type.String(),
            userId: Type.String(),
            tier: StringEnum(BADGE_TIERS),
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await inTenant(request, async (tx) => {
        const granted = await grantBadge(tx, request.guild.tenant.id, {
          badgeId: request.params.id,
          userId: request.body.userId,
          tier: request.body.tier,
          grantedBy: actorOf(request).userId,
        });
        await recordAudit(tx, request, {
          action: 'badge.grant',
          targetType: 'user',
          targetId: request.body.userId,
          details: { badgeId: request.params.id, tier: granted.tier, note: request.body.note },
        });
        return granted;
      });
      return reply
        .code(201)
        .send({ badgeId: request.params.id, userId: request.body.userId, tier: result.tier });
    },
  );

  app.post(
    `${BASE}/badges/:id/revocations`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'Take a badge (one tier, or all held) from a member; its points are reversed',
        params: IdParams,
        body: Type.Object(
          {
            userId: Type.String({ format: 'uuid' }),
            tier: Type.Optional(StringEnum(BADGE_TIERS)),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ revoked: Type.Array(StringEnum(BADGE_TIERS)) }) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const result = await revokeBadge(tx, request.guild.tenant.id, {
          badgeId: request.params.id,
          userId: request.body.userId,
          tier: request.body.tier,
          revokedBy: actorOf(request).userId,
          reason: request.body.reason,
        });
        await recordAudit(tx, request, {
          action: 'badge.revoke',
          targetType: 'user',
          targetId: request.body.userId,
          details: { badgeId: request.params.id, ...result, reason: request.body.reason },
        });
        return result;
      }),
  );
}
