/**
 * The rewards API under /api/v1/rewards: the catalog members see, managers' catalog, code
 * pools, approval settings and members' risk flags (`rewards:manage`, every change audited),
 * and — in redemptions.routes.ts — redeeming and what follows.
 */
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { PageOf } from '../../core/http/pagination.js';
import { IdParams } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import type { GamificationDeps } from '../gamification.routes.js';
import { sql } from 'drizzle-orm';
import { sqlRows } from '../../core/db/database.js';
import { registerRedemptionRoutes } from './redemptions.routes.js';
import { addCodes, codeCounts } from './reward-codes.service.js';
import { startFulfilmentSweeper } from './reward-fulfilment.js';
import { actorOf, REWARDS_BASE, tags, type InTenant } from './rewards.http.js';
import {
  CatalogItemSchema,
  CatalogQuery,
  CodeCountsSchema,
  CodeUploadBody,
  ManagedListQuery,
  ManagedRewardSchema,
  presentCatalogItem,
  presentFlag,
  presentManagedReward,
  presentReward,
  RewardChangeBody,
  RewardCreateBody,
  RewardSchema,
  RiskFlagBody,
  RiskFlagQuery,
  RiskFlagSchema,
  SettingsSchema,
  UploadReportSchema,
} from './rewards.schemas.js';
import {
  archiveReward,
  createReward,
  findReward,
  listRewards,
  memberCatalog,
  memberStanding,
  rewardSettings,
  saveRewardSettings,
  updateReward,
  type RewardChange,
} from './rewards.service.js';
import { clearFlag, flagMember, listFlags } from './risk-flags.service.js';

const manage = 'rewards:manage' as const;

function dateOf(value: string | null | undefined): Date | null | undefined {
  return value === undefined || value === null ? value : new Date(value);
}

/**
 * Registers every rewards route, and in a process that runs jobs the sweeper that fulfils
 * redemptions left approved and unfulfilled.
 */
export function registerRewardRoutes(deps: GamificationDeps): void {
  const { app, db, config } = deps;
  const inTenant: InTenant = (request, work) => db.tenant(request.guild.tenant.id, work);
  registerCatalogRoutes(app, inTenant);
  registerManagerRoutes(app, inTenant);
  registerPoolAndFlagRoutes(app, inTenant);
  registerRedemptionRoutes(app, inTenant, (tenantId, redemptionId) => {
    // A webhook fulfilment's first delivery is queued now, not at the outbox sweeper's round.
    db.tenant(tenantId, (tx) =>
      sqlRows<{ event_id: string | null }>(
        tx,
        sql`select fulfilment_event_id as event_id from reward_redemptions
             where id = ${redemptionId}`,
      ),
    )
      .then(([row]) => {
        if (row?.event_id) {
          deps.outbound.afterCommit(tenantId, row.event_id);
        }
      })
      .catch((error: unknown) =>
        deps.logger.error({ category: 'rewards', err: error }, 'could not queue a fulfilment'),
      );
  });
  if (config.jobs.work) {
    startSweeper(app, db);
  }
}

function startSweeper(app: GuildServer, db: Database): void {
  const stop = startFulfilmentSweeper(db, app.log);
  app.addHook('onClose', () => stop());
}

function registerCatalogRoutes(app: GuildServer, inTenant: InTenant) {
  app.get(
    REWARDS_BASE,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Rewards open to me, newest first, with what I can afford',
        querystring: CatalogQuery,
        response: {
          200: Type.Object({
            items: Type.Array(CatalogItemSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            spendable: Type.Integer(),
          }),
        },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const member = await memberStanding(tx, actorOf(request).userId);
        const page = await memberCatalog(tx, member, {
          affordableOnly: request.query.affordable ?? false,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { ...page, items: page.items.map(presentCatalogItem) };
      }),
  );

  app.get(
    `${REWARDS_BASE}/:id`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'One reward as I see it',
        params: IdParams,
        response: { 200: CatalogItemSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const member = await memberStanding(tx, actorOf(request).userId);
        const page = await memberCatalog(tx, member, {
          affordableOnly: false,
          limit: 1,
          rewardId: request.params.id,
        });
        const [item] = page.items;
        if (!item) {
          throw fail.notFound('No such reward.');
        }
        return presentCatalogItem(item);
      }),
  );
}

