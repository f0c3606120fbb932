/**
 * Changing credentials: password reset by e-mailed link, and changes of password or e-mail by
 * a signed-in member, which always demand the current password first (a stolen session alone
 * must not be enough to take the account over). A new e-mail address starts unverified.
 */
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { uniqueViolation } from '../core/db/db-errors.js';
import { GuildError } from '../core/errors/errors.js';
import { normaliseEmail } from './accounts.service.js';
import {
  issueEmailVerification,
  withdrawEmailVerifications,
} from './email-verification.service.js';
import { hashPassword, hashToken, newToken, verifyPassword } from './credentials.js';
import { checkPassword } from './password-policy.js';
import { outboundEmails, passwordResets, users } from './accounts.table.js';

/** A reset link lives this long. */
export const RESET_TTL_MINUTES = 10;
const RESETS_PER_HOUR = 5;

/**
 * Sends a reset link when the address belongs to an active member. Says nothing either way,
 * so the answer cannot be used to find out who has an account. `baseUrl` is the tenant's own
 * address (see `tenantBaseUrl`).
 */
export async function requestPasswordReset(
  db: Orm,
  input: { tenantId: string; email: string; baseUrl: string },
): Promise<void> {
  const email = input.email.normalize('NFC').trim().toLowerCase();
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), eq(users.status, 'active')));
  if (!user) {
    return;
  }
  const [recent] = await db
    .select({ n: count() })
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.userId, user.id),
        gt(passwordResets.createdAt, new Date(Date.now() - 3_600_000)),
      ),
    );
  if ((recent?.n ?? 0) >= RESETS_PER_HOUR) {
    return;
  }

  const { token, hash } = newToken('gr');
  await db.insert(passwordResets).values({
    tenantId: input.tenantId,
    userId: user.id,
    tokenHash: hash,
    expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * 60_000),
  });
  const link = `${input.baseUrl}/reset-password?token=${encodeURIComponent(token)}`;
  await db.insert(outboundEmails).values({
    tenantId: input.tenantId,
    userId: user.id,
    toAddress: email,
    kind: 'password_reset',
    subject: 'Reset your password',
    bodyText:
      `Someone asked to reset the password of your account.\n\n` +
      `To choose a new password, open this link within ${RESET_TTL_MINUTES} minutes:\n${link}\n\n` +
      `If it was not you, ignore this message; your password stays as it is.`,
  });
}

/**
 * Sets a new password with a reset token. The token is consumed by one conditional update,
 * so however many requests race with it, exactly one succeeds. Returns the member's id.
 */
export async function confirmPasswordReset(
  db: Orm,
  input: { token: string; password: string },
): Promise<string> {
  const live = and(
    eq(passwordResets.tokenHash, hashToken(input.token)),
    isNull(passwordResets.usedAt),
    gt(passwordResets.expiresAt, new Date()),
  );
  const [pending] = await db
    .select({ email: users.email, username: users.username })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(live);
  if (!pending) {
    throw new GuildError('validation_failed', 'This reset link is invalid, used or expired.', {
      field: 'token',
    });
  }
  const verdict = checkPassword(input.password, pending);
  if (!verdict.ok) {
    throw new GuildError('weak_password', verdict.message, { reason: verdict.reason });
  }

  const passwordHash = await hashPassword(input.password);
  const [consumed] = await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(live)
    .returning({ userId: passwordResets.userId });
  if (!consumed) {
    throw new GuildError('validation_failed', 'This reset link is invalid, used or expired.', {
      field: 'token',
    });
  }
  await db
    .update(users)
    .set({ passwordHash, updatedAt: new Date() })
    .where(eq(users.id, consumed.userId));
  return consumed.userId;
}

async function requireCurrentPassword(db: Orm, userId: string, password: string) {
  const [user] = await db
    .select({ hash: users.passwordHash, email: users.email, username: users.username })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.hash, password))) {
    throw new GuildError('reauthentication_required', 'The current password is not correct.');
  }
  return user;
}

/** Changes the password after checking the current one. */
export async function changePassword(
  db: Orm,
  userId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await requireCurrentPassword(db, userId, input.currentPassword);
  const verdict = checkPassword(input.newPassword, user);
  if (!verdict.ok) {
    throw new GuildError('weak_password', verdict.message, { reason: verdict.reason });
  }
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() })
    .where(eq(users.id, userId));
}

/**
 * Changes the e-mail address after checking the password and tells the old address. The new
 * address is unverified: earlier verification links are withdrawn and a new one goes to it.
 * Giving the current address again changes nothing.
 */
export async function changeEmail(
  db: Orm,
  input: {
    tenantId: string;
    userId: string;
    currentPassword: string;
    email: string;
    baseUrl: string;
  },
): Promise<void> {
  const user = await requireCurrentPassword(db, input.userId, input.currentPassword);
  const email = normaliseEmail(input.email);
  if (email === user.email) {
    return;
  }
  try {
    await db
      .update(users)
      .set({ email, emailVerifiedAt: null, updatedAt: new Date() })
      .where(eq(users.id, input.userId));
  } catch (error) {
    if (uniqueViolation(error) !== null) {
      throw new GuildError('email_taken');
    }
    throw error;
  }
  await db.insert(outboundEmails).values({
    tenantId: input.tenantId,
    userId: input.userId,
    toAddress: user.email,
    kind: 'email_changed',
    subject: 'Your e-mail address was changed',
    bodyText:
      'The e-mail address of your account was just changed. If it was not you, reset your ' +
      'password and contact the community team.',
  });
  await withdrawEmailVerifications(db, input.userId);
  await issueEmailVerification(db, {
    tenantId: input.tenantId,
    userId: input.userId,
    baseUrl: input.baseUrl,
  });
}
