/**
 * The reward catalog: managers create, change and archive rewards; members see the rewards
 * open to them with what they can afford and how many more times they may redeem each.
 *
 * Who may redeem is kept simple: a list of region codes, a list of segment keys (empty lists
 * mean everyone) and a minimum of lifetime points.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import {
  FULFILMENTS_BY_KIND,
  isVisible,
  rewardOf,
  type Reward,
  type RewardRow,
} from './rewards.types.js';

/** What a manager sets on a reward (all but `kind` may change later). */
export type RewardFields = Omit<Reward, 'id' | 'archivedAt' | 'createdAt' | 'updatedAt'>;

export type RewardInput = Pick<RewardFields, 'name' | 'kind' | 'cost'> &
  Partial<Omit<RewardFields, 'name' | 'kind' | 'cost'>>;

export type RewardChange = Partial<Omit<RewardFields, 'kind'>>;

const REWARD_COLUMNS = sql.raw(
  [
    'id',
    'name',
    'description',
    'kind',
    'fulfilment',
    'cost',
    'stock',
    'limit_lifetime',
    'limit_per_period',
    'limit_period',
    'region_codes',
    'segment_keys',
    'min_lifetime_points',
    'visible_from',
    'visible_until',
    'approval_required',
    'archived_at',
    'created_at',
    'updated_at',
  ]
    .map((column) => `r.${column}`)
    .join(', '),
);

function unique(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim()))].filter((value) => value !== '');
}

/** Checks the fields together and against the tenant's regions and segments. */
async function checkFields(tx: Orm, fields: RewardFields): Promise<void> {
  if (fields.name === '') {
    throw fail.validation('A reward needs a name.', { field: 'name' });
  }
  if (!FULFILMENTS_BY_KIND[fields.kind].includes(fields.fulfilment)) {
    throw fail.validation(
      `A ${fields.kind} reward is fulfilled by ${FULFILMENTS_BY_KIND[fields.kind].join(' or ')}.`,
      { field: 'fulfilment' },
    );
  }
  if ((fields.limitPerPeriod === null) !== (fields.limitPeriod === null)) {
    throw fail.validation('A per-period limit needs both limitPerPeriod and limitPeriod.', {
      field: 'limitPeriod',
    });
  }
  if (
    fields.limitLifetime !== null &&
    fields.limitPerPeriod !== null &&
    fields.limitPerPeriod > fields.limitLifetime
  ) {
    throw fail.validation('The per-period limit cannot exceed the lifetime limit.', {
      field: 'limitPerPeriod',
    });
  }
  if (fields.visibleFrom && fields.visibleUntil && fields.visibleUntil <= fields.visibleFrom) {
    throw fail.validation('visibleUntil must be after visibleFrom.', { field: 'visibleUntil' });
  }
  await checkKnown(tx, 'regions', 'code', fields.regionCodes, 'regionCodes');
  await checkKnown(tx, 'segments', 'key', fields.segmentKeys, 'segmentKeys');
}

async function checkKnown(
  tx: Orm,
  table: 'regions' | 'segments',
  column: 'code' | 'key',
  values: string[],
  field: string,
): Promise<void> {
  if (values.length === 0) {
    return;
  }
  const rows = await sqlRows<{ value: string }>(
    tx,
    sql`select ${sql.raw(column)} as value from ${sql.raw(table)}
         where ${sql.raw(column)} = any(${sql.param(values)}::text[])`,
  );
  const known = new Set(rows.map((row) => row.value));
  const unknown = values.filter((value) => !known.has(value));
  if (unknown.length > 0) {
    throw fail.validation(`Unknown ${table}: ${unknown.join(', ')}.`, { field, unknown });
  }
}

function normalise(fields: RewardFields): RewardFields {
  return {
    ...fields,
    name: plainTextLine(fields.name),
    description: fields.description.trim(),
    regionCodes: unique(fields.regionCodes),
    segmentKeys: unique(fields.segmentKeys),
  };
}

function isoOrNull(value: Date | null) {
  return value?.toISOString() ?? null;
}

