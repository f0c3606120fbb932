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
  /** The member's own time zone, when they chose one; otherwise their region's applies. */
  timezone?: string | null;
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
  /**
   * The post shows the "Sponsored · <sponsorLabel>" badge (DISC-09): its author declared it
   * paid or has a tie to the brand. Optional for shapes built without it (older servers).
   */
  sponsored?: boolean;
  sponsorLabel?: string | null;
  /** Only on search results: sanitised HTML with matches in <mark>. */
  snippetHtml?: string;
}

export interface Post extends PostSummary {
  sponsored: boolean;
  sponsorLabel: string | null;
  /** The author's "contains paid or sponsored content" declaration. */
  paidDeclared: boolean;
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
  'moderation_decision',
  'moderation_escalation',
  'badge_granted',
  'level_reached',
  'challenge_completed',
  'ambassador_invitation',
  'mission_assigned',
  'mission_decision',
  'ambassador_survey',
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

// Integrations (admins only; see docs/API.md).

export const IMPORT_KINDS = ['orders', 'customers', 'mentions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The mapping presets the server knows, by the kind of data they read. */
export const IMPORT_PRESETS = {
  orders: ['online-retail', 'shopify-orders'],
  customers: ['customers'],
  mentions: ['social-mentions'],
} as const satisfies Record<ImportKind, readonly string[]>;
export type ImportPreset = (typeof IMPORT_PRESETS)[ImportKind][number];

export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportJob {
  id: string;
  kind: ImportKind;
  preset: string;
  origin: 'cli' | 'upload';
  fileName: string;
  fileBytes: number | null;
  dryRun: boolean;
  status: ImportStatus;
  bytesRead: number;
  rowsRead: number;
  rowsImported: number;
  rowsUnchanged: number;
  rowsSkipped: number;
  errorCount: number;
  hasErrorReport: boolean;
  failure: string | null;
  summary: Record<string, unknown> | null;
  progress: {
    /** Share of the file read, 0 to 1, when its size is known. */
    fraction: number | null;
    rowsPerSecond: number | null;
    etaSeconds: number | null;
  };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const SOURCE_KINDS = ['shop', 'crm', 'loyalty', 'social'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A partner system that sends Guild webhooks. */
export interface IntegrationSource {
  id: string;
  slug: string;
  name: string;
  kind: SourceKind;
  enabled: boolean;
  apiUrl: string | null;
  hasApiKey: boolean;
  /** Where the partner posts its webhooks, on this site, e.g. `/integrations/shop/webhooks`. */
  webhookPath: string;
  /** Until this time the secret before the last rotation is still accepted. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
}

/** The create and rotate answers: the only time the signing secret is shown. */
export interface IntegrationSourceWithSecret extends IntegrationSource {
  secret: string;
}

export interface SourceInput {
  slug: string;
  name: string;
  kind: SourceKind;
  apiUrl?: string;
  apiKey?: string;
}

export const WEBHOOK_EVENT_STATUSES = [
  'queued',
  'processed',
  'parked',
  'failed',
  'ignored',
] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/** A webhook a partner system sent to Guild. */
export interface WebhookEvent {
  id: string;
  sourceId: string;
  /** The source's slug. */
  source: string;
  /** The partner's own id of the event. */
  eventId: string;
  topic: string;
  status: WebhookEventStatus;
  /** What a parked event waits for (e.g. the customer record it names). */
  waitingFor: string | null;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
}

/** Topics an endpoint can subscribe to; `*` is every topic. */
export const SUBSCRIBABLE_TOPICS = [
  '*',
  'customer.linked',
  'customer.unlinked',
  'import.completed',
  'loyalty.credit',
  'loyalty.debit',
  'member.erased',
  'reward.redeemed',
] as const;
export type SubscribableTopic = (typeof SUBSCRIBABLE_TOPICS)[number];

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  topics: string[];
  enabled: boolean;
  createdAt: string;
}

export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  secret: string;
}

export interface EndpointInput {
  url: string;
  description: string;
  topics: string[];
  enabled: boolean;
}

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  id: string;
  eventId: string;
  topic: string;
  target: 'webhook' | 'loyalty';
  endpointId: string | null;
  sourceId: string | null;
  /** The endpoint's URL or the loyalty program's name. */
  destination: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

// Customers: the retailer's records, joined to members.

export interface CustomerSummary {
  id: string;
  externalId: string;
  email: string | null;
  name: string | null;
  country: string | null;
  orderCount: number;
  linkedMember: UserRef | null;
}

export const LINK_RULES = ['verified_email', 'loyalty_id', 'explicit'] as const;
export type LinkRule = (typeof LINK_RULES)[number];

export interface CustomerLink {
  id: string;
  rule: LinkRule;
  linkedAt: string;
  member: UserRef;
}

export const ORDER_KINDS = ['sale', 'return', 'adjustment'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export interface CustomerOrder {
  id: string;
  externalId: string;
  kind: OrderKind;
  placedAt: string;
  lineCount: number;
  /** A decimal amount in the order's currency, e.g. "12.50". */
  net: string;
}

export interface LoyaltyAccount {
  externalId: string;
  tierCode: string | null;
  pointsBalance: number;
  recentEvents: { kind: string; points: number; occurredAt: string; reason: string | null }[];
}

export interface CustomerMention {
  platform: string;
  authorHandle: string | null;
  body: string;
  postedAt: string;
  sentiment: string | null;
  reach: number | null;
}

export interface CustomerDetail {
  id: string;
  externalId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  regionCode: string | null;
  /** Marketing consent; null when the records do not say. */
  consent: { email: boolean | null; sms: boolean | null };
  loyaltyId: string | null;
  /** Where the record came from (an import or a source). */
  source: string;
  createdAt: string;
  links: CustomerLink[];
  orders: {
    count: number;
    /** A decimal amount, e.g. "1234.50". */
    netRevenue: string;
    /** Null when the customer has no orders. */
    currency: string | null;
    lastOrderAt: string | null;
    recent: CustomerOrder[];
  };
  loyalty: LoyaltyAccount[];
  mentions: { count: number; recent: CustomerMention[] };
}
