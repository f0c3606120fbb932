/**
 * Data-subject requests and exports over real HTTP, on PGlite and on PostgreSQL: a member's
 * request and its clock under GDPR and CCPA, an admin's logged request, the states (each move
 * audited), identity checks, the one extension, the board's filters and overdue flags, who may
 * see what, the sweeper's warnings; and an export of one member that holds all of their data
 * and nothing that identifies another member. The clocks' dates are unit-tested beside them.
 */
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../src/accounts/auth.plugin.js';
import { sqlRows } from '../../src/core/db/database.js';
import { credit } from '../../src/gamification/ledger.js';
import { clockFor } from '../../src/privacy/requests/clocks.js';
import { EXCLUDED_TABLES, exportedTables } from '../../src/privacy/requests/export.js';
import { sweepPrivacyRequests } from '../../src/privacy/requests/requests.sweeper.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let admin: Member;
let counter = 0;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/privacy';
const DAY = 86_400_000;

interface Member {
  client: TestClient;
  id: string;
  username: string;
  email: string;
}
interface Request {
  id: string;
  userId: string | null;
  regime: 'gdpr' | 'ccpa';
  kind: string;
  status: string;
  channel: string;
  receivedAt: string;
  firstDueAt: string;
  dueAt: string;
  ackDueAt: string | null;
  acknowledgedAt: string | null;
  extendedAt: string | null;
  identityMethod: string | null;
  refusalReason: string | null;
  daysLeft: number | null;
  overdue: boolean;
  exportId: string | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Export {
  id: string;
  requestId: string;
  files: { file: string; rows: number }[];
  expiresAt: string;
}

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function newMember(
  prefix: string,
  role: 'member' | 'admin' = 'member',
  region = 'UK',
): Promise<Member> {
  counter += 1;
  const account = await addMember(guild, tenantId, role, `${prefix}_${counter}`);
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const [row] = await query<{ id: string }>(
    sql`update users set region_id = (select id from regions where code = ${region})
         where username = ${account.username} returning id`,
  );
  return { client, id: row!.id, username: account.username, email: account.email };
}

/** An admin logs a request received `daysAgo` days ago by e-mail. */
async function logged(member: Member, kind: string, daysAgo: number): Promise<Request> {
  const result = await admin.client.post<Request>(`${BASE}/members/${member.id}/requests`, {
    kind,
    channel: 'email',
    receivedAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
    note: 'Letter received by the support team',
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

const act = (id: string, action: string, body: Record<string, unknown> = {}) =>
  admin.client.post<Request & { error?: { code: string } }>(
    `${BASE}/requests/${id}/${action}`,
    body,
  );

/** Downloads an archive as bytes with `client`'s session. */
async function download(
  client: TestClient,
  path: string,
): Promise<{ status: number; zip: Uint8Array }> {
  const name = sessionCookieName(guild.config);
  const response = await fetch(`${guild.url}${path}`, {
    headers: { ...headers, cookie: `${name}=${client.cookie(name) ?? ''}` },
  });
  return { status: response.status, zip: new Uint8Array(await response.arrayBuffer()) };
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  await guild.db.system.execute(
    sql`insert into regions (tenant_id, code, name, currency, locale, timezone)
        values (${tenantId}, 'US', 'United States', 'USD', 'en-US', 'America/New_York')`,
  );
  admin = await newMember('admin', 'admin');
});
afterAll(() => guild.stop());

describe('filing a request', () => {
  it('starts a one-month GDPR clock for a UK member, identity from the session', async () => {
    const ann = await newMember('ann');
    const filed = await ann.client.post<Request>(`${BASE}/requests`, {
      kind: 'rectification',
      note: 'My display name is misspelt',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({
      regime: 'gdpr',
      kind: 'rectification',
      status: 'received',
      channel: 'privacy_centre',
      identityMethod: 'signed_in_session',
      ackDueAt: null,
      overdue: false,
    });
    const expected = clockFor('gdpr', new Date(filed.body.receivedAt)).dueAt.toISOString();
    expect(filed.body.dueAt).toBe(expected);
    expect(filed.body.daysLeft).toBeGreaterThanOrEqual(28);

    const mine = await ann.client.get<Page<Request>>(`${BASE}/me/requests`);
    expect(mine.body.items.map((r) => r.id)).toEqual([filed.body.id]);
    const [audit] = await query<{ details: { before: unknown; after: { status: string } } }>(
      sql`select details from audit_log where action = 'privacy_request.file'
           and target_id = ${filed.body.id}`,
    );
    expect(audit!.details.before).toBeNull();
    expect(audit!.details.after.status).toBe('received');
  });

  it('puts a US member on the CCPA clock: ack in 10 business days, answer in 45', async () => {
    const cal = await newMember('cal', 'member', 'US');
    const filed = await cal.client.post<Request>(`${BASE}/requests`, { kind: 'access' });
    expect(filed.status).toBe(201);
    const received = new Date(filed.body.receivedAt);
    const clock = clockFor('ccpa', received);
    expect(filed.body).toMatchObject({
      regime: 'ccpa',
      kind: 'know',
      dueAt: clock.dueAt.toISOString(),
      ackDueAt: clock.ackDueAt!.toISOString(),
    });
  });

  it('gives a member with no region the default regime, which admins choose', async () => {
    const dee = await newMember('dee', 'member', 'none');
    const before = await dee.client.post<Request>(`${BASE}/requests`, { kind: 'objection' });
    expect(before.body.regime).toBe('gdpr');
    const set = await admin.client.put(`${BASE}/request-settings`, { defaultRegime: 'ccpa' });
    expect(set.status).toBe(200);
    const after = await dee.client.post<Request>(`${BASE}/requests`, { kind: 'erasure' });
    expect(after.body).toMatchObject({ regime: 'ccpa', kind: 'delete' });
    await admin.client.put(`${BASE}/request-settings`, { defaultRegime: 'gdpr' });
  });

  it('refuses unknown kinds, and logging by anyone but an admin', async () => {
    const eve = await newMember('eve');
    expect((await eve.client.post(`${BASE}/requests`, { kind: 'everything' })).status).toBe(400);
    const other = await newMember('other');
    const forged = await eve.client.post(`${BASE}/members/${other.id}/requests`, {
      kind: 'erasure',
      channel: 'email',
      receivedAt: new Date().toISOString(),
    });
    expect(forged.status).toBe(403);
    const future = await admin.client.post(`${BASE}/members/${other.id}/requests`, {
      kind: 'access',
      channel: 'phone',
      receivedAt: new Date(Date.now() + 5 * DAY).toISOString(),
    });
    expect(future.status).toBe(400);
  });
});

describe('the lifecycle', () => {
  it('moves received → acknowledged → in_progress → completed, audited before/after', async () => {
    const fay = await newMember('fay');
    const filed = await logged(fay, 'access', 2);
    expect(filed.identityMethod).toBeNull();

    expect((await act(filed.id, 'start')).status).toBe(409);
    const acknowledged = await act(filed.id, 'acknowledge');
    expect(acknowledged.body.status).toBe('acknowledged');
    const [ack] = await query<{ kind: string }>(
      sql`select kind from outbound_emails where user_id = ${fay.id}`,
    );
    expect(ack!.kind).toBe('privacy_request_acknowledged');
    expect((await act(filed.id, 'complete')).status).toBe(409);
    expect((await act(filed.id, 'start')).body.status).toBe('in_progress');

    const unverified = await act(filed.id, 'complete');
    expect(unverified.status).toBe(409);
    expect(JSON.stringify(unverified.body)).toContain('identity');
    const verified = await act(filed.id, 'verify-identity', { method: 'email_match' });
    expect(verified.body.identityMethod).toBe('email_match');
    const noExport = await act(filed.id, 'complete');
    expect(JSON.stringify(noExport.body)).toContain('export');
    const prepared = await admin.client.post<Export>(`${BASE}/requests/${filed.id}/export`);
    expect(prepared.status).toBe(201);
    const done = await act(filed.id, 'complete');
    expect(done.body).toMatchObject({ status: 'completed', exportId: prepared.body.id });

    const closed = await act(filed.id, 'refuse', { reason: 'too late' });
    expect(closed.status).toBe(409);
    expect(closed.body.error?.code).toBe('privacy_request_closed');
    const trail = await query<{ action: string; before: string | null; after: string }>(
      sql`select action, details->'before'->>'status' as before,
                 details->'after'->>'status' as after
            from audit_log where target_id = ${filed.id} order by created_at, id`,
    );
    expect(trail.map((t) => [t.action, t.before, t.after])).toEqual([
      ['privacy_request.file', null, 'received'],
      ['privacy_request.acknowledge', 'received', 'acknowledged'],
      ['privacy_request.start', 'acknowledged', 'in_progress'],
      ['privacy_request.verify_identity', 'in_progress', 'in_progress'],
      ['privacy_request.complete', 'in_progress', 'completed'],
    ]);
  });

  it('refuses only with a reason, and a refused request stays closed', async () => {
    const gus = await newMember('gus');
    const filed = await logged(gus, 'objection', 1);
    expect((await act(filed.id, 'refuse')).status).toBe(400);
    const refused = await act(filed.id, 'refuse', { reason: 'Manifestly unfounded: a test' });
    expect(refused.body).toMatchObject({
      status: 'refused',
      refusalReason: 'Manifestly unfounded: a test',
    });
    expect((await act(filed.id, 'acknowledge')).body.error?.code).toBe('privacy_request_closed');
  });

  it('erases the member when an erasure starts after the identity check, and closes it', async () => {
    const hal = await newMember('hal');
    const filed = await logged(hal, 'erasure', 1);
    const early = await act(filed.id, 'start');
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.body)).toMatch(/it can: acknowledge, refuse/);
    // A move needs no body at all.
    const bare = await admin.client.request<Request>(
      'POST',
      `${BASE}/requests/${filed.id}/acknowledge`,
    );
    expect(bare.status, JSON.stringify(bare.body)).toBe(200);
    expect((await act(filed.id, 'start')).status).toBe(409);
    await act(filed.id, 'verify-identity', { method: 'document' });
    const started = await act(filed.id, 'start');
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.status).toBe('completed');
    expect((await act(filed.id, 'complete')).body.error?.code).toBe('privacy_request_closed');
    const [user] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ status: string; display_name: string }>(
        tx,
        sql`select status, display_name from users where id = ${hal.id}`,
      ),
    );
    expect(user).toEqual({ status: 'deleted', display_name: 'Former member' });
  });
});

