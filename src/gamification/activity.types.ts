/**
 * What happened, in the words the rules engine, badges, streaks and challenges share. Each
 * domain that sees a member do something worth points (community, integrations, the program)
 * reports one `ActivityEvent`; the cause key says which occurrence it is, so the same event
 * reported twice counts once and its points can be taken back when the cause goes away.
 */

export const ACTIVITY_KINDS = [
  /** A post of the member's was published (after moderation). */
  'post_published',
  /** A comment of the member's was published. */
  'comment_published',
  /** Someone else reacted to the member's post or comment. */
  'reaction_received',
  /** The member's comment was accepted as the answer by someone else. */
  'answer_accepted',
  /** The member's first visit of a day in their time zone. */
  'daily_visit',
  /** An order of the member's customer record was paid (integrations). */
  'purchase',
  /** The member published a product review (never scored by its rating: REV-01). */
  'review',
  /** The member scanned a store's QR code. */
  'store_visit',
  /** Someone the member referred became a customer. */
  'referral_converted',
  /** The member completed a step of a challenge. */
  'challenge_step',
  /** A mission of the member's was approved (ambassador program). */
  'mission_approved',
  /** The retailer's loyalty program recorded an event for the member's loyalty account. */
  'loyalty_event',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityEvent {
  kind: ActivityKind;
  /** The member the event is about: who would earn (the author, the buyer, the referrer). */
  userId: string;
  /** Who acted, when someone else did (the reactor, the acceptor); null for the member. */
  actorId: string | null;
  /**
   * The occurrence, unique per tenant and kind: `reaction:post:<id>:<actor>:like`,
   * `order:<external id>`. Points made for it carry it as their source reference.
   */
  causeKey: string;
  occurredAt: Date;
  spaceId?: string | null;
  regionId?: string | null;
  /** A quantity the rule may scale by (a purchase's net amount in minor units). */
  quantity?: number | null;
  currency?: string | null;
  /** Anything else a rule, badge or challenge may test (store id, post id, challenge id). */
  properties?: Record<string, string | number | boolean | null>;
}
