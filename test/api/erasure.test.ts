/**
 * Erasure over real HTTP and SQL, on PGlite and on PostgreSQL (PRV-06, case priv-01): a member
 * with posts, comments, mentions by others, quotes, points, consents, a CRM record, a social
 * handle, e-mails and audit entries is erased; afterwards no table holds their name, e-mail
 * address, handle or the phone number they posted (every table is searched), search finds
 * nothing, others' mentions are plain text that a new account with the same name does not
 * take over, the ledger's totals stand, and connected systems are told through the outbox.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { credit } from '../../src/gamification/ledger.js';
import { eraseMember } from '../../src/privacy/erasure/erasure.service.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let admin: TestClient;
let jane: TestClient;
let bob: TestClient;
let janeId: string;
let adminId: string;
const headers = { host: 'alpha.guild.test' };

/** What must not be found anywhere after the erasure. */
const TRACES = [
  'jane_doe selfie',
  'jane_doe',
  'jane.doe.erase@example.com',
  'Jane Doe',
  'janeruns',
  '07700 900222',
];

async function inTenant<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function idOf(username: string): Promise<string> {
  const [row] = await inTenant<{ id: string }>(
    sql`select id from users where username = ${username}`,
  );
  return row!.id;
}

/** Every base table, each row as text, searched for `needle` (as the database owner). */
async function tablesHolding(needle: string): Promise<string[]> {
  const tables = await sqlRows<{ table_name: string }>(
    guild.db.system,
    sql`select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const found: string[] = [];
  for (const { table_name: table } of tables) {
    const [row] = await sqlRows<{ n: string }>(
      guild.db.system,
      sql`select count(*)::text as n from ${sql.identifier(table)} t
          where t::text ilike ${`%${needle}%`}`,
    );
    if (Number(row!.n) > 0) {
      found.push(table);
    }
  }
  return found;
}

/** Posts whose search index matches `word`, whoever may see them. */
async function searchIndexHits(word: string): Promise<number> {
  const [row] = await inTenant<{ n: string }>(
    sql`select count(*)::text as n from posts
        where search_vector @@ plainto_tsquery('simple', ${word})`,
  );
  return Number(row!.n);
}

async function post(client: TestClient, title: string, body: string): Promise<string> {
  const result = await client.post<{ id: string }>('/api/v1/spaces/swap/posts', { title, body });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body.id;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const sign = async (role: 'member' | 'manager' | 'admin', name: string) => {
    const account = await addMember(guild, tenantId, role, name);
    const client = new TestClient(guild.url, headers);
    await client.signIn(account);
    return client;
  };
  manager = await sign('manager', 'erasure_manager');
  admin = await sign('admin', 'erasure_admin');
  adminId = await idOf('erasure_admin');
  bob = await sign('member', 'bob_k');
  await guild.db.tenant(tenantId, (tx) =>
    tx.execute(sql`insert into users (tenant_id, email, username, username_key, display_name,
                     password_hash, role)
                   select tenant_id, 'jane.doe.erase@example.com', 'jane_doe', 'jane_doe',
                     'Jane Doe', password_hash, 'member'
                   from users where username = 'bob_k'`),
  );
  jane = new TestClient(guild.url, headers);
  await jane.signIn({ email: 'jane.doe.erase@example.com', password: 'tidy-lantern-harbour' });
  janeId = await idOf('jane_doe');
  const space = await manager.post('/api/v1/spaces', {
    slug: 'swap',
    name: 'Swap shop',
    visibility: 'public',
    kind: 'topic',
  });
  expect(space.status).toBe(201);
});

afterAll(async () => {
  await guild?.stop();
});

describe('erasing a member', () => {
  let janePost: string;
  let bobPost: string;
  let bobQuotePost: string;
  let pointsBefore: { total: string };

  beforeAll(async () => {
    janePost = await post(
      jane,
      'Spare charging cable',
      'Text me on 07700 900222 if you want the spare cable.',
    );
    bobPost = await post(bob, 'Thanks thread', '@jane_doe thanks for the tip!');
    bobQuotePost = await post(
      bob,
      'Cable swap',
      '> jane_doe wrote: Text me on 07700 900222\n\nDid anyone take it?',
    );
    const comment = await jane.post(`/api/v1/posts/${bobPost}/comments`, {
      body: 'Happy to help, Jane Doe here, or @janeruns elsewhere',
    });
    expect(comment.status).toBe(201);
    const reaction = await jane.put(`/api/v1/posts/${bobPost}/reactions/like`);
    expect(reaction.status, JSON.stringify(reaction.body)).toBeLessThan(300);
    expect(
      (await jane.put('/api/v1/privacy/consents/marketing_email', { granted: true })).status,
    ).toBe(200);
    const access = await jane.post('/api/v1/privacy/requests', { kind: 'access' });
    expect(access.status, JSON.stringify(access.body)).toBe(201);
    const birth = await admin.patch(`/api/v1/admin/users/${janeId}`, { birthDate: '1991-05-05' });
    expect(birth.status).toBe(200);
    await guild.db.tenant(tenantId, async (tx) => {
      await credit(tx, tenantId, {
        userId: janeId,
        amount: 120,
        reason: 'Helpful answers',
        source: 'api',
        idempotencyKey: 'erasure-test-award',
      });
      const [customer] = await sqlRows<{ id: string }>(
        tx,
        sql`insert into customers (id, tenant_id, external_id, email, email_key, first_name,
              last_name, loyalty_id, source)
            values (gen_random_uuid(), ${tenantId}, 'crm-jane-1', 'jane.doe.erase@example.com',
                    'jane.doe.erase@example.com', 'Jane', 'Doe', 'LOY-77', 'test')
            returning id`,
      );
      await tx.execute(
        sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
            values (${tenantId}, ${janeId}, ${customer!.id}, 'explicit')`,
      );
      const [profile] = await sqlRows<{ id: string }>(
        tx,
        sql`insert into social_profiles (id, tenant_id, platform, handle, handle_key, user_id)
            values (gen_random_uuid(), ${tenantId}, 'instagram', 'janeruns', 'instagram:janeruns', ${janeId})
            returning id`,
      );
      await tx.execute(
        sql`insert into mentions (id, tenant_id, platform, external_id, profile_id, author_handle,
              body, posted_at, source)
            values (gen_random_uuid(), ${tenantId}, 'instagram', 'ig-jane-1', ${profile!.id}, 'janeruns',
                    'New cable from the shop, thanks @janeruns crew', now(), 'test')`,
      );
      // A content submission with an uploaded image, as an ambassador would send it.
      const [program] = await sqlRows<{ id: string }>(
        tx,
        sql`insert into ambassador_programs (tenant_id, name, weights)
            values (${tenantId}, 'Erasure program', '{}'::jsonb) returning id`,
      );
      const [submission] = await sqlRows<{ id: string }>(
        tx,
        sql`insert into content_submissions (tenant_id, program_id, author_id, first_submitted_at,
              version_submitted_at, due_at)
            values (${tenantId}, ${program!.id}, ${janeId}, now(), now(), now() + interval '2 days')
            returning id`,
      );
      await tx.execute(
        sql`insert into content_versions (tenant_id, submission_id, version, title, body,
              platforms, market, findings, hint, created_by)
            values (${tenantId}, ${submission!.id}, 1, 'Jane Doe on cables',
                    'Ad: call me on 07700 900222, @janeruns', '{instagram}', 'UK',
                    '[{"spans": [{"text": "07700 900222"}]}]'::jsonb, 'warn', ${janeId})`,
      );
      await tx.execute(
        sql`insert into content_uploads (tenant_id, owner_id, media_type, byte_size, width, height,
              sha256, display_name, data)
            values (${tenantId}, ${janeId}, 'image/png', 4, 1, 1, 'x', 'jane_doe selfie.png',
                    '\\x89504e47'::bytea)`,
      );
      await tx.execute(
        sql`insert into outbound_emails (id, tenant_id, user_id, to_address, kind, subject, body_text)
            values (gen_random_uuid(), ${tenantId}, ${janeId}, 'jane.doe.erase@example.com', 'test', 'Hello',
                    'Hello Jane Doe')`,
      );
    });
    const [points] = await inTenant<{ total: string }>(
      sql`select coalesce(sum(amount), 0)::text as total from ledger_entries`,
    );
    pointsBefore = points!;
    // Before: the traces are there (so the searches below can fail).
    expect(await searchIndexHits('07700')).toBeGreaterThan(0);
    expect(await tablesHolding('07700 900222')).toEqual(
      expect.arrayContaining(['posts', 'content_versions']),
    );
    expect(await tablesHolding('jane_doe selfie')).toEqual(['content_uploads']);
    expect(await tablesHolding('jane.doe.erase@example.com')).toEqual(
      expect.arrayContaining(['users', 'customers', 'outbound_emails']),
    );

    const result = await guild.db.tenant(tenantId, (tx) =>
      eraseMember(tx, janeId, { tenantId, actorId: adminId, ip: '127.0.0.1' }),
    );
    expect(result.steps.posts).toBe(1);
  });

  it('leaves no trace of the name, address, handle or posted number in any table', async () => {
    for (const trace of TRACES) {
      expect(await tablesHolding(trace), trace).toEqual([]);
    }
    const compact = await tablesHolding('07700900222');
    expect(compact).toEqual([]);
  });

  it('erases the member’s own posts, and search finds nothing', async () => {
    expect(await searchIndexHits('07700')).toBe(0);
    expect(await searchIndexHits('jane_doe')).toBe(0);
    const [row] = await inTenant<{ title: string; body_md: string; body_text: string }>(
      sql`select title, body_md, body_text from posts where id = ${janePost}`,
    );
    expect(row).toEqual({ title: '[removed]', body_md: '', body_text: '' });
    for (const q of ['07700', 'cable', 'jane_doe']) {
      const hits = await bob.get<{ items: { id: string }[] }>(
        `/api/v1/search?q=${encodeURIComponent(q)}`,
      );
      expect(hits.status).toBe(200);
      expect(hits.body.items.map((hit) => hit.id)).not.toContain(janePost);
      if (q !== 'cable') {
        expect(hits.body.items, q).toEqual([]);
      }
    }
  });

  it('turns mentions into plain text and removes quotes in other people’s posts', async () => {
    const thanks = await bob.get<{ bodyMarkdown: string; bodyHtml: string }>(
      `/api/v1/posts/${bobPost}`,
    );
    expect(thanks.body.bodyMarkdown).toBe('a former member thanks for the tip!');
    expect(thanks.body.bodyHtml).not.toMatch(/href/);
    const quoted = await bob.get<{ bodyMarkdown: string }>(`/api/v1/posts/${bobQuotePost}`);
    expect(quoted.body.bodyMarkdown).not.toMatch(/07700|jane/i);
    expect(quoted.body.bodyMarkdown).toMatch(/quote removed/);
    expect(quoted.body.bodyMarkdown).toMatch(/Did anyone take it\?/);
  });

  it('lets someone new take the name without inheriting the old mentions', async () => {
    const signUp = await new TestClient(guild.url, headers).post('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      email: 'new.jane@example.com',
      username: 'jane_doe',
      displayName: 'Another Jane',
      password: 'quiet-meadow-lantern-7',
    });
    expect(signUp.status, JSON.stringify(signUp.body)).toBe(201);
    const thanks = await bob.get<{ bodyHtml: string }>(`/api/v1/posts/${bobPost}`);
    expect(thanks.body.bodyHtml).not.toMatch(/jane_doe/);
    const hers = await bob.get<{ items: unknown[] }>('/api/v1/users/jane_doe/posts');
    expect(hers.body.items).toEqual([]);
  });

  it('keeps the ledger’s totals, without identity, and cannot sign in', async () => {
    const [after] = await inTenant<{ total: string }>(
      sql`select coalesce(sum(amount), 0)::text as total from ledger_entries`,
    );
    expect(after).toEqual(pointsBefore);
    const [user] = await inTenant<{ display_name: string; status: string; password_hash: null }>(
      sql`select display_name, status, password_hash from users where id = ${janeId}`,
    );
    expect(user).toEqual({ display_name: 'Former member', status: 'deleted', password_hash: null });
    const again = await new TestClient(guild.url, headers).post('/api/v1/auth/sign-in', {
      email: 'jane.doe.erase@example.com',
      password: 'tidy-lantern-harbour',
    });
    expect(again.status).toBe(401);
    const me = await jane.get('/api/v1/users/me');
    expect(me.status).toBe(401);
  });

  it('tells connected systems through the outbox and keeps the audit chain whole', async () => {
    const [event] = await inTenant<{ payload: { memberId: string; customers: unknown[] } }>(
      sql`select payload from outbox_events where topic = 'member.erased'`,
    );
    expect(event!.payload).toEqual({
      memberId: janeId,
      customers: [{ externalId: 'crm-jane-1', loyaltyId: 'LOY-77' }],
    });
    const verify = await admin.get<{ ok: boolean; blanked: number }>('/api/v1/admin/audit/verify');
    expect(verify.body.ok).toBe(true);
    expect(verify.body.blanked).toBeGreaterThan(0);
    const erased = await admin.get<{ items: { action: string; targetId: string }[] }>(
      '/api/v1/admin/audit?action=privacy.erase',
    );
    expect(erased.body.items).toEqual([
      expect.objectContaining({ action: 'privacy.erase', targetId: janeId }),
    ]);
  });

  it('refuses to erase the same member twice', async () => {
    await expect(
      guild.db.tenant(tenantId, (tx) => eraseMember(tx, janeId, { tenantId, actorId: adminId })),
    ).rejects.toMatchObject({ code: 'erasure_in_progress' });
  });

  it('closes the member’s other requests, so none runs overdue for a former member', async () => {
    const open = await inTenant<{ status: string }>(
      sql`select status from privacy_requests where user_id = ${janeId}`,
    );
    expect(open.map((row) => row.status)).toEqual(['completed']);
  });

  it('refuses to erase the community’s only admin', async () => {
    await expect(
      guild.db.tenant(tenantId, (tx) => eraseMember(tx, adminId, { tenantId, actorId: adminId })),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});
