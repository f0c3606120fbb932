/** Request and response schemas of the community API (the source of its OpenAPI document). */
import { Type } from 'typebox';
import { RegionSchema, UserRefSchema } from '../accounts/accounts.presenter.js';
import { Nullable, StringEnum } from '../core/http/schemas.js';
import {
  MODERATION_STATES,
  NOTIFICATION_KINDS,
  REACTION_KINDS,
  SPACE_KINDS,
  SPACE_VISIBILITIES,
} from './community.table.js';

export const ReactionKindSchema = StringEnum(REACTION_KINDS);

const ReactionCounts = Type.Object(
  Object.fromEntries(REACTION_KINDS.map((kind) => [kind, Type.Optional(Type.Integer())])),
);

export const ReactionStateSchema = Type.Object({
  reactions: ReactionCounts,
  myReactions: Type.Array(ReactionKindSchema),
});

export const SpaceSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  visibility: StringEnum(SPACE_VISIBILITIES),
  kind: StringEnum(SPACE_KINDS),
  region: Nullable(RegionSchema),
  segments: Type.Array(Type.String()),
  postCount: Type.Integer(),
  following: Type.Boolean(),
});

export const SpaceInputSchema = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,60}$' }),
    name: Type.String({ minLength: 2, maxLength: 80 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    visibility: StringEnum(SPACE_VISIBILITIES),
    kind: StringEnum(SPACE_KINDS),
    regionCode: Type.Optional(Type.String({ maxLength: 8 })),
    segments: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const PostSummarySchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  excerpt: Type.String(),
  tags: Type.Array(Type.String()),
  author: UserRefSchema,
  space: Type.Object({ slug: Type.String(), name: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
  commentCount: Type.Integer(),
  reactionCount: Type.Integer(),
  hasAcceptedAnswer: Type.Boolean(),
});

export const SearchHitSchema = Type.Intersect([
  PostSummarySchema,
  Type.Object({ snippetHtml: Type.String() }),
]);

/** Shown with an item its author (or a moderator) sees while it is held or after a rejection. */
export const ModerationNoticeSchema = Type.Object({
  state: StringEnum(MODERATION_STATES),
  reasonCode: Nullable(Type.String()),
  message: Nullable(Type.String()),
  checkId: Nullable(Type.String()),
});

export const PostSchema = Type.Intersect([
  PostSummarySchema,
  Type.Object({
    bodyHtml: Type.String(),
    bodyMarkdown: Type.String(),
    editedAt: Nullable(Type.String({ format: 'date-time' })),
    reactions: ReactionCounts,
    myReactions: Type.Array(ReactionKindSchema),
    acceptedCommentId: Nullable(Type.String()),
    following: Type.Boolean(),
    canEdit: Type.Boolean(),
    moderation: Nullable(ModerationNoticeSchema),
  }),
]);

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Body = Type.String({ minLength: 1, maxLength: 40_000 });
const Tags = Type.Array(Type.String({ maxLength: 40 }), { maxItems: 8 });

export const PostInputSchema = Type.Object(
  { title: Title, body: Body, tags: Type.Optional(Tags) },
  { additionalProperties: false },
);

export const PostChangeSchema = Type.Object(
  { title: Type.Optional(Title), body: Type.Optional(Body), tags: Type.Optional(Tags) },
  { additionalProperties: false },
);

export const RevisionSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  bodyMarkdown: Type.String(),
  tags: Type.Array(Type.String()),
  editor: UserRefSchema,
  createdAt: Type.String({ format: 'date-time' }),
});

export const CommentSchema = Type.Object({
  id: Type.String(),
  postId: Type.String(),
  parentId: Nullable(Type.String()),
  author: Nullable(UserRefSchema),
  bodyHtml: Type.String(),
  bodyMarkdown: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Nullable(Type.String({ format: 'date-time' })),
  deleted: Type.Boolean(),
  reactions: ReactionCounts,
  myReactions: Type.Array(ReactionKindSchema),
  accepted: Type.Boolean(),
  canEdit: Type.Boolean(),
  moderationState: StringEnum(MODERATION_STATES),
  moderation: Type.Optional(Nullable(ModerationNoticeSchema)),
});

export const CommentInputSchema = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    parentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false },
);

export const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(NOTIFICATION_KINDS),
  actor: Nullable(UserRefSchema),
  post: Nullable(Type.Object({ id: Type.String(), title: Type.String() })),
  commentId: Nullable(Type.String()),
  readAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ProfileSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  role: Type.String(),
  region: Nullable(RegionSchema),
  createdAt: Type.String({ format: 'date-time' }),
  postCount: Type.Integer(),
  following: Type.Boolean(),
});
