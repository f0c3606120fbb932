/** Request and response schemas of the rewards API, and the presenters that fill them. */
import { Type } from 'typebox';
import { PageQuery } from '../../core/http/pagination.js';
import { Nullable, StringEnum } from '../../core/http/schemas.js';
import { MAX_ENTRY_POINTS } from '../ledger.js';
import { CODE_FORMATS, CODE_PROBLEMS } from './reward-codes.service.js';
import type { Redemption } from './redemptions.service.js';
import type { RiskFlag } from './risk-flags.service.js';
import type { CatalogItem, ManagedReward } from './rewards.service.js';
import {
  APPROVAL_REASONS,
  FULFILMENTS,
  LIMIT_PERIODS,
  REDEMPTION_STATUSES,
  REWARD_KINDS,
  type Reward,
} from './rewards.types.js';

const DateTime = Type.String({ format: 'date-time' });

/**
 * A nullable request field, null first: with type coercion on, `null` would otherwise be
 * coerced into the first branch (0 for an integer) before the null branch is tried.
 */
const Count = Type.Integer({ minimum: 1, maximum: 1_000_000 });

/** The fields a manager may set; `kind` only when creating. */
const editable = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  description: Type.String({ maxLength: 4000 }),
  fulfilment: StringEnum(FULFILMENTS),
  cost: Type.Integer({ minimum: 1, maximum: MAX_ENTRY_POINTS }),
  stock: Nullable(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  limitLifetime: Nullable(Count),
  limitPerPeriod: Nullable(Count),
  limitPeriod: Nullable(StringEnum(LIMIT_PERIODS)),
  regionCodes: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 100 }),
  segmentKeys: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
  minLifetimePoints: Nullable(Type.Integer({ minimum: 0, maximum: MAX_ENTRY_POINTS })),
  visibleFrom: Nullable(DateTime),
  visibleUntil: Nullable(DateTime),
  approvalRequired: Type.Boolean(),
};

export const RewardCreateBody = Type.Object(
  {
    name: editable.name,
    kind: StringEnum(REWARD_KINDS),
    cost: editable.cost,
    description: Type.Optional(editable.description),
    fulfilment: Type.Optional(editable.fulfilment),
    stock: Type.Optional(editable.stock),
    limitLifetime: Type.Optional(editable.limitLifetime),
    limitPerPeriod: Type.Optional(editable.limitPerPeriod),
    limitPeriod: Type.Optional(editable.limitPeriod),
    regionCodes: Type.Optional(editable.regionCodes),
    segmentKeys: Type.Optional(editable.segmentKeys),
    minLifetimePoints: Type.Optional(editable.minLifetimePoints),
    visibleFrom: Type.Optional(editable.visibleFrom),
    visibleUntil: Type.Optional(editable.visibleUntil),
    approvalRequired: Type.Optional(editable.approvalRequired),
  },
  { additionalProperties: false },
);

export const RewardChangeBody = Type.Partial(Type.Object(editable), {
  additionalProperties: false,
  minProperties: 1,
});

export const RewardSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  kind: StringEnum(REWARD_KINDS),
  fulfilment: StringEnum(FULFILMENTS),
  cost: Type.Integer(),
  stock: Nullable(Type.Integer()),
  limitLifetime: Nullable(Type.Integer()),
  limitPerPeriod: Nullable(Type.Integer()),
  limitPeriod: Nullable(StringEnum(LIMIT_PERIODS)),
  regionCodes: Type.Array(Type.String()),
  segmentKeys: Type.Array(Type.String()),
  minLifetimePoints: Nullable(Type.Integer()),
  visibleFrom: Nullable(DateTime),
  visibleUntil: Nullable(DateTime),
  approvalRequired: Type.Boolean(),
  archivedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const ManagedRewardSchema = Type.Intersect([
  RewardSchema,
  Type.Object({ freeCodes: Type.Integer() }),
]);

export const CatalogItemSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  kind: StringEnum(REWARD_KINDS),
  cost: Type.Integer(),
  stock: Nullable(Type.Integer()),
  visibleUntil: Nullable(DateTime),
  approvalRequired: Type.Boolean(),
  eligible: Type.Boolean(),
  ineligibleReason: Nullable(StringEnum(['region', 'segment', 'min_lifetime_points'])),
  minLifetimePoints: Nullable(Type.Integer()),
  affordable: Type.Boolean(),
  inStock: Type.Boolean(),
  redemptionsLeft: Nullable(Type.Integer()),
});

export const CatalogQuery = Type.Object({
  ...PageQuery.properties,
  affordable: Type.Optional(Type.Boolean()),
});

