/**
 * The events Guild sends to partner systems. A topic is dotted lowercase (`customer.linked`);
 * this list is the whole vocabulary, so a receiver can rely on it and an endpoint can only
 * subscribe to what exists.
 */

/** Every topic Guild emits, with what it means. */
export const OUTBOUND_TOPICS = {
  ping: 'a test event an admin sends to one webhook endpoint',
  'customer.linked': 'a member was joined to a customer record',
  'customer.unlinked': "a member's link to a customer record was closed",
  'import.completed': 'an import job ended (succeeded, failed or cancelled)',
  'loyalty.credit': "points to add to a customer's account in the loyalty program",
  'loyalty.debit': "points to take from a customer's account in the loyalty program",
  'member.erased':
    'a member was erased at their request: delete or anonymise their customer records (PRV-06)',
  'reward.redeemed':
    'a member redeemed a reward a partner fulfils; the redemption id is the idempotency key',
} as const;

export type OutboundTopic = keyof typeof OUTBOUND_TOPICS;

/** Subscribes an endpoint to every topic, present and future (but not to pings). */
export const ALL_TOPICS = '*';

/** What an endpoint may subscribe to: a topic other than `ping`, or `*`. */
export const SUBSCRIBABLE_TOPICS = [
  ALL_TOPICS,
  ...Object.keys(OUTBOUND_TOPICS).filter((topic) => topic !== 'ping'),
] as string[];

/** The topics the loyalty adapter carries out, and the path each one posts to. */
export const LOYALTY_TOPICS = { 'loyalty.credit': 'credits', 'loyalty.debit': 'debits' } as const;

export type LoyaltyTopic = keyof typeof LOYALTY_TOPICS;

/** The payload of `loyalty.credit` and `loyalty.debit`. */
export interface LoyaltyPayload {
  /** The customer's id in the loyalty program. */
  loyaltyId: string;
  /** A positive whole number of points. */
  points: number;
  reason: string;
  /** Guild's own reference for the change (e.g. a ledger entry), echoed by the program. */
  reference: string;
}

export function isLoyaltyTopic(topic: string): topic is LoyaltyTopic {
  return Object.hasOwn(LOYALTY_TOPICS, topic);
}

/**
 * Checks a loyalty event's payload before it is written, so that a malformed one fails in the
 * code that made it rather than hours later at the loyalty program.
 * @throws Error naming the first field that is wrong
 */
export function assertLoyaltyPayload(payload: Record<string, unknown>): LoyaltyPayload {
  const { loyaltyId, points, reason, reference } = payload;
  if (typeof loyaltyId !== 'string' || loyaltyId.trim() === '' || loyaltyId.length > 200) {
    throw new Error('A loyalty event needs a loyaltyId of 1 to 200 characters');
  }
  if (typeof points !== 'number' || !Number.isSafeInteger(points) || points <= 0) {
    throw new Error('A loyalty event needs a positive whole number of points');
  }
  if (typeof reason !== 'string' || typeof reference !== 'string' || reference === '') {
    throw new Error('A loyalty event needs a reason and a reference');
  }
  return { loyaltyId, points, reason, reference };
}
