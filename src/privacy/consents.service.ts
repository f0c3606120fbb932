/**
 * Consent per purpose (COMPLIANCE.md PRV-01..03, PRV-10). A grant records the notice the
 * member was shown (version and SHA-256 of its text), when, through which channel and method,
 * and from where; withdrawing sets `withdrawn_at` on the grant in force, in one call, and
 * granting again adds a new row. Nothing else in Guild decides whether a purpose is allowed:
 * other domains ask `hasConsent` or embed `consentInForce` in their queries.
 *
 * Each purpose is its own choice; none is needed to join the community (no bundling, PRV-03).
 * A member younger than the consent age (16) cannot give marketing, scoring or social-import
 * consent (PRV-10); their toggles are locked.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError, fail } from '../core/errors/errors.js';

export const CONSENT_PURPOSES = [
  'marketing_email',
  'ambassador_scoring',
  'social_import',
  'cookies',
  'loyalty_program',
  'ad_sharing',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Purposes a member under the consent age may not consent to (PRV-10). */
export const ADULT_ONLY_PURPOSES: readonly ConsentPurpose[] = [
  'marketing_email',
  'ambassador_scoring',
  'social_import',
  'ad_sharing',
];

/** Below this age a member's own consent to profiling or marketing does not count. */
export const CONSENT_AGE = 16;

export const CONSENT_CHANNELS = ['web', 'api', 'email', 'import'] as const;
/** How a consent can end: any grant channel, Guild itself, or a browser's GPC signal. */
export type WithdrawalChannel = ConsentChannel | 'system' | 'gpc';
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONSENT_METHODS = ['checkbox', 'toggle', 'link', 'import'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** The notices a community starts with; an admin publishes its own versions. */
export const DEFAULT_NOTICES: Record<ConsentPurpose, string> = {
  marketing_email:
    'Send me e-mail about offers, events and invitations to programs such as the ambassador ' +
    'program. I can turn this off at any time in my privacy settings.',
  ambassador_scoring:
    'Use my purchases, loyalty tier, community activity, reviews and (where I linked them) ' +
    'social mentions to decide whether to invite me to the ambassador program. I can see why ' +
    'I got my score, ask a person to review it, and turn this off at any time.',
  social_import:
    'Import the public profile and mentions of social accounts I link, to show them on my ' +
    'profile and, if I allow ambassador scoring, to score me.',
  cookies: 'Use cookies to measure how the community is used. Essential cookies are always on.',
  loyalty_program:
    'Notice of financial incentive. Join the points program: you earn points for posts, ' +
    'answers, reviews, purchases and store visits, and spend them on rewards. In exchange we ' +
    'use your community activity and the purchases and loyalty records linked to your account ' +
    'to count your points. We value this data at what the points are worth to you (1 point is ' +
    'about 1 cent in rewards). You can leave at any time in your privacy settings; points ' +
    'already earned stay yours.',
  ad_sharing:
    'Share my community activity and purchase interests with advertising partners so they can ' +
    'show me ads elsewhere ("sale or sharing" under CCPA). Off unless I turn it on; a Global ' +
    'Privacy Control signal from my browser turns it off.',
};

export interface ConsentNotice {
  id: string;
  purpose: ConsentPurpose;
  version: number;
  body: string;
  sha256: string;
  publishedAt: Date;
}

export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  grantedAt: Date | null;
  /** The notice the grant in force was given under; null when not granted. */
  grantedNoticeVersion: number | null;
  /** The current notice; granting records this one. */
  notice: ConsentNotice;
  /** A newer notice than the one consented to is in force. */
  noticeChanged: boolean;
  /** The member may not give this consent (under the consent age). */
  locked: boolean;
}

