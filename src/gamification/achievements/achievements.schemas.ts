/**
 * Request and response schemas of the achievements API, and the presenters that turn service
 * objects into those responses.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { GuildError } from '../../core/errors/errors.js';
import type { Actor } from '../../core/http/request-context.js';
import { Nullable, StringEnum } from '../../core/http/schemas.js';
import { ACTIVITY_KINDS } from '../activity.types.js';
import { MAX_ENTRY_POINTS } from '../ledger.js';
import { BADGE_CRITERIA, BADGE_TIERS, type Badge, type HeldBadge } from './badges.service.js';
import {
  CHALLENGE_STATES,
  CHALLENGE_STATUSES,
  STEP_KINDS,
  type Challenge,
  type ChallengeForMember,
} from './challenges.service.js';
import type { Level, MemberLevel } from './levels.service.js';
import type { Streak } from './streaks.service.js';

export const BASE = '/api/v1/gamification';
export const DateTime = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });

export function actorOf(request: FastifyRequest): Actor {
  const actor = request.guild.actor;
  if (!actor) {
    throw new GuildError('unauthenticated');
  }
  return actor;
}

export const Page = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

// Badges

const TierSchema = Type.Object(
  {
    tier: StringEnum(BADGE_TIERS),
    threshold: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    points: Type.Integer({ minimum: 0, maximum: MAX_ENTRY_POINTS }),
  },
  { additionalProperties: false },
);

export const BadgeSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  criterion: StringEnum(BADGE_CRITERIA),
  activityKind: Nullable(Type.String()),
  spaceId: Nullable(Type.String()),
  revocable: Type.Boolean(),
  visible: Type.Boolean(),
  status: StringEnum(['active', 'archived']),
  tiers: Type.Array(TierSchema),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const BadgeBody = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,60}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    criterion: StringEnum(BADGE_CRITERIA),
    activityKind: Type.Optional(Nullable(StringEnum(ACTIVITY_KINDS))),
    spaceId: Type.Optional(Nullable(Uuid)),
    revocable: Type.Optional(Type.Boolean()),
    visible: Type.Optional(Type.Boolean()),
    tiers: Type.Array(TierSchema, { minItems: 1, maxItems: 3 }),
  },
  { additionalProperties: false },
);

export const BadgePatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    spaceId: Type.Optional(Nullable(Uuid)),
    revocable: Type.Optional(Type.Boolean()),
    visible: Type.Optional(Type.Boolean()),
    tiers: Type.Optional(Type.Array(TierSchema, { minItems: 1, maxItems: 3 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const HeldBadgeSchema = Type.Object({
  id: Type.String(),
  badge: Type.Object({
    id: Type.String(),
    key: Type.String(),
    name: Type.String(),
    description: Type.String(),
  }),
  tier: StringEnum(BADGE_TIERS),
  source: StringEnum(['automatic', 'manual']),
  grantedAt: DateTime,
});

export function presentBadge(badge: Badge) {
  return {
    ...badge,
    createdAt: badge.createdAt.toISOString(),
    updatedAt: badge.updatedAt.toISOString(),
  };
}

export function presentHeld(held: HeldBadge) {
  return { ...held, grantedAt: held.grantedAt.toISOString() };
}

// Levels and streaks

export const LevelSchema = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  name: Type.String(),
  minPoints: Type.Integer(),
  privileges: Type.Array(Type.String()),
  archived: Type.Boolean(),
  createdAt: DateTime,
});

const PrivilegeKey = Type.String({ pattern: '^[a-z][a-z0-9_.:-]{0,63}$' });

export const LevelBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    minPoints: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
    privileges: Type.Optional(Type.Array(PrivilegeKey, { maxItems: 30 })),
  },
  { additionalProperties: false },
);

export const LevelPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    minPoints: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })),
    privileges: Type.Optional(Type.Array(PrivilegeKey, { maxItems: 30 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MemberLevelSchema = Type.Object({
  userId: Type.String(),
  lifetimePoints: Type.Integer(),
  level: Nullable(LevelSchema),
  next: Nullable(Type.Intersect([LevelSchema, Type.Object({ pointsToGo: Type.Integer() })])),
  privileges: Type.Array(Type.String()),
});

export function presentLevel(level: Level) {
  return { ...level, createdAt: level.createdAt.toISOString() };
}

export function presentMemberLevel(view: MemberLevel) {
  return {
    ...view,
    level: view.level ? presentLevel(view.level) : null,
    next: view.next ? { ...presentLevel(view.next), pointsToGo: view.next.pointsToGo } : null,
  };
}

export const StreakSchema = Type.Object({
  current: Type.Integer(),
  longest: Type.Integer(),
  lastActiveDay: Nullable(Type.String()),
  today: Type.String(),
  activeToday: Type.Boolean(),
  timezone: Type.String(),
});

export function presentStreak(streak: Streak) {
  return streak;
}

// Challenges

const LocalTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$',
  description: "Local date and time in the community's time zone (no offset)",
});

const StepSchema = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  title: Type.String(),
  kind: StringEnum(STEP_KINDS),
  activityKind: Type.String(),
  spaceId: Nullable(Type.String()),
  storeId: Nullable(Type.String()),
  minAmount: Nullable(Type.Integer()),
  requiredCount: Type.Integer(),
});

const StepBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    kind: StringEnum(STEP_KINDS),
    activityKind: Type.Optional(StringEnum(ACTIVITY_KINDS)),
    spaceId: Type.Optional(Nullable(Uuid)),
    storeId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    minAmount: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000_000 }))),
    requiredCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

const ChallengeFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 5000 }),
  startsAt: LocalTime,
  endsAt: LocalTime,
  steps: Type.Array(StepBody, { minItems: 1, maxItems: 10 }),
  regionIds: Type.Array(Uuid, { maxItems: 100 }),
  segmentIds: Type.Array(Uuid, { maxItems: 100 }),
  prizePoints: Nullable(Type.Integer({ minimum: 1, maximum: MAX_ENTRY_POINTS })),
  rewardId: Nullable(Uuid),
  disclosureText: Nullable(Type.String({ maxLength: 500 })),
};

export const ChallengeBody = Type.Object(
  {
    title: ChallengeFields.title,
    description: Type.Optional(ChallengeFields.description),
    startsAt: ChallengeFields.startsAt,
    endsAt: ChallengeFields.endsAt,
    steps: ChallengeFields.steps,
    regionIds: Type.Optional(ChallengeFields.regionIds),
    segmentIds: Type.Optional(ChallengeFields.segmentIds),
    prizePoints: Type.Optional(ChallengeFields.prizePoints),
    rewardId: Type.Optional(ChallengeFields.rewardId),
    disclosureText: Type.Optional(ChallengeFields.disclosureText),
  },
  { additionalProperties: false },
);

export const ChallengePatchBody = Type.Object(
  Object.fromEntries(
    Object.entries(ChallengeFields).map(([key, schema]) => [key, Type.Optional(schema)]),
  ),
  { additionalProperties: false, minProperties: 1 },
);

const DisclosureSchema = Type.Object({
  required: Type.Boolean(),
  rule: Type.String(),
  reminder: Type.String(),
  custom: Type.Boolean(),
});

const ChallengeProps = {
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  status: StringEnum(CHALLENGE_STATUSES),
  state: StringEnum(CHALLENGE_STATES),
  timezone: Type.String(),
  startsAtLocal: Type.String(),
  endsAtLocal: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  steps: Type.Array(StepSchema),
  regionIds: Type.Array(Type.String()),
  segmentIds: Type.Array(Type.String()),
  prizePoints: Nullable(Type.Integer()),
  rewardId: Nullable(Type.String()),
  disclosure: Nullable(DisclosureSchema),
  publishedAt: Nullable(DateTime),
  createdAt: DateTime,
};

export const ChallengeSchema = Type.Object(ChallengeProps);

export const MemberChallengeSchema = Type.Object({
  ...ChallengeProps,
  progress: Type.Object({
    joined: Type.Boolean(),
    joinedAt: Nullable(DateTime),
    completedAt: Nullable(DateTime),
    steps: Type.Array(
      Type.Object({
        stepId: Type.String(),
        done: Type.Integer(),
        required: Type.Integer(),
        complete: Type.Boolean(),
      }),
    ),
  }),
});

export function presentChallenge(challenge: Challenge) {
  return {
    ...challenge,
    startsAt: challenge.startsAt.toISOString(),
    endsAt: challenge.endsAt.toISOString(),
    publishedAt: challenge.publishedAt?.toISOString() ?? null,
    createdAt: challenge.createdAt.toISOString(),
  };
}

export function presentMemberChallenge(challenge: ChallengeForMember) {
  return {
    ...presentChallenge(challenge),
    progress: {
      ...challenge.progress,
      joinedAt: challenge.progress.joinedAt?.toISOString() ?? null,
      completedAt: challenge.progress.completedAt?.toISOString() ?? null,
    },
  };
}
