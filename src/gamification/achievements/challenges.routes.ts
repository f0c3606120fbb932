/**
 * The challenges API under /api/v1/gamification: members see the challenges open to them with
 * their progress and join them; managers create, change, publish and archive them (audited).
 * Every challenge with a prize carries its disclosure reminder (DISC-01) in each response.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Orm } from '../../core/db/database.js';
import { PageQuery } from '../../core/http/pagination.js';
import { IdParams, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import {
  actorOf,
  BASE,
  ChallengeBody,
  ChallengePatchBody,
  ChallengeSchema,
  MemberChallengeSchema,
  Page,
  presentChallenge,
  presentMemberChallenge,
} from './achievements.schemas.js';
import {
  archiveChallenge,
  CHALLENGE_STATUSES,
  challengeForMember,
  createChallenge,
  getChallenge,
  joinChallenge,
  listChallenges,
  listOpenChallenges,
  publishChallenge,
  updateChallenge,
  type ChallengeInput,
} from './challenges.service.js';

type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

const tags = ['gamification'];
const configure = 'gamification:configure' as const;

export function registerChallengeRoutes(app: GuildServer, inTenant: InTenant): void {
  registerMemberChallengeRoutes(app, inTenant);
  registerChallengeConfiguration(app, inTenant);
}

function registerMemberChallengeRoutes(app: GuildServer, inTenant: InTenant) {
  app.get(
    `${BASE}/challenges`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Challenges open to me (not ended), ending soonest first, with my progress',
        querystring: PageQuery,
        response: { 200: Page(MemberChallengeSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const page = await listOpenChallenges(tx, actorOf(request).userId, {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentMemberChallenge), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    `${BASE}/challenges/:id`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'A challenge open to me (or joined), with my progress',
        params: IdParams,
        response: { 200: MemberChallengeSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) =>
        presentMemberChallenge(
          await challengeForMember(tx, actorOf(request).userId, request.params.id),
        ),
      ),
  );

  app.post(
    `${BASE}/challenges/:id/join`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Join a challenge open to me (joining again changes nothing)',
        params: IdParams,
        response: { 200: MemberChallengeSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) =>
        presentMemberChallenge(
          await joinChallenge(
            tx,
            request.guild.tenant.id,
            actorOf(request).userId,
            request.params.id,
          ),
        ),
      ),
  );
}

function registerChallengeConfiguration(app: GuildServer, inTenant: InTenant) {
  app.get(
    `${BASE}/manage/challenges`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'Every challenge of the community, newest first',
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(StringEnum(CHALLENGE_STATUSES)),
        }),
        response: { 200: Page(ChallengeSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const page = await listChallenges(tx, {
          status: request.query.status,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentChallenge), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    `${BASE}/manage/challenges/:id`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'One challenge, whatever its status',
        params: IdParams,
        response: { 200: ChallengeSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => presentChallenge(await getChallenge(tx, request.params.id))),
  );

  app.post(
    `${BASE}/challenges`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'Create a challenge (a draft)',
        body: ChallengeBody,
        response: { 201: ChallengeSchema },
      },
    },
    async (request, reply) => {
      const challenge = await inTenant(request, async (tx) => {
        const created = await createChallenge(
          tx,
          request.guild.tenant.id,
          request.body,
          actorOf(request).userId,
        );
        await recordAudit(tx, request, {
          action: 'challenge.create',
          targetType: 'challenge',
          targetId: created.id,
          details: { title: created.title, prizePoints: created.prizePoints },
        });
        return created;
      });
      return reply.code(201).send(presentChallenge(challenge));
    },
  );

  app.patch(
    `${BASE}/challenges/:id`,
    {
      config: { access: configure },
      schema: {
        tags,
        summary: 'Change a challenge (a published one: wording, disclosure text and end only)',
        params: IdParams,
        body: ChallengePatchBody,
        response: { 200: ChallengeSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const patch = request.body as Partial<ChallengeInput>;
        const challenge = await updateChallenge(
          tx,
          request.guild.tenant.id,
          request.params.id,
          patch,
        );
        await recordAudit(tx, request, {
          action: 'challenge.update',
          targetType: 'challenge',
          targetId: challenge.id,
          details: { fields: Object.keys(patch) },
        });
        return presentChallenge(challenge);
      }),
  );

  for (const [action, summary, work] of [
    [
      'publish',
      'Publish a draft (a challenge with a prize needs its disclosure reminder text)',
      publishChallenge,
    ],
    ['archive', 'Archive a challenge (hidden; no more progress)', archiveChallenge],
  ] as const) {
    app.post(
      `${BASE}/challenges/:id/${action}`,
      {
        config: { access: configure },
        schema: { tags, summary, params: IdParams, response: { 200: ChallengeSchema } },
      },
      (request) =>
        inTenant(request, async (tx) => {
          const challenge = await work(tx, request.params.id);
          await recordAudit(tx, request, {
            action: `challenge.${action}`,
            targetType: 'challenge',
            targetId: challenge.id,
          });
          return presentChallenge(challenge);
        }),
    );
  }
}