export interface ConsentRecord {
  id: string;
  purpose: ConsentPurpose;
  noticeVersion: number;
  noticeSha256: string;
  channel: string;
  method: string;
  ip: string | null;
  userAgent: string | null;
  grantedAt: Date;
  withdrawnAt: Date | null;
  withdrawalChannel: string | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface NoticeRow {
  id: string;
  purpose: ConsentPurpose;
  version: number;
  body: string;
  body_sha256: string;
  published_at: string | Date;
}

function noticeOf(row: NoticeRow): ConsentNotice {
  return {
    id: row.id,
    purpose: row.purpose,
    version: Number(row.version),
    body: row.body,
    sha256: row.body_sha256,
    publishedAt: new Date(row.published_at),
  };
}

/** The current notice of each purpose, publishing the default text as version 1 if none is. */
export async function currentNotices(
  tx: Orm,
  tenantId: string,
): Promise<Map<ConsentPurpose, ConsentNotice>> {
  const read = () =>
    sqlRows<NoticeRow>(
      tx,
      sql`select distinct on (purpose) id, purpose, version, body, body_sha256, published_at
            from consent_notices order by purpose, version desc`,
    );
  let rows = await read();
  if (rows.length < CONSENT_PURPOSES.length) {
    const missing = CONSENT_PURPOSES.filter((p) => !rows.some((r) => r.purpose === p));
    for (const purpose of missing) {
      const body = DEFAULT_NOTICES[purpose];
      await tx.execute(
        sql`insert into consent_notices (tenant_id, purpose, version, body, body_sha256)
            values (${tenantId}, ${purpose}, 1, ${body}, ${sha256(body)})
            on conflict (tenant_id, purpose, version) do nothing`,
      );
    }
    rows = await read();
  }
  return new Map(rows.map((row) => [row.purpose, noticeOf(row)]));
}

/** Publishes a new version of a purpose's notice. Members keep their grants; the UI shows
 * them that the notice changed. */
export async function publishNotice(
  tx: Orm,
  tenantId: string,
  input: { purpose: ConsentPurpose; body: string; publishedBy: string },
): Promise<ConsentNotice> {
  const body = input.body.trim();
  if (body.length < 20) {
    throw fail.validation(
      'A notice needs at least 20 characters that say what the data is used for.',
      {
        field: 'body',
      },
    );
  }
  const current = (await currentNotices(tx, tenantId)).get(input.purpose)!;
  if (current.body === body) {
    return current;
  }
  const [row] = await sqlRows<NoticeRow>(
    tx,
    sql`insert into consent_notices (tenant_id, purpose, version, body, body_sha256, published_by)
        values (${tenantId}, ${input.purpose}, ${current.version + 1}, ${body}, ${sha256(body)},
                ${input.publishedBy})
        returning id, purpose, version, body, body_sha256, published_at`,
  );
  return noticeOf(row!);
}

/** All versions of every notice, newest first. */
export async function listNotices(tx: Orm, tenantId: string): Promise<ConsentNotice[]> {
  await currentNotices(tx, tenantId);
  const rows = await sqlRows<NoticeRow>(
    tx,
    sql`select id, purpose, version, body, body_sha256, published_at from consent_notices
         order by purpose, version desc`,
  );
  return rows.map(noticeOf);
}

/** A member's age in whole years on `at`, or null when their date of birth is unknown. */
export function ageOn(birthDate: string | null, at: Date): number | null {
  if (!birthDate) {
    return null;
  }
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const ty = at.getUTCFullYear();
  const tm = at.getUTCMonth() + 1;
  const td = at.getUTCDate();
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

async function birthDateOf(tx: Orm, userId: string): Promise<string | null> {
  const [row] = await sqlRows<{ birth_date: string | null }>(
    tx,
    sql`select birth_date::text as birth_date from users where id = ${userId}`,
  );
  if (!row) {
    throw fail.notFound('No such member.');
  }
  return row.birth_date;
}

function isLocked(purpose: ConsentPurpose, birthDate: string | null, at: Date): boolean {
  const age = ageOn(birthDate, at);
  return age !== null && age < CONSENT_AGE && ADULT_ONLY_PURPOSES.includes(purpose);
}

interface GrantRow {
  id: string;
  purpose: ConsentPurpose;
  notice_version: number;
  notice_sha256: string;
  channel: string;
  method: string;
  ip: string | null;
  user_agent: string | null;
  granted_at: string | Date;
  withdrawn_at: string | Date | null;
  withdrawal_channel: string | null;
}

function recordOf(row: GrantRow): ConsentRecord {
  return {
    id: row.id,
    purpose: row.purpose,
    noticeVersion: Number(row.notice_version),
    noticeSha256: row.notice_sha256,
    channel: row.channel,
    method: row.method,
    ip: row.ip,
    userAgent: row.user_agent,
    grantedAt: new Date(row.granted_at),
    withdrawnAt: row.withdrawn_at === null ? null : new Date(row.withdrawn_at),
    withdrawalChannel: row.withdrawal_channel,
  };
}

const GRANT_COLUMNS = sql`id, purpose, notice_version, notice_sha256, channel, method, ip,
  user_agent, granted_at, withdrawn_at, withdrawal_channel`;

/** Where the member stands on every purpose, with the notice each toggle shows. */
export async function consentStates(
  tx: Orm,
  tenantId: string,
  userId: string,
  at = new Date(),
): Promise<ConsentState[]> {
  const notices = await currentNotices(tx, tenantId);
  const birthDate = await birthDateOf(tx, userId);
  const grants = await sqlRows<GrantRow>(
    tx,
    sql`select ${GRANT_COLUMNS} from consents where user_id = ${userId} and withdrawn_at is null`,
  );
  return CONSENT_PURPOSES.map((purpose) => {
    const notice = notices.get(purpose)!;
    const grant = grants.find((g) => g.purpose === purpose);
    const locked = isLocked(purpose, birthDate, at);
    return {
      purpose,
      granted: grant !== undefined && !locked,
      grantedAt: grant ? new Date(grant.granted_at) : null,
      grantedNoticeVersion: grant ? Number(grant.notice_version) : null,
      notice,
      noticeChanged: grant !== undefined && Number(grant.notice_version) < notice.version,
      locked,
    };
  });
}

/** Every grant and withdrawal of a member, newest first (PRV-01: consent can be proven). */
export async function consentHistory(tx: Orm, userId: string): Promise<ConsentRecord[]> {
  const rows = await sqlRows<GrantRow>(
    tx,
    sql`select ${GRANT_COLUMNS} from consents where user_id = ${userId}
         order by granted_at desc, id desc`,
  );
  return rows.map(recordOf);
}

export interface ConsentChange {
  userId: string;
  purpose: ConsentPurpose;
  granted: boolean;
  /** The notice version the member saw; refused when it is not the current one. */
  noticeVersion?: number;
  channel: ConsentChannel;
  method: ConsentMethod;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Grants or withdraws one purpose. Granting what is granted under the current notice, or
 * withdrawing what is not granted, changes nothing. Returns whether anything changed.
 */
export async function changeConsent(
  tx: Orm,
  tenantId: string,
  change: ConsentChange,
  at = new Date(),
): Promise<boolean> {
  const notice = (await currentNotices(tx, tenantId)).get(change.purpose)!;
  await tx.execute(sql`select 1 from users where id = ${change.userId} for update`);
  const [inForce] = await sqlRows<GrantRow>(
    tx,
    sql`select ${GRANT_COLUMNS} from consents
         where user_id = ${change.userId} and purpose = ${change.purpose} and withdrawn_at is null`,
  );
  if (!change.granted) {
    if (!inForce) {
      return false;
    }
    await tx.execute(
      sql`update consents set withdrawn_at = greatest(${at.toISOString()}::timestamptz, granted_at),
                 withdrawal_channel = ${change.channel}
           where id = ${inForce.id}`,
    );
    return true;
  }
  if (change.noticeVersion !== undefined && change.noticeVersion !== notice.version) {
    throw new GuildError(
      'notice_outdated',
      `The ${change.purpose} notice is at version ${notice.version}; show it and ask again.`,
      { purpose: change.purpose, currentVersion: notice.version },
    );
  }
  if (isLocked(change.purpose, await birthDateOf(tx, change.userId), at)) {
    throw new GuildError('consent_age_restricted', undefined, {
      purpose: change.purpose,
      consentAge: CONSENT_AGE,
    });
  }
  if (inForce && Number(inForce.notice_version) === notice.version) {
    return false;
  }
  if (inForce) {
    await tx.execute(
      sql`update consents set withdrawn_at = greatest(${at.toISOString()}::timestamptz, granted_at),
                 withdrawal_channel = ${change.channel}
           where id = ${inForce.id}`,
    );
  }
  await tx.execute(
    sql`insert into consents (tenant_id, user_id, purpose, notice_id, notice_version,
                              notice_sha256, channel, method, ip, user_agent, granted_at)
        values (${tenantId}, ${change.userId}, ${change.purpose}, ${notice.id}, ${notice.version},
                ${notice.sha256}, ${change.channel}, ${change.method}, ${change.ip ?? null},
                ${change.userAgent?.slice(0, 400) ?? null}, ${at.toISOString()})`,
  );
  return true;
}

/**
 * A condition true when the member in `userId` (an SQL expression) has `purpose` in force and
 * is not under the consent age for it.
 */
export function consentInForce(userId: SQL, purpose: ConsentPurpose): SQL {
  const ageCheck = ADULT_ONLY_PURPOSES.includes(purpose)
    ? sql`and not exists (select 1 from users cu where cu.id = ${userId}
             and cu.birth_date > (current_date - make_interval(years => ${CONSENT_AGE})))`
    : sql``;
  return sql`(exists (select 1 from consents c where c.user_id = ${userId}
                and c.purpose = ${purpose} and c.withdrawn_at is null) ${ageCheck})`;
}

/** True when the member has `purpose` in force. */
export async function hasConsent(
  tx: Orm,
  userId: string,
  purpose: ConsentPurpose,
): Promise<boolean> {
  const [row] = await sqlRows<{ ok: boolean }>(
    tx,
    sql`select ${consentInForce(sql`${userId}::uuid`, purpose)} as ok`,
  );
  return row?.ok === true;
}
