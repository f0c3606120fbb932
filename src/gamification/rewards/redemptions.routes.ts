/**
 * Redemption routes under /api/v1/rewards: redeem (with an Idempotency-Key, so a retried request
 * never redeems twice), my redemptions, and for managers the list, the approval queue
 * (`?status=pending_approval`), approve, reject, cancel and mark fulfilled — each audited.
 */
import { recordAudit } from '../../core/audit/audit.js';
import { fail } from '../../core/errors/errors.js';
import { idempotent } from '../../core/http/idempotency.js';
import { PageOf } from '../../core/http/pagination.js';
import { IdParams } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import {
  approveRedemption,
  cancelRedemption,
  getRedemption,
  listRedemptions,
  markFulfilled,
  redeem,
  rejectRedemption,
} from './redemptions.service.js';
import { actorOf, isManager, REWARDS_BASE, tags, type InTenant } from './rewards.http.js';
import {
  FulfilBody,
  IdempotencyHeaders,
  MyRedemptionQuery,
  NoteBody,
  presentRedemption,
  RedeemBody,
  RedemptionQuery,
  RedemptionSchema,
} from './rewards.schemas.js';

const REDEMPTIONS = `${REWARDS_BASE}/redemptions`;
const manage = 'rewards:manage' as const;

/** Told after commit of a redemption that may have been fulfilled (to queue its webhook). */
export type AfterFulfilment = (tenantId: string, redemptionId: string) => void;

export function registerRedemptionRoutes(
  app: GuildServer,
  inTenant: InTenant,
  afterFulfilment: AfterFulfilment,
): void {
  registerMemberRoutes(app, inTenant, afterFulfilment);
  registerDecisionRoutes(app, inTenant, afterFulfilment);
}

function registerMemberRoutes(
  app: GuildServer,
  inTenant: InTenant,
  afterFulfilment: AfterFulfilment,
) {
  app.post(
    `${REWARDS_BASE}/:id/redemptions`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Redeem a reward (send an Idempotency-Key; a retry gets the first answer)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: RedeemBody,
        response: { 200: RedemptionSchema, 201: RedemptionSchema },
      },
    },
    async (request, reply) => {
      const userId = actorOf(request).userId;
      const result = await inTenant(request, (tx) =>
        idempotent(
          tx,
          request,
          async () => {
            const redemption = await redeem(tx, request.guild.tenant.id, {
              rewardId: request.params.id,
              userId,
              note: request.body.note?.trim() || null,
            });
            return { status: 201, body: presentRedemption(redemption) };
          },
          { required: true },
        ),
      );
      if (!result.replayed) {
        afterFulfilment(request.guild.tenant.id, result.body.id);
      }
      return reply
        .code(result.status === 201 ? 201 : 200)
        .header('idempotent-replayed', String(result.replayed))
        .send(result.body);
    },
  );

  app.get(
    `${REWARDS_BASE}/my-redemptions`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'My redemptions, newest first',
        querystring: MyRedemptionQuery,
        response: { 200: PageOf(RedemptionSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const page = await listRedemptions(tx, {
          userId: actorOf(request).userId,
          status: request.query.status,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentRedemption), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    `${REDEMPTIONS}/:id`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'One redemption (mine, or any for a manager)',
        params: IdParams,
        response: { 200: RedemptionSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const actor = actorOf(request);
        const redemption = await getRedemption(tx, request.params.id);
        if (redemption.userId !== actor.userId && !isManager(actor)) {
          throw fail.notFound('No such redemption.');
        }
        return presentRedemption(redemption);
      }),
  );

  app.post(
    `${REDEMPTIONS}/:id/cancel`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Cancel a redemption not fulfilled yet; the points come back once',
        params: IdParams,
        response: { 200: RedemptionSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const actor = actorOf(request);
        const redemption = await cancelRedemption(tx, request.guild.tenant.id, request.params.id, {
          userId: actor.userId,
          asManager: isManager(actor),
        });
        if (redemption.userId !== actor.userId) {
          await recordAudit(tx, request, {
            action: 'rewards.redemption_cancel',
            targetType: 'reward_redemption',
            targetId: redemption.id,
            details: { member: redemption.userId, cost: redemption.cost },
          });
        }
        return presentRedemption(redemption);
      }),
  );
}

function registerDecisionRoutes(
  app: GuildServer,
  inTenant: InTenant,
  afterFulfilment: AfterFulfilment,
) {
  app.get(
    REDEMPTIONS,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Redemptions, newest first; status=pending_approval is the queue, oldest first',
        querystring: RedemptionQuery,
        response: { 200: PageOf(RedemptionSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const page = await listRedemptions(tx, {
          userId: request.query.userId,
          rewardId: request.query.rewardId,
          status: request.query.status,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentRedemption), nextCursor: page.nextCursor };
      }),
  );

  const decision = (
    path: 'approve' | 'reject',
    summary: string,
    act: typeof approveRedemption | typeof rejectRedemption,
  ) =>
    app.post(
      `${REDEMPTIONS}/:id/${path}`,
      {
        config: { access: manage },
        schema: {
          tags,
          summary,
          params: IdParams,
          body: NoteBody,
          response: { 200: RedemptionSchema },
        },
      },
      (request) =>
        inTenant(request, async (tx) => {
          const note = request.body.note?.trim() || null;
          const redemption = await act(
            tx,
            request.guild.tenant.id,
            request.params.id,
            actorOf(request).userId,
            note,
          );
          await recordAudit(tx, request, {
            action: `rewards.redemption_${path}`,
            targetType: 'reward_redemption',
            targetId: redemption.id,
            details: { member: redemption.userId, cost: redemption.cost, note },
          });
          return presentRedemption(redemption);
        }).then((body) => {
          afterFulfilment(request.guild.tenant.id, body.id);
          return body;
        }),
    );
  decision(
    'approve',
    'Approve a waiting redemption (fulfilled at once when automatic)',
    approveRedemption,
  );
  decision(
    'reject',
    'Reject a waiting redemption: points refunded, stock returned',
    rejectRedemption,
  );

  app.post(
    `${REDEMPTIONS}/:id/fulfil`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Record that an approved redemption was fulfilled by hand, with a note',
        params: IdParams,
        body: FulfilBody,
        response: { 200: RedemptionSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const redemption = await markFulfilled(
          tx,
          request.params.id,
          actorOf(request).userId,
          request.body.note.trim(),
        );
        await recordAudit(tx, request, {
          action: 'rewards.redemption_fulfil',
          targetType: 'reward_redemption',
          targetId: redemption.id,
          details: { member: redemption.userId, note: redemption.fulfilmentNote },
        });
        return presentRedemption(redemption);
      }),
  );
}