export const ManagedListQuery = Type.Object({
  ...PageQuery.properties,
  archived: Type.Optional(Type.Boolean()),
});

export const RedemptionSchema = Type.Object({
  id: Type.String(),
  rewardId: Type.String(),
  rewardName: Type.String(),
  rewardKind: StringEnum(REWARD_KINDS),
  userId: Type.String(),
  username: Type.String(),
  status: StringEnum(REDEMPTION_STATUSES),
  cost: Type.Integer(),
  fulfilment: StringEnum(FULFILMENTS),
  approvalReason: Nullable(StringEnum(APPROVAL_REASONS)),
  memberNote: Nullable(Type.String()),
  code: Nullable(Type.String()),
  fulfilmentNote: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  fulfilledAt: Nullable(DateTime),
  createdAt: DateTime,
});

export const RedemptionQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(StringEnum(REDEMPTION_STATUSES)),
  rewardId: Type.Optional(Type.String({ format: 'uuid' })),
  userId: Type.Optional(Type.String({ format: 'uuid' })),
});

export const MyRedemptionQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(StringEnum(REDEMPTION_STATUSES)),
});

export const NoteBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const FulfilBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

/** Optional in the schema so that a missing key is `idempotency_key_required`, not a 400. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })),
});

export const RedeemBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const CodeUploadBody = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: 900_000 }),
    format: Type.Optional(StringEnum(CODE_FORMATS)),
  },
  { additionalProperties: false },
);

export const UploadReportSchema = Type.Object({
  added: Type.Integer(),
  lines: Type.Integer(),
  header: Type.Boolean(),
  problems: Type.Array(
    Type.Object({
      line: Type.Integer(),
      problem: StringEnum(CODE_PROBLEMS),
      firstLine: Type.Optional(Type.Integer()),
      message: Type.String(),
    }),
  ),
  pool: Type.Object({
    total: Type.Integer(),
    free: Type.Integer(),
    reserved: Type.Integer(),
    issued: Type.Integer(),
  }),
});

export const CodeCountsSchema = UploadReportSchema.properties.pool;

export const SettingsSchema = Type.Object(
  { approvalAbovePoints: Nullable(Type.Integer({ minimum: 0, maximum: MAX_ENTRY_POINTS })) },
  { additionalProperties: false },
);

export const RiskFlagBody = Type.Object(
  {
    userId: Type.String({ format: 'uuid' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

export const RiskFlagSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  reason: Type.String(),
  source: Type.String(),
  createdAt: DateTime,
  clearedAt: Nullable(DateTime),
});

export const RiskFlagQuery = Type.Object({
  ...PageQuery.properties,
  userId: Type.Optional(Type.String({ format: 'uuid' })),
  active: Type.Optional(Type.Boolean({ default: true })),
});

const iso = (value: Date | null) => value?.toISOString() ?? null;

export function presentReward(reward: Reward) {
  return {
    ...reward,
    visibleFrom: iso(reward.visibleFrom),
    visibleUntil: iso(reward.visibleUntil),
    archivedAt: iso(reward.archivedAt),
    createdAt: reward.createdAt.toISOString(),
    updatedAt: reward.updatedAt.toISOString(),
  };
}

export function presentManagedReward(reward: ManagedReward) {
  return { ...presentReward(reward), freeCodes: reward.freeCodes };
}

export function presentCatalogItem(item: CatalogItem) {
  const { reward } = item;
  return {
    id: reward.id,
    name: reward.name,
    description: reward.description,
    kind: reward.kind,
    cost: reward.cost,
    stock: reward.stock,
    visibleUntil: iso(reward.visibleUntil),
    approvalRequired: reward.approvalRequired,
    eligible: item.eligible,
    ineligibleReason: item.ineligibleReason,
    minLifetimePoints: reward.minLifetimePoints,
    affordable: item.affordable,
    inStock: item.inStock,
    redemptionsLeft: item.redemptionsLeft,
  };
}

export function presentRedemption(redemption: Redemption) {
  return {
    ...redemption,
    decidedAt: iso(redemption.decidedAt),
    fulfilledAt: iso(redemption.fulfilledAt),
    createdAt: redemption.createdAt.toISOString(),
  };
}

export function presentFlag(flag: RiskFlag) {
  return {
    id: flag.id,
    userId: flag.userId,
    username: flag.username,
    reason: flag.reason,
    source: flag.source,
    createdAt: flag.createdAt.toISOString(),
    clearedAt: iso(flag.clearedAt),
  };
}
