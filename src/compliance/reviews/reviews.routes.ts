/**
 * The product reviews API under /api/v1/reviews (docs/REVIEWS.md): members write one review
 * per product, in person; anyone reads a product's published reviews with their labels under
 * the hub's title; moderators remove for content-neutral reasons; managers read removal rates
 * by star rating and set the hub's title. Held reviews are decided in the one review queue.
 */
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { actorIdOf as actorId } from '../../core/http/request-context.js';
import { recordAudit } from '../../core/audit/audit.js';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import { setItemEffect } from '../../moderation/review.service.js';
import type { ComplianceDeps } from '../compliance.js';
import {
  REVIEW_REMOVAL_REASONS,
  decideReview,
  getReview,
  hubTitle,
  productReviews,
  removalRates,
  setHubTitle,
  writeReview,
  type Review,
} from './reviews.service.js';

const BASE = '/api/v1/reviews';
const tags = ['reviews'];
const DateTime = Type.String({ format: 'date-time' });
const DAY = 86_400_000;

const ReviewSchema = Type.Object({
  id: Type.String(),
  authorName: Type.String(),
  productSku: Type.String(),
  rating: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  status: StringEnum(['published', 'held', 'removed'] as const),
  removalReason: Nullable(Type.String()),
  createdAt: DateTime,
  pointsReceived: Type.Integer(),
  labels: Type.Array(Type.Object({ ruleId: Type.String(), label: Type.String() })),
});

const present = (review: Review) => ({ ...review, createdAt: review.createdAt.toISOString() });

async function currentTenant(tx: Orm): Promise<string> {
  const [row] = await sqlRows<{ id: string }>(tx, sql`select guild_current_tenant()::text as id`);
  return row!.id;
}

export function registerReviews({ app, db, gate }: ComplianceDeps): void {
  // A moderator's decision on a held review in the shared queue publishes or removes it.
  setItemEffect('review', async (tx, itemId, actor, request) =>
    decideReview(tx, await currentTenant(tx), itemId, {
      approve: request.decision === 'approve',
      reason: request.reason,
      by: actor.userId,
    }),
  );

  app.post(
    BASE,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary:
          'Review a product (one review per product; the text is moderated, never the rating)',
        body: Type.Object(
          {
            productSku: Type.String({ minLength: 1, maxLength: 64 }),
            rating: Type.Integer({ minimum: 1, maximum: 5 }),
            title: Type.Optional(Type.String({ maxLength: 150 })),
            body: Type.String({ minLength: 1, maxLength: 5000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ReviewSchema },
      },
    },
    async (request, reply) => {
      // Reviews are written by members in person: no token, no script (REV-05).
      if (request.guild.credential.kind !== 'session') {
        throw new GuildError(
          'forbidden',
          'Reviews are written by members signed in, not by API tokens.',
        );
      }
      const tenantId = request.guild.tenant.id;
      const review = await db.tenant(tenantId, (tx) =>
        writeReview(tx, gate, tenantId, actorId(request), {
          productSku: request.body.productSku.trim(),
          rating: request.body.rating,
          title: (request.body.title ?? '').trim(),
          body: request.body.body.trim(),
        }),
      );
      return reply.code(201).send(present(review));
    },
  );

  app.get(
    BASE,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A product's published reviews, newest first, labelled, under the hub's title",
        querystring: Type.Object({
          productSku: Type.String({ minLength: 1, maxLength: 64 }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: {
          200: Type.Object({
            hubTitle: Type.String(),
            count: Type.Integer(),
            averageRating: Nullable(Type.Number()),
            items: Type.Array(ReviewSchema),
          }),
        },
      },
    },
    async (request) => {
      const page = await db.tenant(request.guild.tenant.id, (tx) =>
        productReviews(tx, request.query.productSku, request.query.limit ?? 20),
      );
      return { ...page, items: page.items.map(present) };
    },
  );

  app.get(
    `${BASE}/:id`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'One review (its author, or moderators)',
        params: IdParams,
        response: { 200: ReviewSchema },
      },
    },
    async (request) => {
      const review = await db.tenant(request.guild.tenant.id, (tx) =>
        getReview(tx, request.params.id),
      );
      const moderator = ['moderator', 'manager', 'admin'].includes(request.guild.actor?.role ?? '');
      if (review.status !== 'published' && review.authorId !== actorId(request) && !moderator) {
        throw new GuildError('not_found', 'No such review.');
      }
      return present(review);
    },
  );

  app.post(
    `${BASE}/:id/remove`,
    {
      config: { access: 'moderation:review' },
      schema: {
        tags,
        summary: 'Remove a review for what it says (a content-neutral reason), never its rating',
        params: IdParams,
        body: Type.Object(
          {
            reason: Type.String({ minLength: 1, maxLength: 40 }),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReviewSchema },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      return db.tenant(tenantId, async (tx) => {
        const before = await getReview(tx, request.params.id);
        await decideReview(tx, tenantId, request.params.id, {
          approve: false,
          reason: request.body.reason,
          by: actorId(request),
        });
        const after = await getReview(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'reviews.remove',
          targetType: 'review',
          targetId: after.id,
          details: {
            reason: request.body.reason,
            note: request.body.note ?? null,
            rating: after.rating,
          },
          before: { status: before.status },
          after: { status: after.status },
        });
        return present(after);
      });
    },
  );

  app.get(
    `${BASE}/removal-rates`,
    {
      config: { access: 'moderation:configure' },
      schema: {
        tags,
        summary: 'How often reviews of each star rating were removed, and why (REV-04)',
        querystring: Type.Object({ from: Type.Optional(DateTime), to: Type.Optional(DateTime) }),
        response: {
          200: Type.Object({
            from: DateTime,
            to: DateTime,
            reasons: Type.Array(Type.String()),
            byRating: Type.Array(
              Type.Object({
                rating: Type.Integer(),
                reviews: Type.Integer(),
                removed: Type.Integer(),
                held: Type.Integer(),
                rate: Nullable(Type.Number()),
                byReason: Type.Record(Type.String(), Type.Integer()),
              }),
            ),
            disparity: Nullable(Type.Number()),
            warning: Type.Boolean(),
          }),
        },
      },
    },
    async (request) => {
      const to = request.query.to ? new Date(request.query.to) : new Date();
      const from = request.query.from
        ? new Date(request.query.from)
        : new Date(to.getTime() - 90 * DAY);
      const rates = await db.tenant(request.guild.tenant.id, (tx) => removalRates(tx, from, to));
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        reasons: [...REVIEW_REMOVAL_REASONS],
        ...rates,
      };
    },
  );

  app.put(
    `${BASE}/settings`,
    {
      config: { access: 'moderation:configure' },
      schema: {
        tags,
        summary: "The review hub's title (it may not claim independence: REV-06)",
        body: Type.Object(
          { hubTitle: Type.String({ minLength: 3, maxLength: 150 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ hubTitle: Type.String() }) },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      return db.tenant(tenantId, async (tx) => {
        const before = await hubTitle(tx);
        await setHubTitle(tx, tenantId, request.body.hubTitle.trim(), actorId(request));
        const after = await hubTitle(tx);
        await recordAudit(tx, request, {
          action: 'reviews.settings',
          before: { hubTitle: before },
          after: { hubTitle: after },
        });
        return { hubTitle: after };
      });
    },
  );
}
