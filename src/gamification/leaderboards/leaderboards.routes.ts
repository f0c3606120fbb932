/**
 * The leaderboards API under /api/v1/gamification/leaderboards: a board's top N with the
 * caller's own standing, the caller's opt-out, and the tenant's settings (half-life of
 * reputation, the rising board's window). Setting changes are audited.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import { GuildError } from '../../core/errors/errors.js';
import type { Actor } from '../../core/http/request-context.js';
import { Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GamificationDeps } from '../gamification.routes.js';
import {
  BOARDS,
  leaderboard,
  leaderboardSettings,
  MAX_LIMIT,
  PERIODS,
} from './leaderboards.service.js';
import { preferencesOf, setPreferences } from './preferences.service.js';
import { updateSettings } from './settings.service.js';
import { startLeaderboardSweeper } from './sweeper.js';

const BASE = '/api/v1/gamification/leaderboards';
const tags = ['gamification'];

const MemberSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
});

const LeaderboardSchema = Type.Object({
  board: StringEnum(BOARDS),
  period: StringEnum(PERIODS),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  items: Type.Array(
    Type.Object({ rank: Type.Integer(), member: MemberSchema, points: Type.Number() }),
  ),
  me: Nullable(
    Type.Object({
      rank: Nullable(Type.Integer()),
      points: Type.Number(),
      note: Nullable(Type.String()),
    }),
  ),
  freshness: Type.Object({
    foldedThroughId: Type.String(),
    foldedAt: Type.String({ format: 'date-time' }),
    behindEntries: Type.Integer(),
    behindSeconds: Type.Integer(),
  }),
});

const PreferencesSchema = Type.Object({ optedOut: Type.Boolean() });
const SettingsSchema = Type.Object({
  halfLifeDays: Type.Integer({ minimum: 7, maximum: 3650 }),
  risingDays: Type.Integer({ minimum: 1, maximum: 365 }),
});

function actorOf(request: FastifyRequest): Actor {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor;
}

/** Registers the leaderboard routes, and the sweeper that keeps the boards current. */
export function registerLeaderboardRoutes({ app, db, config }: GamificationDeps): void {
  const inTenant = <T>(request: FastifyRequest, work: Parameters<typeof db.tenant<T>>[1]) =>
    db.tenant(request.guild.tenant.id, work);

  app.get(
    BASE,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'The top members of a board, with your own rank and points',
        querystring: Type.Object({
          period: Type.Optional(StringEnum(PERIODS)),
          from: Type.Optional(Type.String({ maxLength: 10 })),
          to: Type.Optional(Type.String({ maxLength: 10 })),
          spaceId: Type.Optional(Type.String({ format: 'uuid' })),
          regionId: Type.Optional(Type.String({ format: 'uuid' })),
          segment: Type.Optional(Type.String({ maxLength: 100 })),
          board: Type.Optional(StringEnum(BOARDS)),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: 10 })),
        }),
        response: { 200: LeaderboardSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const result = await inTenant(request, (tx) =>
        leaderboard(
          tx,
          request.guild.tenant.id,
          {
            period: q.period ?? 'all',
            from: q.from,
            to: q.to,
            spaceId: q.spaceId,
            regionId: q.regionId,
            segment: q.segment,
            board: q.board ?? 'points',
            limit: q.limit ?? 10,
          },
          actor.userId,
        ),
      );
      return {
        board: result.board,
        period: result.period,
        from: result.from,
        to: result.to,
        items: result.items.map((item) => ({
          rank: item.rank,
          member: { id: item.userId, username: item.username, displayName: item.displayName },
          points: item.points,
        })),
        me: result.me && { rank: result.me.rank, points: result.me.points, note: result.me.note },
        freshness: result.freshness,
      };
    },
  );

  app.get(
    `${BASE}/preferences`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Whether you appear on the leaderboards',
        response: { 200: PreferencesSchema },
      },
    },
    (request) => inTenant(request, (tx) => preferencesOf(tx, actorOf(request).userId)),
  );

  app.put(
    `${BASE}/preferences`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Opt out of (or back into) the leaderboards',
        body: Type.Object({ optedOut: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: PreferencesSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const actor = actorOf(request);
        const result = await setPreferences(tx, request.guild.tenant.id, actor.userId, {
          optedOut: request.body.optedOut,
        });
        await recordAudit(tx, request, {
          action: 'leaderboards.preferences_changed',
          targetType: 'user',
          targetId: actor.userId,
          details: { optedOut: result.optedOut },
        });
        return result;
      }),
  );

  app.get(
    `${BASE}/settings`,
    {
      config: { access: 'gamification:configure' },
      schema: {
        tags,
        summary: 'Leaderboard settings of the community',
        response: { 200: SettingsSchema },
      },
    },
    (request) => inTenant(request, (tx) => leaderboardSettings(tx, request.guild.tenant.id)),
  );

  app.put(
    `${BASE}/settings`,
    {
      config: { access: 'gamification:configure' },
      schema: {
        tags,
        summary: 'Change the reputation half-life or the rising board window',
        body: Type.Partial(SettingsSchema, { additionalProperties: false }),
        response: { 200: SettingsSchema },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      const result = await updateSettings(db.system, tenantId, request.body);
      await inTenant(request, (tx) =>
        recordAudit(tx, request, {
          action: 'leaderboards.settings_changed',
          targetType: 'tenant',
          targetId: tenantId,
          details: { before: result.before, after: result.after, rebuilt: result.rebuilt },
        }),
      );
      return result.after;
    },
  );

  if (config.jobs.work && config.env !== 'test') {
    const sweeper = startLeaderboardSweeper(db, {
      onError: (error) => app.log.error({ err: error }, 'leaderboard fold failed'),
    });
    app.addHook('onClose', () => sweeper.stop());
  }
}
