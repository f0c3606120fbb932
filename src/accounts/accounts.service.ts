/**
 * Members' accounts: sign-up, sign-in with throttling, profiles, and admins' changes to roles
 * and statuses. Passwords are checked against Guild's policy and kept only as argon2id hashes.
 */
import { isTimeZone } from '../tenancy/tenancy.service.js';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Orm } from '../core/db/database.js';
import { uniqueViolation } from '../core/db/db-errors.js';
import { GuildError } from '../core/errors/errors.js';
import { plainTextLine } from '../core/text/plain-text.js';
import type { Role } from '../core/http/access.js';
import { regions } from '../tenancy/tenancy.table.js';
import { hashPassword, verifyPassword } from './credentials.js';
import { checkPassword } from './password-policy.js';
import { canonicalUsername, checkUsername } from './username.js';
import { users, type UserStatus } from './accounts.table.js';

export interface NewAccount {
  email: string;
  username: string;
  displayName: string;
  password: string;
  locale?: string;
  role?: Role;
  regionCode?: string;
  /** A date of birth (YYYY-MM-DD) already checked by the age gate. */
  birthDate?: string | null;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;

/** Lower-cases and NFC-normalises an email; refuses what cannot be an address. */
export function normaliseEmail(raw: string): string {
  const email = raw.normalize('NFC').trim().toLowerCase();
  if (!EMAIL.test(email)) {
    throw new GuildError('validation_failed', 'Enter a valid email address.', { field: 'email' });
  }
  return email;
}

function validatedAccount(input: NewAccount) {
  const email = normaliseEmail(input.email);
  const name = checkUsername(input.username);
  if (!name.ok) {
    throw new GuildError('invalid_username', name.message, { reason: name.reason });
  }
  const password = checkPassword(input.password, { email, username: input.username });
  if (!password.ok) {
    throw new GuildError('weak_password', password.message, { reason: password.reason });
  }
  const displayName = plainTextLine(input.displayName);
  if (displayName === '') {
    throw new GuildError('validation_failed', 'Enter a display name.', { field: 'displayName' });
  }
  return { email, username: name.display, usernameKey: name.canonical, displayName };
}

async function regionId(db: Orm, code: string | undefined): Promise<string | null> {
  if (code === undefined) {
    return null;
  }
  const [row] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, code));
  if (!row) {
    throw new GuildError('validation_failed', `Unknown region "${code}".`, { field: 'regionCode' });
  }
  return row.id;
}

async function ensureFree(db: Orm, email: string, usernameKey: string): Promise<void> {
  const taken = await db
    .select({ email: users.email, usernameKey: users.usernameKey })
    .from(users)
    .where(sql`${users.email} = ${email} OR ${users.usernameKey} = ${usernameKey}`);
  if (taken.some((row) => row.email === email)) {
    throw new GuildError('email_taken');
  }
  if (taken.length > 0) {
    throw new GuildError('username_taken');
  }
}

/**
 * Creates an account in the current tenant; returns its id. `emailVerified` marks the address
 * verified at once: only for accounts an operator creates, never for a sign-up.
 */
export async function createAccount(
  db: Orm,
  tenantId: string,
  input: NewAccount,
  options: { emailVerified?: boolean } = {},
): Promise<string> {
  const account = validatedAccount(input);
  await ensureFree(db, account.email, account.usernameKey);

  try {
    const [row] = await db
      .insert(users)
      .values({
        ...account,
        tenantId,
        passwordHash: await hashPassword(input.password),
        role: input.role ?? 'member',
        locale: input.locale ?? 'en-GB',
        regionId: await regionId(db, input.regionCode),
        birthDate: input.birthDate ?? null,
        emailVerifiedAt: options.emailVerified === true ? new Date() : null,
      })
      .returning({ id: users.id });
    return row!.id;
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === null) {
      throw error;
    }
    throw new GuildError(constraint.includes('email') ? 'email_taken' : 'username_taken');
  }
}

const WINDOW = "now() - interval '15 minutes'";

/**
 * Checks an email and password. Failures are counted over 15 minutes per account from one
 * address, per account from all addresses (at four times that limit) and per address; past
 * any of these the attempt is refused before the password is checked. Counting per address
 * first means a stranger cannot lock a member out from everywhere with a handful of guesses;
 * the account-wide limit still stops a guessing attack spread over many addresses.
 * Unknown accounts and wrong passwords answer alike, in time as in words.
 */
