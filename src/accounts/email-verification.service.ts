/**
 * E-mail verification: a single-use link, valid for 48 hours, proves that a member controls
 * the address on their account. Each link is bound to the address it was sent to; it verifies
 * nothing once the account has another address. Guild joins a member to the retailer's
 * customer records by e-mail only when `users.email_verified_at` is set.
 */
import { and, count, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { GuildError } from '../core/errors/errors.js';
import { hashToken, newToken } from './credentials.js';
import { emailVerifications, outboundEmails, users } from './accounts.table.js';

/** A verification link lives this long. */
export const VERIFICATION_TTL_HOURS = 48;
/** Links a member may be sent per hour (sign-up and e-mail changes count too). */
const VERIFICATIONS_PER_HOUR = 5;

function invalidLink(): GuildError {
  return new GuildError('verification_link_invalid');
}

/**
 * Writes a new verification link for the member's current address into the outbox, in the
 * caller's transaction. `baseUrl` is the tenant's own address (see `tenantBaseUrl`).
 */
export async function issueEmailVerification(
  db: Orm,
  input: { tenantId: string; userId: string; baseUrl: string },
): Promise<void> {
  const [user] = await db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!user) {
    throw new GuildError('not_found', 'No such account.');
  }
  const { token, hash } = newToken('gv');
  await db.insert(emailVerifications).values({
    tenantId: input.tenantId,
    userId: input.userId,
    email: user.email,
    tokenHash: hash,
    expiresAt: new Date(Date.now() + VERIFICATION_TTL_HOURS * 3_600_000),
  });
  const link = `${input.baseUrl}/verify-email?token=${encodeURIComponent(token)}`;
  await db.insert(outboundEmails).values({
    tenantId: input.tenantId,
    userId: input.userId,
    toAddress: user.email,
    kind: 'email_verification',
    subject: 'Confirm your e-mail address',
    bodyText:
      `Please confirm that this e-mail address belongs to your community account.\n\n` +
      `Open this link within ${VERIFICATION_TTL_HOURS} hours:\n${link}\n\n` +
      `If you did not sign up or change your address, ignore this message.`,
  });
}

/**
 * Sends a fresh link to the member's current address. Refused when it is verified already,
 * and after five links within an hour.
 */
export async function requestEmailVerification(
  db: Orm,
  input: { tenantId: string; userId: string; baseUrl: string },
): Promise<void> {
  const [user] = await db
    .select({ verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!user) {
    throw new GuildError('unauthenticated');
  }
  if (user.verifiedAt !== null) {
    throw new GuildError('email_already_verified');
  }
  const [recent] = await db
    .select({ n: count() })
    .from(emailVerifications)
    .where(
      and(
        eq(emailVerifications.userId, input.userId),
        gt(emailVerifications.createdAt, new Date(Date.now() - 3_600_000)),
      ),
    );
  if ((recent?.n ?? 0) >= VERIFICATIONS_PER_HOUR) {
    throw new GuildError('rate_limited', 'Too many verification links; try again in an hour.');
  }
  await issueEmailVerification(db, input);
}

/**
 * Verifies an address with the token from a link. The token is consumed by one conditional
 * update, so of any number of racing uses exactly one succeeds; it verifies the account only
 * while the account's address is still the one the link was sent to. An unknown, used or
 * expired token and a token for an old address fail alike. Returns the member's id.
 */
export async function confirmEmailVerification(db: Orm, token: string): Promise<string> {
  const now = new Date();
  const [consumed] = await db
    .update(emailVerifications)
    .set({ usedAt: now })
    .where(
      and(
        eq(emailVerifications.tokenHash, hashToken(token)),
        isNull(emailVerifications.usedAt),
        gt(emailVerifications.expiresAt, now),
      ),
    )
    .returning({ userId: emailVerifications.userId, email: emailVerifications.email });
  if (!consumed) {
    throw invalidLink();
  }
  const [verified] = await db
    .update(users)
    .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: now })
    .where(
      and(
        eq(users.id, consumed.userId),
        eq(users.email, consumed.email),
        ne(users.status, 'deleted'),
      ),
    )
    .returning({ id: users.id });
  if (!verified) {
    throw invalidLink();
  }
  return verified.id;
}

/** Retires every unused link of a member (their address changed: the links name the old one). */
export async function withdrawEmailVerifications(db: Orm, userId: string): Promise<void> {
  await db
    .update(emailVerifications)
    .set({ usedAt: new Date() })
    .where(and(eq(emailVerifications.userId, userId), isNull(emailVerifications.usedAt)));
}