/** Adds a reward to the catalog. */
export async function createReward(
  tx: Orm,
  tenantId: string,
  input: RewardInput,
  createdBy: string,
): Promise<Reward> {
  const fields = normalise({
    description: '',
    fulfilment: FULFILMENTS_BY_KIND[input.kind][0]!,
    stock: null,
    limitLifetime: null,
    limitPerPeriod: null,
    limitPeriod: null,
    regionCodes: [],
    segmentKeys: [],
    minLifetimePoints: null,
    visibleFrom: null,
    visibleUntil: null,
    approvalRequired: false,
    ...input,
  });
  await checkFields(tx, fields);
  const [row] = await sqlRows<RewardRow>(
    tx,
    sql`insert into rewards as r (tenant_id, name, description, kind, fulfilment, cost, stock,
        limit_lifetime, limit_per_period, limit_period, region_codes, segment_keys,
        min_lifetime_points, visible_from, visible_until, approval_required, created_by)
      values (${tenantId}, ${fields.name}, ${fields.description}, ${fields.kind},
        ${fields.fulfilment}, ${fields.cost}, ${fields.stock}, ${fields.limitLifetime},
        ${fields.limitPerPeriod}, ${fields.limitPeriod}, ${sql.param(fields.regionCodes)}::text[],
        ${sql.param(fields.segmentKeys)}::text[], ${fields.minLifetimePoints},
        ${isoOrNull(fields.visibleFrom)}::timestamptz, ${isoOrNull(fields.visibleUntil)}::timestamptz,
        ${fields.approvalRequired}, ${createdBy})
      returning ${REWARD_COLUMNS}`,
  );
  return rewardOf(row!);
}

/**
 * A reward by id, locked for the rest of the transaction when `lock` is set (changes and
 * stock moves of one reward then happen one after the other).
 */
export async function findReward(tx: Orm, id: string, lock = false): Promise<Reward> {
  const [row] = await sqlRows<RewardRow>(
    tx,
    sql`select ${REWARD_COLUMNS} from rewards r where r.id = ${id}
        ${lock ? sql`for update` : sql``}`,
  );
  if (!row) {
    throw fail.notFound('No such reward.');
  }
  return rewardOf(row);
}

/**
 * Changes a reward. `stock` sets the units left (under the reward's lock, so it never races a
 * redemption taking one); an archived reward cannot be changed.
 */
export async function updateReward(tx: Orm, id: string, change: RewardChange): Promise<Reward> {
  const current = await findReward(tx, id, true);
  if (current.archivedAt) {
    throw fail.conflict('This reward is archived.');
  }
  const defined = Object.fromEntries(
    Object.entries(change).filter(([, value]) => value !== undefined),
  ) as RewardChange;
  const fields = normalise({ ...current, ...defined });
  await checkFields(tx, fields);
  const [row] = await sqlRows<RewardRow>(
    tx,
    sql`update rewards r set name = ${fields.name}, description = ${fields.description},
        fulfilment = ${fields.fulfilment}, cost = ${fields.cost}, stock = ${fields.stock},
        limit_lifetime = ${fields.limitLifetime}, limit_per_period = ${fields.limitPerPeriod},
        limit_period = ${fields.limitPeriod},
        region_codes = ${sql.param(fields.regionCodes)}::text[],
        segment_keys = ${sql.param(fields.segmentKeys)}::text[],
        min_lifetime_points = ${fields.minLifetimePoints},
        visible_from = ${isoOrNull(fields.visibleFrom)}::timestamptz,
        visible_until = ${isoOrNull(fields.visibleUntil)}::timestamptz,
        approval_required = ${fields.approvalRequired}, updated_at = now()
      where r.id = ${id}
      returning ${REWARD_COLUMNS}`,
  );
  return rewardOf(row!);
}

/** Takes a reward out of the catalog; its redemptions stay as they are. */
export async function archiveReward(tx: Orm, id: string): Promise<Reward> {
  const current = await findReward(tx, id, true);
  if (current.archivedAt) {
    return current;
  }
  const [row] = await sqlRows<RewardRow>(
    tx,
    sql`update rewards r set archived_at = now(), updated_at = now() where r.id = ${id}
        returning ${REWARD_COLUMNS}`,
  );
  return rewardOf(row!);
}