describe('extensions', () => {
  it('extends once to three months from receipt, e-mailing the notice to the member', async () => {
    const ida = await newMember('ida');
    const filed = await logged(ida, 'access', 20);
    const extended = await act(filed.id, 'extend', { reason: 'Records held by three stores' });
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);
    expect(extended.body.firstDueAt).toBe(filed.dueAt);
    expect(extended.body.dueAt).toBe(
      clockFor('gdpr', new Date(filed.receivedAt)).extendedDueAt.toISOString(),
    );
    const notices = await query<{ kind: string }>(
      sql`select kind from outbound_emails where user_id = ${ida.id}`,
    );
    expect(notices.map((n) => n.kind)).toEqual(['privacy_request_extended']);

    const again = await act(filed.id, 'extend', { reason: 'Still more records' });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('extension_not_allowed');
  });

  it('refuses an extension once the first due date has passed, or with a late notice', async () => {
    const jo = await newMember('jo');
    const late = await logged(jo, 'access', 40);
    const refused = await act(late.id, 'extend', { reason: 'Busy' });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('extension_not_allowed');

    const recent = await logged(jo, 'portability', 10);
    const afterDue = new Date(new Date(recent.dueAt).getTime() + DAY).toISOString();
    const backdated = await act(recent.id, 'extend', { reason: 'Busy', noticeSentAt: afterDue });
    expect(backdated.status).toBe(400);
    const day5 = new Date(new Date(recent.receivedAt).getTime() + 5 * DAY).toISOString();
    const told = await act(recent.id, 'extend', { reason: 'Told by phone', noticeSentAt: day5 });
    expect(told.status).toBe(200);
    // a notice given outside Guild is not sent again
    const mail = await query<{ kind: string }>(
      sql`select kind from outbound_emails where user_id = ${jo.id}`,
    );
    expect(mail).toEqual([]);
  });
});

