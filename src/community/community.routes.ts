/**
 * HTTP routes of the community: spaces, posts, comments, reactions, accepted answers,
 * follows, notifications, search, profiles and the Markdown preview. Each handler validates
 * (by schema), opens the tenant's transaction, calls one service function and returns what
 * the presenter shaped.
 */
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Orm } from '../core/db/database.js';
import { GuildError } from '../core/errors/errors.js';
import { PageOf, PageQuery } from '../core/http/pagination.js';
import type { Actor } from '../core/http/request-context.js';
import { IdParams } from '../core/http/schemas.js';
import type { GuildServer } from '../core/http/server.js';
import { eq } from 'drizzle-orm';
import type { ModerationGate } from '../moderation/gate.js';
import { posts, spaces } from './community.table.js';
import {
  CommentInputSchema,
  CommentSchema,
  NotificationSchema,
  PostChangeSchema,
  PostInputSchema,
  PostSchema,
  PostSummarySchema,
  ProfileSchema,
  ReactionKindSchema,
  ReactionStateSchema,
  RevisionSchema,
  SearchHitSchema,
  SpaceInputSchema,
  SpaceSchema,
} from './community.schemas.js';
import {
  createComment,
  deleteComment,
  editComment,
  listComments,
  presentComment,
} from './comments.service.js';
import { PaidDeclaredInput, PostDisclosureSchema, SponsoredSchema } from './disclosure.js';
import {
  assertMayReply,
  assertMayStartTopic,
  DEFAULT_FIRST_DAY_LIMITS,
  FirstDayLimitReached,
  type FirstDayLimits,
} from './first-day-limits.js';
import { renderMarkdown } from './markdown.js';
import { listNotifications, markRead } from './notifications.service.js';
import {
  createPost,
  deletePost,
  editPost,
  listPosts,
  listRevisions,
  presentPost,
  setAcceptedAnswer,
} from './posts.service.js';
import { findMemberId, getProfile } from './profiles.service.js';
import { setReaction } from './reactions.service.js';
import { searchPosts } from './search.service.js';
import {
  createSpace,
  findVisibleSpace,
  getSpace,
  listSpaces,
  setFollow,
} from './spaces.service.js';
import { notify } from './notifications.service.js';

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 61 }) });
const UsernameParams = Type.Object({ username: Type.String({ maxLength: 60 }) });
const ReactionParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: ReactionKindSchema,
});
const NoContent = { 204: Type.Null() };

// Posts as the routes below send and take them: with the disclosure label (DISC-09) and the
// author's "contains paid or sponsored content" declaration (src/community/disclosure.ts).
const PostOut = Type.Intersect([PostSchema, PostDisclosureSchema]);
const FeedPost = Type.Intersect([PostSummarySchema, SponsoredSchema]);
const SearchHit = Type.Intersect([SearchHitSchema, SponsoredSchema]);
const PostIn = Type.Object(
  { ...PostInputSchema.properties, ...PaidDeclaredInput },
  { additionalProperties: false },
);
const PostChange = Type.Object(
  { ...PostChangeSchema.properties, ...PaidDeclaredInput },
  { additionalProperties: false },
);

function actorOf(request: FastifyRequest): Actor {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor;
}

/**
 * Runs `work`; when a first-day limit refuses it, the answer carries Retry-After with the
 * seconds until the account's first day ends.
 */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FirstDayLimitReached) {
      reply.header('retry-after', String(Math.max(1, error.retryAfterSeconds)));
    }
    throw error;
  }
}

/** Registers the community routes under /api/v1. */
export function registerCommunityRoutes(
  app: GuildServer,
  db: Database,
  gate: ModerationGate,
  limits: FirstDayLimits = DEFAULT_FIRST_DAY_LIMITS,
): void {
  // A GET changes nothing, so it runs as a read (no transaction of its own; a write fails).
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    request.method === 'GET'
      ? db.tenantRead(request.guild.tenant.id, work)
      : db.tenant(request.guild.tenant.id, work);

  registerSpaceRoutes(app, inTenant, gate, limits);
  registerPostRoutes(app, inTenant, gate);
  registerCommentRoutes(app, inTenant, gate, limits);
  registerMemberRoutes(app, inTenant);
}