/** A reward with its count of unreserved codes (code-pool rewards; 0 otherwise). */
export interface ManagedReward extends Reward {
  freeCodes: number;
}

/** The whole catalog for managers, newest first; archived rewards only when asked for. */
export async function listRewards(
  tx: Orm,
  options: { archived: boolean; limit: number; cursor?: string },
): Promise<{ items: ManagedReward[]; nextCursor: string | null }> {
  const after = decodeCursor(options.cursor);
  const rows = await sqlRows<RewardRow & { free_codes: string | number }>(
    tx,
    sql`select ${REWARD_COLUMNS},
          (select count(*) from reward_codes c
            where c.reward_id = r.id and c.redemption_id is null) as free_codes
        from rewards r
       where (r.archived_at is not null) = ${options.archived}
         ${after ? sql`and (r.created_at, r.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
       order by r.created_at desc, r.id desc
       limit ${options.limit + 1}`,
  );
  const page = pageOf(rows, options.limit, (row) => ({
    at: new Date(row.created_at),
    id: row.id,
  }));
  return {
    items: page.items.map((row) => ({ ...rewardOf(row), freeCodes: Number(row.free_codes) })),
    nextCursor: page.nextCursor,
  };
}

/** What eligibility and the catalog need to know about a member. */
export interface MemberStanding {
  userId: string;
  regionCode: string | null;
  segmentKeys: string[];
  lifetime: number;
  spendable: number;
}

export async function memberStanding(tx: Orm, userId: string): Promise<MemberStanding> {
  const [row] = await sqlRows<{
    region_code: string | null;
    segment_keys: string[] | null;
    lifetime: string | number | null;
    spendable: string | number | null;
  }>(
    tx,
    sql`select r.code as region_code,
          array(select s.key from user_segments us join segments s on s.id = us.segment_id
                 where us.user_id = u.id order by s.key) as segment_keys,
          pb.lifetime, pb.spendable
        from users u
        left join regions r on r.id = u.region_id
        left join point_balances pb on pb.user_id = u.id
       where u.id = ${userId}`,
  );
  if (!row) {
    throw fail.notFound('No such member.');
  }
  return {
    userId,
    regionCode: row.region_code,
    segmentKeys: row.segment_keys ?? [],
    lifetime: Number(row.lifetime ?? 0),
    spendable: Number(row.spendable ?? 0),
  };
}

export type IneligibleReason = 'region' | 'segment' | 'min_lifetime_points';

/** Why the member may not redeem the reward, or null when they may. */
export function ineligibility(reward: Reward, member: MemberStanding): IneligibleReason | null {
  if (
    reward.regionCodes.length > 0 &&
    (member.regionCode === null || !reward.regionCodes.includes(member.regionCode))
  ) {
    return 'region';
  }
  if (
    reward.segmentKeys.length > 0 &&
    !reward.segmentKeys.some((key) => member.segmentKeys.includes(key))
  ) {
    return 'segment';
  }
  if (reward.minLifetimePoints !== null && member.lifetime < reward.minLifetimePoints) {
    return 'min_lifetime_points';
  }
  return null;
}

/** Refuses a reward members cannot see (404) or this member may not redeem (409). */
export function assertRedeemable(reward: Reward, member: MemberStanding, now: Date): void {
  if (!isVisible(reward, now)) {
    throw fail.notFound('No such reward.');
  }
  const reason = ineligibility(reward, member);
  if (reason) {
    throw new GuildError('reward_not_eligible', undefined, { reason });
  }
}

/**
 * How many redemptions of `rewardAlias`'s reward the member holds (rejected and cancelled
 * ones do not count): ever, and in the current period of the reward's limit, in the member's
 * time zone. A SQL fragment, so the catalog and the redemption count the same way.
 */
export function usageSql(userId: string) {
  return sql`(select count(*) from reward_redemptions x
               where x.reward_id = r.id and x.user_id = ${userId}
                 and x.status not in ('rejected', 'cancelled')) as used_lifetime,
    (select count(*) from reward_redemptions x
      where x.reward_id = r.id and x.user_id = ${userId}
        and x.status not in ('rejected', 'cancelled') and r.limit_period is not null
        and x.created_at >= (date_trunc(r.limit_period,
              now() at time zone guild_member_timezone(${userId}::uuid))
            at time zone guild_member_timezone(${userId}::uuid))) as used_in_period`;
}

/** How many more times the member may redeem, given what they used; null is no limit. */
export function redemptionsLeft(reward: Reward, usedLifetime: number, usedInPeriod: number) {
  const left = [
    reward.limitLifetime === null ? null : reward.limitLifetime - usedLifetime,
    reward.limitPerPeriod === null ? null : reward.limitPerPeriod - usedInPeriod,
  ].filter((value): value is number => value !== null);
  return left.length === 0 ? null : Math.max(0, Math.min(...left));
}

export interface CatalogItem {
  reward: Reward;
  eligible: boolean;
  ineligibleReason: IneligibleReason | null;
  affordable: boolean;
  inStock: boolean;
  redemptionsLeft: number | null;
}

/**
 * The rewards a member sees: visible now and open to their region and segments, newest first,
 * each with whether they may redeem it (minimum lifetime points), can afford it, whether any
 * is left, and how many more times their limits allow.
 */
export async function memberCatalog(
  tx: Orm,
  member: MemberStanding,
  options: { affordableOnly: boolean; limit: number; cursor?: string; rewardId?: string },
): Promise<{ items: CatalogItem[]; nextCursor: string | null; spendable: number }> {
  const after = decodeCursor(options.cursor);
  const rows = await sqlRows<
    RewardRow & {
      used_lifetime: string | number;
      used_in_period: string | number;
      free_codes: string | number;
    }
  >(
    tx,
    sql`select ${REWARD_COLUMNS}, ${usageSql(member.userId)},
          (select count(*) from reward_codes c
            where c.reward_id = r.id and c.redemption_id is null) as free_codes
        from rewards r
       where r.archived_at is null
         and (r.visible_from is null or r.visible_from <= now())
         and (r.visible_until is null or now() < r.visible_until)
         and (cardinality(r.region_codes) = 0 or ${member.regionCode}::text = any(r.region_codes))
         and (cardinality(r.segment_keys) = 0
              or r.segment_keys && ${sql.param(member.segmentKeys)}::text[])
         ${options.affordableOnly ? sql`and r.cost <= ${member.spendable}` : sql``}
         ${options.rewardId ? sql`and r.id = ${options.rewardId}` : sql``}
         ${after ? sql`and (r.created_at, r.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
       order by r.created_at desc, r.id desc
       limit ${options.limit + 1}`,
  );
  const page = pageOf(rows, options.limit, (row) => ({ at: new Date(row.created_at), id: row.id }));
  const items = page.items.map((row) => {
    const reward = rewardOf(row);
    const reason = ineligibility(reward, member);
    const stocked = reward.stock === null || reward.stock > 0;
    return {
      reward,
      eligible: reason === null,
      ineligibleReason: reason,
      affordable: reward.cost <= member.spendable,
      inStock: stocked && (reward.fulfilment !== 'code_pool' || Number(row.free_codes) > 0),
      redemptionsLeft: redemptionsLeft(
        reward,
        Number(row.used_lifetime),
        Number(row.used_in_period),
      ),
    };
  });
  return { items, nextCursor: page.nextCursor, spendable: member.spendable };
}

/** The tenant's reward settings. */
export interface RewardSettings {
  approvalAbovePoints: number | null;
}

export async function rewardSettings(tx: Orm): Promise<RewardSettings> {
  const [row] = await sqlRows<{ approval_above_points: number | null }>(
    tx,
    sql`select approval_above_points from reward_settings`,
  );
  return { approvalAbovePoints: row?.approval_above_points ?? null };
}

export async function saveRewardSettings(
  tx: Orm,
  tenantId: string,
  settings: RewardSettings,
  updatedBy: string,
): Promise<RewardSettings> {
  await tx.execute(sql`insert into reward_settings (tenant_id, approval_above_points, updated_by)
      values (${tenantId}, ${settings.approvalAbovePoints}, ${updatedBy})
    on conflict (tenant_id) do update set
      approval_above_points = excluded.approval_above_points,
      updated_by = excluded.updated_by, updated_at = now()`);
  return settings;
}
