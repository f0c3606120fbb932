/**
 * The levels and streaks API under /api/v1/gamification: the ladder of levels, a member's own
 * level, privileges and streak; levels configured by managers (audited).
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Orm } from '../../core/db/database.js';
import { IdParams, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { ACTIVITY_KINDS } from '../activity.types.js';
import {
  actorOf,
  BASE,
  LevelBody,
  LevelPatchBody,
  LevelSchema,
  MemberLevelSchema,
  Page,
  presentLevel,
  presentMemberLevel,
  presentStreak,
  StreakSchema,
} from './achievements.schemas.js';
import {
  archiveLevel,
  createLevel,
  listLevels,
  MAX_LEVELS,
  memberLevel,
  updateLevel,
} from './levels.service.js';
import { streakFor } from './streaks.service.js';

type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

const tags = ['gamification'];
const configure = 'gamification:configure' as const;

export function registerLevelRoutes(app: GuildServer, inTenant: InTenant): void {
  app.get(
    `${BASE}/levels`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: `The levels, lowest first (at most ${MAX_LEVELS}: one page)`,
        response: { 200: Page(LevelSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => ({
        items: (await listLevels(tx)).map(presentLevel),
        nextCursor: null,
      })),
  );

  app.get(
    `${BASE}/me/level`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'My level, the next one and my privileges, from my lifetime points',
        response: { 200: MemberLevelSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) =>
        presentMemberLevel(await memberLevel(tx, actorOf(request).userId)),
      ),
  );

  app.get(
    `${BASE}/me/streak`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'My streak of consecutive days with activity, in my time zone',
        querystring: Type.Object({ kind: Type.Optional(StringEnum(ACTIVITY_KINDS)) }),
        response: { 200: StreakSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) =>
        presentStreak(
          await streakFor(tx, actorOf(request).userId, { kind: request.query.kind ?? null }),
        ),
      ),
  );

  app.post(
    `${BASE}/levels`,
    {
      config: { access: configure },
      schema: { tags, summary: 'Add a level', body: LevelBody, response: { 201: LevelSchema } },
    },
    async (request, reply) => {
      const level = await inTenant(request, async (tx) => {
        const created = await createLevel(tx, request.guild.tenant.id, request.body);
        await recordAudit(tx, request, {
          action: 'level.create',
          targetType: 'level',
          targetId: created.id,
          details: { ...request.body },
        });
        return created;
      });
      return reply.code(201).send(presentLevel(level));
    },
  );

  app.patch(
    `${BASE}/levels/:id`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: "Change a level's name, threshold or privileges",
        params: IdParams,
        body: LevelPatchBody,
        response: { 200: LevelSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const level = await updateLevel(tx, request.params.id, request.body);
        await recordAudit(tx, request, {
          action: 'level.update',
          targetType: 'level',
          targetId: level.id,
          details: { changes: request.body },
        });
        return presentLevel(level);
      }),
  );

  app.post(
    `${BASE}/levels/:id/archive`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'Archive a level (it no longer counts)',
        params: IdParams,
        response: { 200: LevelSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const level = await archiveLevel(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'level.archive',
          targetType: 'level',
          targetId: level.id,
        });
        return presentLevel(level);
      }),
  );
}