type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

function registerSpaceRoutes(
  app: GuildServer,
  inTenant: InTenant,
  gate: ModerationGate,
  limits: FirstDayLimits,
) {
  const tags = ['spaces'];

  app.get(
    '/api/v1/spaces',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Spaces the caller may see',
        response: { 200: Type.Object({ items: Type.Array(SpaceSchema) }) },
      },
    },
    async (request) => ({
      items: await inTenant(request, (tx) => listSpaces(tx, request.guild.actor)),
    }),
  );

  app.post(
    '/api/v1/spaces',
    {
      config: { access: 'spaces:manage' },
      schema: {
        tags,
        summary: 'Create a space',
        body: SpaceInputSchema,
        response: { 201: SpaceSchema },
      },
    },
    async (request, reply) => {
      const space = await inTenant(request, (tx) =>
        createSpace(tx, actorOf(request), request.guild.tenant.id, request.body),
      );
      return reply.code(201).send(space);
    },
  );

  app.get(
    '/api/v1/spaces/:slug',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One space', params: SlugParams, response: { 200: SpaceSchema } },
    },
    (request) => inTenant(request, (tx) => getSpace(tx, request.guild.actor, request.params.slug)),
  );

  app.get(
    '/api/v1/spaces/:slug/posts',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A space's posts, newest first",
        params: SlugParams,
        querystring: PageQuery,
        response: { 200: PageOf(FeedPost) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const { actor } = request.guild;
        // One query in the common case; only an empty page asks whether the space exists.
        const page = await listPosts(tx, actor, eq(spaces.slug, request.params.slug), {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        if (page.items.length === 0) {
          await findVisibleSpace(tx, actor, request.params.slug);
        }
        return page;
      }),
  );

  app.post(
    '/api/v1/spaces/:slug/posts',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['posts'],
        summary: 'Publish a post in a space',
        params: SlugParams,
        body: PostIn,
        response: { 201: PostOut },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const post = await withRetryAfter(reply, () =>
        inTenant(request, async (tx) => {
          const space = await findVisibleSpace(tx, actor, request.params.slug);
          await assertMayStartTopic(tx, actor, limits);
          return createPost(tx, actor, request.guild.tenant.id, space, request.body, gate);
        }),
      );
      return reply.code(201).send(post);
    },
  );

  for (const on of [true, false]) {
    const route = {
      config: { access: 'signed_in' as const },
      schema: {
        tags,
        summary: on ? 'Follow a space' : 'Unfollow a space',
        params: SlugParams,
        response: NoContent,
      },
    };
    const handler = async (
      request: FastifyRequest<{ Params: { slug: string } }>,
      reply: FastifyReply,
    ) => {
      const actor = actorOf(request);
      await inTenant(request, async (tx) => {
        const space = await findVisibleSpace(tx, actor, request.params.slug);
        await setFollow(tx, {
          tenantId: request.guild.tenant.id,
          userId: actor.userId,
          targetType: 'space',
          targetId: space.id,
          on,
        });
      });
      return reply.code(204).send(null);
    };
    if (on) {
      app.put('/api/v1/spaces/:slug/follow', route, handler);
    } else {
      app.delete('/api/v1/spaces/:slug/follow', route, handler);
    }
  }
}