function registerManagerRoutes(app: GuildServer, inTenant: InTenant) {
  app.get(
    `${REWARDS_BASE}/manage`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'The whole catalog, newest first (archived rewards with archived=true)',
        querystring: ManagedListQuery,
        response: { 200: PageOf(ManagedRewardSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const page = await listRewards(tx, {
          archived: request.query.archived ?? false,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentManagedReward), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    `${REWARDS_BASE}/manage/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One reward with all its settings',
        params: IdParams,
        response: { 200: RewardSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => presentReward(await findReward(tx, request.params.id))),
  );

  app.post(
    REWARDS_BASE,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Add a reward to the catalog',
        body: RewardCreateBody,
        response: { 201: RewardSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const reward = await inTenant(request, async (tx) => {
        const created = await createReward(
          tx,
          request.guild.tenant.id,
          {
            ...body,
            visibleFrom: dateOf(body.visibleFrom),
            visibleUntil: dateOf(body.visibleUntil),
          },
          actorOf(request).userId,
        );
        await recordAudit(tx, request, {
          action: 'rewards.create',
          targetType: 'reward',
          targetId: created.id,
          details: { name: created.name, kind: created.kind, cost: created.cost },
        });
        return created;
      });
      return reply.code(201).send(presentReward(reward));
    },
  );

  app.patch(
    `${REWARDS_BASE}/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Change a reward (stock sets the units left; null is unlimited)',
        params: IdParams,
        body: RewardChangeBody,
        response: { 200: RewardSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const body = request.body;
        const change: RewardChange = {
          ...body,
          visibleFrom: dateOf(body.visibleFrom),
          visibleUntil: dateOf(body.visibleUntil),
        };
        const reward = await updateReward(tx, request.params.id, change);
        await recordAudit(tx, request, {
          action: 'rewards.update',
          targetType: 'reward',
          targetId: reward.id,
          details: { changed: body },
        });
        return presentReward(reward);
      }),
  );

  app.delete(
    `${REWARDS_BASE}/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Archive a reward (its redemptions stay)',
        params: IdParams,
        response: { 200: RewardSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const reward = await archiveReward(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'rewards.archive',
          targetType: 'reward',
          targetId: reward.id,
        });
        return presentReward(reward);
      }),
  );

  app.get(
    `${REWARDS_BASE}/settings`,
    {
      config: { access: manage },
      schema: { tags, summary: 'Reward settings', response: { 200: SettingsSchema } },
    },
    (request) => inTenant(request, (tx) => rewardSettings(tx)),
  );

  app.put(
    `${REWARDS_BASE}/settings`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Redemptions of rewards costing more than approvalAbovePoints wait for approval',
        body: SettingsSchema,
        response: { 200: SettingsSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const saved = await saveRewardSettings(
          tx,
          request.guild.tenant.id,
          { approvalAbovePoints: request.body.approvalAbovePoints },
          actorOf(request).userId,
        );
        await recordAudit(tx, request, { action: 'rewards.settings', details: { ...saved } });
        return saved;
      }),
  );
}

function registerPoolAndFlagRoutes(app: GuildServer, inTenant: InTenant) {
  app.post(
    `${REWARDS_BASE}/:id/codes`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Upload codes (one per line, or CSV with the code first); problems by line',
        params: IdParams,
        body: CodeUploadBody,
        response: { 200: UploadReportSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const reward = await findReward(tx, request.params.id);
        if (reward.fulfilment !== 'code_pool' || reward.archivedAt) {
          throw fail.conflict('Codes go to a code-pool reward that is not archived.');
        }
        const report = await addCodes(
          tx,
          request.guild.tenant.id,
          reward.id,
          { content: request.body.content, format: request.body.format ?? 'lines' },
          actorOf(request).userId,
        );
        await recordAudit(tx, request, {
          action: 'rewards.codes_upload',
          targetType: 'reward',
          targetId: reward.id,
          details: { added: report.added, problems: report.problems.length },
        });
        return { ...report, pool: await codeCounts(tx, reward.id) };
      }),
  );

  app.get(
    `${REWARDS_BASE}/:id/codes`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'How the code pool stands (the codes themselves are never listed)',
        params: IdParams,
        response: { 200: CodeCountsSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        await findReward(tx, request.params.id);
        return codeCounts(tx, request.params.id);
      }),
  );

  app.get(
    `${REWARDS_BASE}/risk-flags`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Members flagged as risky, newest first',
        querystring: RiskFlagQuery,
        response: { 200: PageOf(RiskFlagSchema) },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const page = await listFlags(tx, {
          userId: request.query.userId,
          activeOnly: request.query.active ?? true,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentFlag), nextCursor: page.nextCursor };
      }),
  );

  app.post(
    `${REWARDS_BASE}/risk-flags`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Flag a member as risky: their redemptions wait for a manager's approval",
        body: RiskFlagBody,
        response: { 201: RiskFlagSchema },
      },
    },
    async (request, reply) => {
      const flag = await inTenant(request, async (tx) => {
        const created = await flagMember(tx, request.guild.tenant.id, {
          userId: request.body.userId,
          reason: request.body.reason,
          source: 'manager',
          createdBy: actorOf(request).userId,
        });
        await recordAudit(tx, request, {
          action: 'rewards.risk_flag',
          targetType: 'user',
          targetId: created.userId,
          details: { flagId: created.id, reason: created.reason },
        });
        return created;
      });
      return reply.code(201).send(presentFlag(flag));
    },
  );

  app.post(
    `${REWARDS_BASE}/risk-flags/:id/clear`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Clear a risk flag',
        params: IdParams,
        response: { 200: RiskFlagSchema },
      },
    },
    (request) =>
      inTenant(request, async (tx) => {
        const flag = await clearFlag(tx, request.params.id, actorOf(request).userId);
        await recordAudit(tx, request, {
          action: 'rewards.risk_flag_clear',
          targetType: 'user',
          targetId: flag.userId,
          details: { flagId: flag.id },
        });
        return presentFlag(flag);
      }),
  );
}