export async function authenticate(
  db: Database,
  input: {
    tenantId: string;
    email: string;
    password: string;
    ip: string;
    limits: { perAccount: number; perIp: number };
  },
): Promise<string> {
  const email = input.email.normalize('NFC').trim().toLowerCase();
  const [counts] = await db.query<{ pair: number; account: number; ip: number }>(
    `SELECT count(*) FILTER (WHERE tenant_id = $1 AND email = $2 AND ip = $3)::int AS pair,
            count(*) FILTER (WHERE tenant_id = $1 AND email = $2)::int AS account,
            count(*) FILTER (WHERE ip = $3)::int AS ip
       FROM sign_in_failures WHERE created_at > ${WINDOW} AND (email = $2 OR ip = $3)`,
    [input.tenantId, email, input.ip],
  );
  const { perAccount, perIp } = input.limits;
  if (
    (counts?.pair ?? 0) >= perAccount ||
    (counts?.account ?? 0) >= perAccount * 4 ||
    (counts?.ip ?? 0) >= perIp
  ) {
    throw new GuildError('rate_limited', 'Too many failed sign-ins; try again in 15 minutes.');
  }

  const [user] = await db.query<{ id: string; password_hash: string | null; status: string }>(
    'SELECT id, password_hash, status FROM users WHERE tenant_id = $1 AND email = $2',
    [input.tenantId, email],
  );
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!ok || !user) {
    await db.query('INSERT INTO sign_in_failures (tenant_id, email, ip) VALUES ($1, $2, $3)', [
      input.tenantId,
      email,
      input.ip,
    ]);
    throw new GuildError('invalid_credentials');
  }
  if (user.status !== 'active') {
    throw new GuildError('account_suspended');
  }
  await db.query('DELETE FROM sign_in_failures WHERE tenant_id = $1 AND email = $2', [
    input.tenantId,
    email,
  ]);
  return user.id;
}

/**
 * Refuses a change that would leave the tenant without an active admin, and any change an
 * admin tries on their own account (another admin must make it).
 */
export async function guardAdminChange(
  db: Orm,
  input: { actorId: string; userId: string; role?: Role; status?: string },
): Promise<void> {
  if (input.actorId === input.userId) {
    throw new GuildError('forbidden', 'Admins cannot change their own role or status.');
  }
  const demoting =
    (input.role !== undefined && input.role !== 'admin') || input.status === 'suspended';
  if (!demoting) {
    return;
  }
  const admins = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.status, 'active')));
  if (admins.length === 1 && admins[0]?.id === input.userId) {
    throw new GuildError('conflict', 'This is the last active admin; appoint another first.');
  }
}

/**
 * Erasure's part in accounts: the row stays (the ledger, reactions and votes still point at it)
 * but says nothing about the person. The username is freed for anyone to take; the account can
 * no longer sign in. Returns the names and address it held, for erasure to rewrite elsewhere.
 */
export async function pseudonymiseAccount(
  db: Orm,
  userId: string,
): Promise<{ username: string; displayName: string; email: string } | null> {
  const [before] = await db
    .select({ username: users.username, displayName: users.displayName, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  if (!before) {
    return null;
  }
  const alias = `former_${userId.replaceAll('-', '').slice(0, 12)}`;
  await db
    .update(users)
    .set({
      username: alias,
      usernameKey: canonicalUsername(alias),
      displayName: 'Former member',
      email: `${alias}@erased.invalid`,
      bio: '',
      passwordHash: null,
      status: 'deleted',
      birthDate: null,
      householdKey: null,
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId));
  return before;
}

/** Changes an account's role, status or facts; returns false when no such account. */
export async function changeAccount(
  db: Orm,
  userId: string,
  change: {
    role?: Role;
    status?: Exclude<UserStatus, 'deleted'>;
    birthDate?: string | null;
    employee?: boolean;
    householdKey?: string | null;
  },
): Promise<boolean> {
  if (change.birthDate) {
    const born = new Date(`${change.birthDate}T00:00:00Z`);
    if (Number.isNaN(born.getTime()) || born > new Date() || born.getUTCFullYear() < 1900) {
      throw new GuildError('validation_failed', 'A date of birth is a past date after 1900.', {
        field: 'birthDate',
      });
    }
  }
  const rows = await db
    .update(users)
    .set({ ...change, updatedAt: new Date() })
    .where(and(eq(users.id, userId), sql`${users.status} <> 'deleted'`))
    .returning({ id: users.id });
  return rows.length === 1;
}

/**
 * Gives a member the ambassador role while they hold an active place in a program, and takes it
 * back when they hold none. Staff roles are never touched.
 */
export async function setAmbassadorRole(
  db: Orm,
  userId: string,
  ambassador: boolean,
): Promise<boolean> {
  const changed = await db
    .update(users)
    .set({ role: ambassador ? 'ambassador' : 'member', updatedAt: new Date() })
    .where(
      and(
        eq(users.id, userId),
        sql`${users.role} = ${ambassador ? 'member' : 'ambassador'}`,
        sql`${users.status} <> 'deleted'`,
      ),
    )
    .returning({ id: users.id });
  return changed.length > 0;
}

/** Updates the editable fields of one's own profile. */
export async function updateProfile(
  db: Orm,
  userId: string,
  change: { displayName?: string; bio?: string; locale?: string; timezone?: string | null },
): Promise<void> {
  if (typeof change.timezone === 'string' && !isTimeZone(change.timezone)) {
    throw new GuildError(
      'validation_failed',
      'Choose a time zone by its name, such as Europe/London.',
      { field: 'timezone' },
    );
  }
  const displayName =
    change.displayName === undefined ? undefined : plainTextLine(change.displayName);
  if (displayName === '') {
    throw new GuildError('validation_failed', 'Enter a display name.', { field: 'displayName' });
  }
  await db
    .update(users)
    .set({
      ...(displayName === undefined ? {} : { displayName }),
      ...(change.bio === undefined ? {} : { bio: change.bio.normalize('NFC').trim() }),
      ...(change.locale === undefined ? {} : { locale: change.locale }),
      ...(change.timezone === undefined ? {} : { timezone: change.timezone }),
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId));
}
