// Shapes of the Guild HTTP API v1 (see docs/API.md). Dates are ISO 8601 UTC strings.

export interface UserRef {
  id: string;
  username: string;
  displayName: string;
}

export interface Region {
  code: string;
  name: string;
  currency: string;
  locale: string;
  timezone: string;
}

export interface Me extends UserRef {
  email: string;
  /** True once the member opened a verification link sent to `email`. */
  emailVerified: boolean;
  role: string;
  locale: string;
  bio: string;
  region: Region | null;
  createdAt: string;
}

export interface Tenant {
  slug: string;
  name: string;
  defaultLocale: string;
}

export interface SessionInfo {
  user: Me | null;
  csrfToken: string | null;
  tenant: Tenant;
  regions: Region[];
}

export interface AuthAnswer {
  user: Me;
  csrfToken: string;
}

export interface Profile extends UserRef {
  bio: string;
  role: string;
  region: Region | null;
  createdAt: string;
  postCount: number;
  following: boolean;
}

export interface Space {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: 'public' | 'private';
  kind: string;
  region: Region | null;
  segments: string[];
  postCount: number;
  following: boolean;
}

export const REACTION_KINDS = ['like', 'love', 'helpful', 'insightful'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
export type ReactionCounts = Partial<Record<string, number>>;

export interface PostSummary {
  id: string;
  title: string;
  excerpt: string;
  tags: string[];
  author: UserRef;
  space: { slug: string; name: string };
  createdAt: string;
  commentCount: number;
  reactionCount: number;
  hasAcceptedAnswer: boolean;
  /** Only on search results: sanitised HTML with matches in <mark>. */
  snippetHtml?: string;
}

export interface Post extends PostSummary {
  bodyHtml: string;
  bodyMarkdown: string;
  editedAt: string | null;
  reactions: ReactionCounts;
  myReactions: string[];
  acceptedCommentId: string | null;
  following: boolean;
  canEdit: boolean;
}

export interface Comment {
  id: string;
  postId: string;
  parentId: string | null;
  author: UserRef | null;
  bodyHtml: string;
  /** Not in the v1 contract yet; used for editing when the server sends it. */
  bodyMarkdown?: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  reactions: ReactionCounts;
  myReactions: string[];
  accepted: boolean;
  canEdit: boolean;
}

export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'comment',
  'reaction',
  'accepted_answer',
  'follow',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  id: string;
  kind: NotificationKind;
  actor: UserRef | null;
  post: { id: string; title: string } | null;
  commentId: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface NotificationPage extends Page<Notification> {
  unreadCount: number;
}

export interface ReactionState {
  reactions: ReactionCounts;
  myReactions: string[];
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown>;
    requestId?: string;
  };
}