describe('the board', () => {
  let kit: Member;
  let overdue: Request;
  let soon: Request;

  beforeAll(async () => {
    kit = await newMember('kit');
    overdue = await logged(kit, 'restriction', 45);
    soon = await logged(kit, 'rectification', 26);
  });

  it('sorts by due date with days left and the overdue flag', async () => {
    const board = await admin.client.get<Page<Request>>(`${BASE}/requests?limit=100`);
    expect(board.status).toBe(200);
    const dues = board.body.items.map((r) => r.dueAt);
    expect([...dues].sort()).toEqual(dues);
    const late = board.body.items.find((r) => r.id === overdue.id)!;
    expect(late.overdue).toBe(true);
    expect(late.daysLeft!).toBeLessThanOrEqual(-13);
    const close = board.body.items.find((r) => r.id === soon.id)!;
    expect(close.overdue).toBe(false);
    expect(close.daysLeft).toBeGreaterThan(0);
    expect(close.daysLeft).toBeLessThanOrEqual(6);
  });

  it('filters by overdue, status, kind and due date, and pages with a cursor', async () => {
    const late = await admin.client.get<Page<Request>>(`${BASE}/requests?overdue=true&limit=100`);
    expect(late.body.items.length).toBeGreaterThan(0);
    expect(late.body.items.every((r) => r.overdue)).toBe(true);
    expect(late.body.items.map((r) => r.id)).toContain(overdue.id);
    expect(late.body.items.map((r) => r.id)).not.toContain(soon.id);

    const onTime = await admin.client.get<Page<Request>>(
      `${BASE}/requests?overdue=false&limit=100`,
    );
    expect(onTime.body.items.some((r) => r.overdue)).toBe(false);

    const kind = await admin.client.get<Page<Request>>(`${BASE}/requests?kind=restriction`);
    expect(kind.body.items.map((r) => r.id)).toEqual([overdue.id]);
    const refused = await admin.client.get<Page<Request>>(`${BASE}/requests?status=refused`);
    expect(refused.body.items.every((r) => r.status === 'refused')).toBe(true);
    expect(refused.body.items.length).toBeGreaterThan(0);

    const before = new Date(Date.now() + 7 * DAY).toISOString();
    const due = await admin.client.get<Page<Request>>(
      `${BASE}/requests?limit=100&dueBefore=${encodeURIComponent(before)}`,
    );
    expect(due.body.items.every((r) => r.dueAt < before)).toBe(true);
    expect(due.body.items.map((r) => r.id)).toEqual(expect.arrayContaining([overdue.id, soon.id]));

    const all = await admin.client.get<Page<Request>>(`${BASE}/requests?limit=100`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `${BASE}/requests?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await admin.client.get<Page<Request>>(path);
      seen.push(...page.body.items.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((r) => r.id));
  });

  it('is for admins only; a member sees only their own requests', async () => {
    const lee = await newMember('lee');
    expect((await lee.client.get(`${BASE}/requests`)).status).toBe(403);
    expect((await lee.client.get(`${BASE}/requests/${overdue.id}`)).status).toBe(403);
    expect((await lee.client.post(`${BASE}/requests/${overdue.id}/acknowledge`)).status).toBe(403);
    const mine = await lee.client.get<Page<Request>>(`${BASE}/me/requests`);
    expect(mine.body.items).toEqual([]);
    const kits = await kit.client.get<Page<Request>>(`${BASE}/me/requests`);
    expect(kits.body.items.map((r) => r.id).sort()).toEqual([overdue.id, soon.id].sort());
  });
});

describe('the sweeper', () => {
  it('warns admins once of requests nearing or past their due date', async () => {
    const max = await newMember('max');
    await logged(max, 'access', 27);
    const ned = await newMember('ned', 'member', 'US');
    const unacknowledged = await logged(ned, 'delete', 15);
    const board = await admin.client.get<Page<Request & { ackOverdue: boolean }>>(
      `${BASE}/requests?regime=ccpa&limit=100`,
    );
    const ack = board.body.items.find((r) => r.id === unacknowledged.id)!;
    expect(ack).toMatchObject({ ackOverdue: true, overdue: false });
    const written: string[] = [];
    const mail = { written: (t: string) => written.push(t) };
    const first = await sweepPrivacyRequests(guild.db, guild.config, mail, tenantId);
    expect(first.warnings).toBeGreaterThan(0);
    expect(first.emails).toBe(1);
    expect(written).toEqual([tenantId]);
    const [email] = await query<{ body_text: string }>(
      sql`select body_text from outbound_emails
           where user_id = ${admin.id} and kind = 'privacy_request_warning'`,
    );
    expect(email!.body_text).toContain(`@${max.username}`);
    expect(email!.body_text).toContain('OVERDUE');
    expect(email!.body_text).toContain(`CCPA delete request of @${ned.username}: receipt must`);

    const second = await sweepPrivacyRequests(guild.db, guild.config, mail, tenantId);
    expect(second).toMatchObject({ warnings: 0, emails: 0 });
    expect(written).toHaveLength(1);
  });
});

describe('the export', () => {
  let amy: Member;
  let ben: Member;
  let files: Record<string, string>;
  let exported: Export;

  /** Gives `member` a customer record with one order and a loyalty account. */
  async function customer(member: Member, name: string) {
    counter += 1;
    const [row] = await query<{ id: string }>(
      sql`insert into customers (id, tenant_id, external_id, email, email_key, first_name, source)
          values (gen_random_uuid(), ${tenantId}, ${`crm-${counter}`}, ${member.email},
                  ${member.email}, ${name},
                  'test') returning id`,
    );
    await query(
      sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
          values (${tenantId}, ${member.id}, ${row!.id}, 'explicit') returning id`,
    );
    await query(
      sql`insert into orders (id, tenant_id, external_id, customer_id, kind, placed_at, currency,
            total_minor, source)
          values (gen_random_uuid(), ${tenantId}, ${`order-${counter}`}, ${row!.id}, 'sale', now(),
                  'GBP', 4200,
                  'test') returning id`,
    );
    await query(
      sql`insert into loyalty_accounts (id, tenant_id, external_id, customer_id, tier_code,
            points_balance)
          values (gen_random_uuid(), ${tenantId}, ${`loyalty-${counter}`}, ${row!.id}, 'gold', 120)
          returning id`,
    );
    return row!.id;
  }

  beforeAll(async () => {
    amy = await newMember('amy');
    ben = await newMember('ben');
    const space = await admin.client.post('/api/v1/spaces', {
      slug: 'export-talk',
      name: 'Export talk',
      visibility: 'public',
      kind: 'topic',
    });
    expect(space.status).toBe(201);
    const post = async (m: Member, title: string) => {
      const made = await m.client.post<{ id: string }>('/api/v1/spaces/export-talk/posts', {
        title,
        body: `${title}: a body of some length`,
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return made.body.id;
    };
    const amyPost = await post(amy, 'Amy asks about boots');
    const benPost = await post(ben, 'Ben reviews a jacket');
    const comment = async (m: Member, postId: string, body: string) => {
      const made = await m.client.post(`/api/v1/posts/${postId}/comments`, { body });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    };
    await comment(amy, benPost, 'Amy says the jacket looks warm');
    await comment(ben, amyPost, 'Ben answers Amy about boots');
    expect((await amy.client.put(`/api/v1/posts/${benPost}/reactions/like`)).status).toBe(200);
    expect((await ben.client.put(`/api/v1/posts/${amyPost}/reactions/love`)).status).toBe(200);
    expect((await amy.client.put(`/api/v1/users/${ben.username}/follow`)).status).toBe(204);
    expect((await ben.client.put(`/api/v1/users/${amy.username}/follow`)).status).toBe(204);
    for (const m of [amy, ben]) {
      const given = await m.client.put(`${BASE}/consents/marketing_email`, { granted: true });
      expect(given.status).toBe(200);
      await guild.db.tenant(tenantId, (tx) =>
        credit(tx, tenantId, {
          userId: m.id,
          amount: m === amy ? 75 : 33,
          reason: `welcome ${m.username}`,
          source: 'program',
          idempotencyKey: `welcome-${m.id}`,
          createdBy: admin.id,
        }),
      );
      await customer(m, m === amy ? 'Amy' : 'Ben');
    }

    const [program] = await query<{ id: string }>(
      sql`insert into ambassador_programs (tenant_id, name, weights, created_by)
          values (${tenantId}, 'Trail team', '{}', ${admin.id}) returning id`,
    );
    const [run] = await query<{ id: string }>(
      sql`insert into ambassador_score_runs (tenant_id, program_id, trigger, as_of, status,
            finished_at, requested_by)
          values (${tenantId}, ${program!.id}, 'manual', now(), 'done', now(), ${admin.id})
          returning id`,
    );
    for (const [m, score] of [
      [amy, 71.5],
      [ben, 44],
    ] as const) {
      await query(
        sql`insert into ambassador_scores (tenant_id, program_id, user_id, run_id, score, inputs,
              contributions, reasons, as_of)
            values (${tenantId}, ${program!.id}, ${m.id}, ${run!.id}, ${score},
                    ${JSON.stringify({ purchaseDays: score })}::jsonb, '{"purchaseDays": 1}',
                    '[{"feature": "purchaseDays", "text": "You shop often"}]', now())
            returning user_id`,
      );
    }

    const made = await amy.client.post<{ request: Request; export: Export }>(`${BASE}/me/export`);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.request).toMatchObject({ kind: 'access', status: 'completed' });
    exported = made.body.export;
    const got = await download(amy.client, `${BASE}/me/exports/${exported.id}/download`);
    expect(got.status).toBe(200);
    files = Object.fromEntries(
      Object.entries(unzipSync(got.zip)).map(([name, bytes]) => [name, strFromU8(bytes)]),
    );
  });

  const json = <T = Record<string, unknown>[]>(name: string) => JSON.parse(files[name]!) as T;

  it('holds JSON and CSV files and a manifest with their row counts', () => {
    for (const name of ['ledger.csv', 'ledger.json', 'consents.json', 'ambassador_score.json']) {
      expect(Object.keys(files)).toContain(name);
    }
    const manifest = json<{ generatedAt: string; files: { file: string; rows: number }[] }>(
      'manifest.json',
    );
    expect(Object.keys(files).sort()).toEqual(
      [...manifest.files.map((f) => f.file), 'manifest.json'].sort(),
    );
    expect(manifest.files.find((f) => f.file === 'posts.json')!.rows).toBe(1);
    expect(manifest.files).toEqual(exported.files);
    expect(Date.parse(manifest.generatedAt)).not.toBeNaN();
  });

  it("holds the member's own rows in every file", () => {
    const profile = json<Record<string, unknown>>('profile.json');
    expect(profile).toMatchObject({ id: amy.id, username: amy.username, email: amy.email });
    expect(profile).not.toHaveProperty('password_hash');
    expect(json('posts.json').map((p) => p.title)).toEqual(['Amy asks about boots']);
    expect(json('comments.json').map((c) => c.body_md)).toEqual(['Amy says the jacket looks warm']);
    expect(json('reactions.json')).toHaveLength(1);
    expect(json('ledger.json').map((e) => e.amount)).toEqual([75]);
    expect(files['ledger.csv']!.split('\r\n')[0]).toContain('amount');
    expect(files['ledger.csv']).toContain('75');
    const consents = json('consents.json');
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({ purpose: 'marketing_email', notice_version: 1 });
    expect(consents[0]!.notice_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json('crm_customers.json').map((c) => c.first_name)).toEqual(['Amy']);
    expect(json('crm_orders.json').map((o) => o.total_minor)).toEqual([4200]);
    expect(json('loyalty_accounts.json').map((a) => a.points_balance)).toEqual([120]);
    // the followed member is there, but not who they are
    const follows = json('follows.json').filter((f) => f.target_type === 'user');
    expect(follows).toEqual([expect.objectContaining({ target_id: 'another-member' })]);
    expect(json('privacy_requests.json').map((r) => r.kind)).toEqual(['access']);
    const [score] = json('ambassador_score.json');
    expect(score).toMatchObject({
      program_name: 'Trail team',
      score: 71.5,
      features: { purchaseDays: 71.5 },
      reasons: [{ feature: 'purchaseDays', text: 'You shop often' }],
    });
    expect(Date.parse(score!.run_date as string)).not.toBeNaN();
    expect(json('ambassador_score.json')).toHaveLength(1);
    expect(Object.keys(files)).not.toContain('ambassador_score.csv');
  });

  it("holds nothing that identifies another member: no id, username or e-mail of Ben's", () => {
    const text = Object.values(files).join('\n').toLowerCase();
    expect(text).toContain(amy.id);
    for (const needle of [ben.id, ben.username, ben.email, admin.id, admin.username]) {
      expect(text.split(needle.toLowerCase())).toHaveLength(1);
    }
    expect(text).not.toContain('ben answers amy');
  });

  it('makes one self-service archive at a time', async () => {
    const again = await amy.client.post<{ error: { code: string; details: unknown } }>(
      `${BASE}/me/export`,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ exportId: exported.id });
  });

  it('is downloaded by its member and admins only, each download audited', async () => {
    const path = `${BASE}/me/exports/${exported.id}/download`;
    expect((await download(ben.client, path)).status).toBe(404);
    expect((await download(ben.client, `${BASE}/exports/${exported.id}/download`)).status).toBe(
      403,
    );
    const byAdmin = await download(admin.client, `${BASE}/exports/${exported.id}/download`);
    expect(byAdmin.status).toBe(200);
    expect(Object.keys(unzipSync(byAdmin.zip))).toContain('manifest.json');
    const audits = await query<{ actor_id: string }>(
      sql`select actor_id from audit_log where action = 'privacy_export.download'
           and target_id = ${exported.id} order by created_at`,
    );
    expect(audits.map((a) => a.actor_id)).toEqual([amy.id, admin.id]);
  });

  it('expires after seven days and is then deleted by the sweeper', async () => {
    expect(new Date(exported.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * DAY);
    await guild.db.system.execute(
      sql`update privacy_exports set expires_at = now() - interval '1 minute'
           where id = ${exported.id}`,
    );
    const path = `${BASE}/me/exports/${exported.id}/download`;
    expect((await download(amy.client, path)).status).toBe(404);
    const swept = await sweepPrivacyRequests(
      guild.db,
      guild.config,
      { written: () => {} },
      tenantId,
    );
    expect(swept.expiredExports).toBe(1);
  });
});

describe('the export stays complete as Guild grows', () => {
  it("names every table holding a member's rows: exported, or left out with a reason", async () => {
    // tables pointing at a member (any column referencing users, or a user_id column), and
    // tables pointing at rows that are a member's (their ambassador places, customer records…)
    const keyed = [
      'users',
      'ambassadors',
      'customers',
      'social_profiles',
      'loyalty_accounts',
      'orders',
      'reward_redemptions',
      'ambassador_assignments',
      'posts',
      'comments',
    ];
    const rows = await guild.db.query<{ table_name: string }>(
      `select distinct tc.table_name
         from information_schema.table_constraints tc
         join information_schema.constraint_column_usage ccu
           on ccu.constraint_name = tc.constraint_name
          and ccu.constraint_schema = tc.constraint_schema
        where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'
          and ccu.table_name = any($1::text[])
       union
       select c.table_name from information_schema.columns c
         join information_schema.tables t
           on t.table_name = c.table_name and t.table_schema = c.table_schema
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
          and c.column_name = 'user_id'`,
      [keyed],
    );
    const named = new Set([...exportedTables(), ...Object.keys(EXCLUDED_TABLES), 'users']);
    const missing = rows
      .map((r) => r.table_name)
      .filter((t) => !named.has(t))
      .sort();
    expect(missing, 'add these to EXPORT_SECTIONS or EXCLUDED_TABLES in export.ts').toEqual([]);

    const existing = new Set(
      (
        await guild.db.query<{ table_name: string }>(
          `select table_name from information_schema.tables where table_schema = 'public'`,
        )
      ).map((r) => r.table_name),
    );
    const unknown = [...named].filter((t) => !existing.has(t));
    expect(unknown, 'tables named in export.ts that do not exist').toEqual([]);
  });
});