function registerPostRoutes(app: GuildServer, inTenant: InTenant, gate: ModerationGate) {
  const tags = ['posts'];

  app.get(
    '/api/v1/posts/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One post', params: IdParams, response: { 200: PostOut } },
    },
    (request) => inTenant(request, (tx) => presentPost(tx, request.guild.actor, request.params.id)),
  );

  app.patch(
    '/api/v1/posts/:id',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Edit a post (keeps a revision)',
        params: IdParams,
        body: PostChange,
        response: { 200: PostOut },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        await editPost(tx, actorOf(request), request.params.id, request.body, gate);
        return presentPost(tx, actorOf(request), request.params.id);
      }),
  );

  app.delete(
    '/api/v1/posts/:id',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'Delete a post', params: IdParams, response: NoContent },
    },
    async (request, reply) => {
      await inTenant(request, (tx) => deletePost(tx, actorOf(request), request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/posts/:id/revisions',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: "A post's earlier versions",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(RevisionSchema) }) },
      },
    },
    async (request) => ({
      items: await inTenant(request, (tx) =>
        listRevisions(tx, actorOf(request), request.params.id),
      ),
    }),
  );

  app.put(
    '/api/v1/posts/:id/accepted-answer',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Mark a comment as the accepted answer',
        params: IdParams,
        body: Type.Object(
          { commentId: Type.String({ format: 'uuid' }) },
          { additionalProperties: false },
        ),
        response: { 200: PostOut },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        await setAcceptedAnswer(tx, actorOf(request), request.params.id, request.body.commentId);
        return presentPost(tx, actorOf(request), request.params.id);
      }),
  );

  app.delete(
    '/api/v1/posts/:id/accepted-answer',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Clear the accepted answer',
        params: IdParams,
        response: { 200: PostOut },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        await setAcceptedAnswer(tx, actorOf(request), request.params.id, null);
        return presentPost(tx, actorOf(request), request.params.id);
      }),
  );

  registerReactionRoutes(app, inTenant, 'post');

  for (const on of [true, false]) {
    const route = {
      config: { access: 'signed_in' as const },
      schema: {
        tags,
        summary: on ? 'Follow a post' : 'Unfollow a post',
        params: IdParams,
        response: NoContent,
      },
    };
    const handler = async (
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
    ) => {
      const actor = actorOf(request);
      await inTenant(request, async (tx) => {
        await presentPost(tx, actor, request.params.id);
        await setFollow(tx, {
          tenantId: request.guild.tenant.id,
          userId: actor.userId,
          targetType: 'post',
          targetId: request.params.id,
          on,
        });
      });
      return reply.code(204).send(null);
    };
    if (on) {
      app.put('/api/v1/posts/:id/follow', route, handler);
    } else {
      app.delete('/api/v1/posts/:id/follow', route, handler);
    }
  }
}

function registerReactionRoutes(app: GuildServer, inTenant: InTenant, type: 'post' | 'comment') {
  const path = `/api/v1/${type}s/:id/reactions/:kind`;
  for (const on of [true, false]) {
    const route = {
      config: { access: 'signed_in' as const },
      schema: {
        tags: ['reactions'],
        summary: `${on ? 'Add' : 'Remove'} my reaction on a ${type}`,
        params: ReactionParams,
        response: { 200: ReactionStateSchema },
      },
    };
    const handler = (request: FastifyRequest<{ Params: { id: string; kind: 'like' } }>) =>
      inTenant(request, (tx) =>
        setReaction(tx, actorOf(request), {
          type,
          id: request.params.id,
          kind: request.params.kind,
          on,
        }),
      );
    if (on) {
      app.put(path, route, handler);
    } else {
      app.delete(path, route, handler);
    }
  }
}

function registerCommentRoutes(
  app: GuildServer,
  inTenant: InTenant,
  gate: ModerationGate,
  limits: FirstDayLimits,
) {
  const tags = ['comments'];

  app.get(
    '/api/v1/posts/:id/comments',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A post's comments, oldest first",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: PageOf(CommentSchema) },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        listComments(tx, request.guild.actor, request.params.id, {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        }),
      ),
  );

  app.post(
    '/api/v1/posts/:id/comments',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Comment on a post, or reply to a comment',
        params: IdParams,
        body: CommentInputSchema,
        response: { 201: CommentSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const comment = await withRetryAfter(reply, () =>
        inTenant(request, async (tx) => {
          await assertMayReply(tx, actor, request.params.id, limits);
          return createComment(tx, actor, request.params.id, request.body, gate);
        }),
      );
      return reply.code(201).send(comment);
    },
  );

  app.patch(
    '/api/v1/comments/:id',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Edit a comment',
        params: IdParams,
        body: Type.Object(
          { body: Type.String({ minLength: 1, maxLength: 20_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: CommentSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        await editComment(tx, actorOf(request), request.params.id, request.body.body, gate);
        return presentComment(tx, actorOf(request), request.params.id);
      }),
  );

  app.delete(
    '/api/v1/comments/:id',
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'Delete a comment', params: IdParams, response: NoContent },
    },
    async (request, reply) => {
      await inTenant(request, (tx) => deleteComment(tx, actorOf(request), request.params.id));
      return reply.code(204).send(null);
    },
  );

  registerReactionRoutes(app, inTenant, 'comment');
}

