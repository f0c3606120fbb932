/**
 * The audit log over real HTTP, on PGlite and on PostgreSQL: entries chained by hash in commit
 * order (also when many actions run at once), the application unable to change or delete an
 * entry, verification finding an edited, re-hashed, removed or reordered entry and altered
 * personal parts, blanking personal parts without breaking the chain, an anchor catching a
 * chain cut from the end, filters, pages and exports for admins only.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankAuditPersonal } from '../../src/core/audit/chain.js';
import { sqlRows } from '../../src/core/db/database.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

interface Entry {
  seq: number;
  action: string;
  actorId: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  personal: Record<string, unknown> | null;
  blanked: boolean;
  hash: string;
}
interface Report {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  blanked: number;
  problems: { seq: number; problem: string; message: string }[];
}

let guild: TestGuild;
let tenantId: string;
let admin: TestClient;
let member: TestClient;
let memberId: string;
const headers = { host: 'alpha.guild.test', 'user-agent': 'audit-test/1.0' };
const BASE = '/api/v1/admin/audit';

/** As the database owner: what someone with direct access to the database could do. */
async function asOwner<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return sqlRows<R>(guild.db.system, statement);
}

async function verify(query = ''): Promise<Report> {
  const result = await admin.get<Report>(`${BASE}/verify${query}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body;
}

/** One audited admin action: marks the member as staff or not. */
async function audited(employee: boolean) {
  const result = await admin.patch(`/api/v1/admin/users/${memberId}`, { employee });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const adminAccount = await addMember(guild, tenantId, 'admin');
  admin = new TestClient(guild.url, headers);
  await admin.signIn(adminAccount);
  const account = await addMember(guild, tenantId, 'member', 'audited_member');
  member = new TestClient(guild.url, headers);
  await member.signIn(account);
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ id: string }>(tx, sql`select id from users where username = 'audited_member'`),
  );
  memberId = row!.id;
});

afterAll(async () => {
  await guild?.stop();
});

describe('the audit chain', () => {
  it('records who, what, when, from where and before/after, chained entry to entry', async () => {
    await audited(true);
    const change = await admin.patch(`/api/v1/admin/users/${memberId}`, {
      birthDate: '1990-04-01',
    });
    expect(change.status).toBe(200);
    const page = await admin.get<{ items: Entry[] }>(`${BASE}?action=users.change&limit=2`);
    expect(page.status).toBe(200);
    const [latest, earlier] = page.body.items;
    expect(latest!.seq).toBeGreaterThan(earlier!.seq);
    expect(earlier).toMatchObject({
      action: 'users.change',
      targetId: memberId,
      userAgent: 'audit-test/1.0',
      details: { before: { role: 'member', employee: false }, after: { employee: true } },
      personal: null,
    });
    expect(earlier!.ip).toMatch(/127\.0\.0\.1/);
    // A date of birth is personal: kept apart from the hashed details.
    expect(latest!.personal).toEqual({
      before: { birthDate: null, householdKey: null },
      after: { birthDate: '1990-04-01' },
    });
    expect(JSON.stringify(latest!.details)).not.toContain('1990');

    const stored = await asOwner<{ seq: string; prev_hash: string; hash: string }>(
      sql`select seq::text, prev_hash, hash from audit_log where tenant_id = ${tenantId}
          order by seq`,
    );
    for (let i = 1; i < stored.length; i += 1) {
      expect(stored[i]!.prev_hash).toBe(stored[i - 1]!.hash);
      expect(Number(stored[i]!.seq)).toBe(Number(stored[i - 1]!.seq) + 1);
    }
    const report = await verify();
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.entries).toBe(stored.length);
    expect(report.head.hash).toBe(stored.at(-1)!.hash);
  });

  it('keeps one unbroken chain when many actions commit at once', async () => {
    await Promise.all(Array.from({ length: 16 }, (_, i) => audited(i % 2 === 0)));
    const report = await verify();
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);
    const [count] = await asOwner<{ n: string; max: string }>(
      sql`select count(*)::text as n, max(seq)::text as max from audit_log
          where tenant_id = ${tenantId}`,
    );
    expect(Number(count!.max)).toBe(Number(count!.n));
  });

  it('does not let the application change or delete an entry', async () => {
    const attempt = (statement: ReturnType<typeof sql>) =>
      guild.db
        .tenant(tenantId, (tx) => tx.execute(statement))
        .then(
          () => 'allowed',
          (error: Error) => `${error.message} ${String(error.cause)}`,
        );
    expect(await attempt(sql`update audit_log set action = 'nothing' where seq = 1`)).toMatch(
      /permission denied/,
    );
    expect(await attempt(sql`delete from audit_log where seq = 1`)).toMatch(/permission denied/);
    expect(await attempt(sql`update audit_chain_heads set seq = 1`)).toBe('allowed');
    // ...but moving the head is caught by the verification.
    const report = await verify();
    expect(report.problems.map((p) => p.problem)).toContain('head_mismatch');
    await asOwner(
      sql`update audit_chain_heads h set seq = l.seq, hash = l.hash
          from (select seq, hash from audit_log where tenant_id = ${tenantId}
                order by seq desc limit 1) l
          where h.tenant_id = ${tenantId}`,
    );
    expect((await verify()).ok).toBe(true);
  });

  it('finds an entry edited in the database, and one re-hashed to hide the edit', async () => {
    const [entry] = await asOwner<{ seq: string; details: string; hash: string }>(
      sql`select seq::text, details::text, hash from audit_log
          where tenant_id = ${tenantId} and seq = 2`,
    );
    await asOwner(
      sql`update audit_log set details = '{"changed": ["role"]}'::jsonb
          where tenant_id = ${tenantId} and seq = 2`,
    );
    let report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ seq: 2, problem: 'hash_mismatch' }),
    ]);

    // Re-hashing the edited entry moves the break to the next entry's link.
    await asOwner(
      sql`update audit_log set hash = guild_audit_hash(audit_log.*)
          where tenant_id = ${tenantId} and seq = 2`,
    );
    report = await verify();
    expect(report.problems).toEqual([expect.objectContaining({ seq: 3, problem: 'broken_link' })]);

    await asOwner(
      sql`update audit_log set details = ${entry!.details}::jsonb, hash = ${entry!.hash}
          where tenant_id = ${tenantId} and seq = 2`,
    );
    expect((await verify()).ok).toBe(true);
  });

  it('finds a removed entry and altered personal parts', async () => {
    await asOwner(
      sql`update audit_log set ip = '10.9.9.9' where tenant_id = ${tenantId} and seq = 1`,
    );
    let report = await verify();
    expect(report.problems).toEqual([
      expect.objectContaining({ seq: 1, problem: 'personal_data_altered' }),
    ]);
    await asOwner(
      sql`delete from audit_log where tenant_id = ${tenantId}
          and seq = (select max(seq) - 1 from audit_log where tenant_id = ${tenantId})`,
    );
    report = await verify();
    const kinds = report.problems.map((p) => p.problem);
    expect(kinds).toContain('missing_entries');
    expect(kinds).toContain('broken_link');
  });
});

describe('blanking personal parts and anchors (a fresh tenant)', () => {
  let beta: string;
  let betaAdmin: TestClient;
  const betaHeaders = { 'x-guild-tenant': 'beta', 'user-agent': 'audit-test/2.0' };

  beforeAll(async () => {
    beta = await addTenant(guild, 'beta');
    const account = await addMember(guild, beta, 'admin');
    betaAdmin = new TestClient(guild.url, betaHeaders);
    await betaAdmin.signIn(account);
    const other = await addMember(guild, beta, 'member', 'beta_member');
    const [row] = await guild.db.tenant(beta, (tx) =>
      sqlRows<{ id: string }>(tx, sql`select id from users where username = ${other.username}`),
    );
    for (const birthDate of ['1980-01-01', '1981-02-02', '1982-03-03']) {
      const result = await betaAdmin.patch(`/api/v1/admin/users/${row!.id}`, { birthDate });
      expect(result.status).toBe(200);
    }
  });

  it('blanks IP, user agent and personal values, and the chain still verifies', async () => {
    const blanked = await guild.db.tenant(beta, (tx) =>
      blankAuditPersonal(tx, sql`action = 'users.change'`),
    );
    expect(blanked).toBe(3);
    const page = await betaAdmin.get<{ items: Entry[] }>(`${BASE}?action=users.`);
    expect(page.body.items).toHaveLength(3);
    for (const entry of page.body.items) {
      expect(entry).toMatchObject({ ip: null, userAgent: null, personal: null, blanked: true });
    }
    const report = await betaAdmin.get<Report>(`${BASE}/verify`);
    expect(report.body).toMatchObject({ ok: true, blanked: 3 });

    // Writing personal values back after blanking is caught.
    await asOwner(
      sql`update audit_log set personal = '{"birthDate": "1980-01-01"}'::jsonb
          where tenant_id = ${beta} and action = 'users.change' and seq = (
            select min(seq) from audit_log where tenant_id = ${beta} and action = 'users.change')`,
    );
    const after = await betaAdmin.get<Report>(`${BASE}/verify`);
    expect(after.body.problems.map((p) => p.problem)).toEqual(['personal_data_altered']);
  });

  it('catches a chain cut from the end with the head recorded earlier', async () => {
    await asOwner(sql`update audit_log set personal = null where tenant_id = ${beta}`);
    const before = await betaAdmin.get<Report>(`${BASE}/verify`);
    expect(before.body.ok).toBe(true);
    const anchor = before.body.head;
    // Cut the newest entry and move the head back: the chain alone looks whole again.
    await asOwner(sql`delete from audit_log where tenant_id = ${beta} and seq = ${anchor.seq}`);
    await asOwner(
      sql`update audit_chain_heads h set seq = l.seq, hash = l.hash
          from (select seq, hash from audit_log where tenant_id = ${beta}
                order by seq desc limit 1) l
          where h.tenant_id = ${beta}`,
    );
    const plain = await betaAdmin.get<Report>(`${BASE}/verify`);
    expect(plain.body.ok).toBe(true);
    const anchored = await betaAdmin.get<Report>(
      `${BASE}/verify?anchorSeq=${anchor.seq}&anchorHash=${anchor.hash}`,
    );
    expect(anchored.body.ok).toBe(false);
    expect(anchored.body.problems.map((p) => p.problem)).toEqual(['anchor_mismatch']);
    const half = await betaAdmin.get(`${BASE}/verify?anchorSeq=1`);
    expect(half.status).toBe(400);
  });
});

describe('reading and exporting', () => {
  it('pages newest first with an opaque cursor and refuses a forged one', async () => {
    const first = await admin.get<{ items: Entry[]; nextCursor: string | null }>(`${BASE}?limit=5`);
    expect(first.body.items).toHaveLength(5);
    const second = await admin.get<{ items: Entry[]; nextCursor: string | null }>(
      `${BASE}?limit=5&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items[0]!.seq).toBeLessThan(first.body.items[4]!.seq);
    const forged = await admin.get<{ error: { code: string } }>(`${BASE}?cursor=c2VxOi0x`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('bad_cursor');
  });

  it('filters by action prefix, actor and target', async () => {
    const byTarget = await admin.get<{ items: Entry[] }>(`${BASE}?targetId=${memberId}&limit=100`);
    expect(byTarget.body.items.length).toBeGreaterThan(0);
    expect(byTarget.body.items.every((e) => e.targetId === memberId)).toBe(true);
    const none = await admin.get<{ items: Entry[] }>(`${BASE}?action=users.delete`);
    expect(none.body.items).toEqual([]);
    const wildcard = await admin.get<{ items: Entry[] }>(`${BASE}?action=%25.`);
    expect(wildcard.body.items).toEqual([]);
  });

  it('exports CSV and NDJSON oldest first, and records the export', async () => {
    const csv = await admin.get<string>(`${BASE}/export?format=csv&action=users.change`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = typeof csv.body === 'string' ? csv.body : '';
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,at,actorId,action,targetType,targetId,requestId,ip,userAgent,details,personal,blanked,hash',
    );
    expect(lines.length).toBeGreaterThan(5);

    const ndjson = await admin.get<string>(`${BASE}/export?format=ndjson`);
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toMatch(/ndjson/);
    const entries = String(ndjson.body)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Entry);
    expect(entries.length).toBeGreaterThan(5);
    const seqs = entries.map((entry) => entry.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const exports = await admin.get<{ items: Entry[] }>(`${BASE}?action=audit.export`);
    expect(exports.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('is for admins only', async () => {
    for (const path of [BASE, `${BASE}/export`, `${BASE}/verify`]) {
      const result = await member.get<{ error: { code: string } }>(path);
      expect(result.status).toBe(403);
    }
  });
});