function registerMemberRoutes(app: GuildServer, inTenant: InTenant) {
  app.get(
    '/api/v1/users/:username',
    {
      config: { access: 'public' },
      schema: {
        tags: ['members'],
        summary: "A member's profile",
        params: UsernameParams,
        response: { 200: ProfileSchema },
      },
    },
    (request) =>
      inTenant(request, (tx) => getProfile(tx, request.guild.actor, request.params.username)),
  );

  app.get(
    '/api/v1/users/:username/posts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['members'],
        summary: "A member's posts",
        params: UsernameParams,
        querystring: PageQuery,
        response: { 200: PageOf(FeedPost) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const id = await findMemberId(tx, request.params.username);
        return listPosts(tx, request.guild.actor, eq(posts.authorId, id), {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
      }),
  );

  for (const on of [true, false]) {
    const route = {
      config: { access: 'signed_in' as const },
      schema: {
        tags: ['members'],
        summary: on ? 'Follow a member' : 'Unfollow a member',
        params: UsernameParams,
        response: NoContent,
      },
    };
    const handler = async (
      request: FastifyRequest<{ Params: { username: string } }>,
      reply: FastifyReply,
    ) => {
      const actor = actorOf(request);
      const tenantId = request.guild.tenant.id;
      await inTenant(request, async (tx) => {
        const id = await findMemberId(tx, request.params.username);
        if (id === actor.userId) {
          throw new GuildError('validation_failed', 'You cannot follow yourself.');
        }
        const added = await setFollow(tx, {
          tenantId,
          userId: actor.userId,
          targetType: 'user',
          targetId: id,
          on,
        });
        if (added) {
          await notify(tx, [id], { tenantId, actorId: actor.userId, kind: 'follow' });
        }
      });
      return reply.code(204).send(null);
    };
    if (on) {
      app.put('/api/v1/users/:username/follow', route, handler);
    } else {
      app.delete('/api/v1/users/:username/follow', route, handler);
    }
  }

  app.get(
    '/api/v1/notifications',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        querystring: PageQuery,
        response: {
          200: Type.Object({
            items: Type.Array(NotificationSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            unreadCount: Type.Integer(),
          }),
        },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        listNotifications(tx, actorOf(request).userId, {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        }),
      ),
  );

  app.post(
    '/api/v1/notifications/read',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark notifications read (all when no ids)',
        body: Type.Object(
          { ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ unreadCount: Type.Integer() }) },
      },
    },
    async (request) => ({
      unreadCount: await inTenant(request, (tx) =>
        markRead(tx, actorOf(request).userId, request.body.ids),
      ),
    }),
  );

  app.get(
    '/api/v1/search',
    {
      config: { access: 'public' },
      schema: {
        tags: ['search'],
        summary: 'Full-text search over posts',
        querystring: Type.Object({
          ...PageQuery.properties,
          q: Type.String({ minLength: 1, maxLength: 200 }),
          space: Type.Optional(Type.String({ maxLength: 61 })),
        }),
        response: { 200: PageOf(SearchHit) },
      },
    },
    (request) =>
      inTenant(request, (tx) =>
        searchPosts(tx, request.guild.actor, {
          q: request.query.q,
          space: request.query.space,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        }),
      ),
  );

  app.post(
    '/api/v1/markdown/preview',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['posts'],
        summary: 'Render Markdown exactly as a post would be',
        body: Type.Object(
          { body: Type.String({ maxLength: 40_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ html: Type.String() }) },
      },
    },
    (request) => ({ html: renderMarkdown(request.body.body) }),
  );
}
