/**
 * The age gate at sign-up (PRV-10) and storage limitation (PRV-08) over real HTTP, on PGlite
 * and on PostgreSQL: a date of birth asked, under-age sign-ups refused without storing
 * anything, under-16 members unable to consent to marketing; each category of personal data
 * removed once past its period (moderation evidence, IP addresses, import files, sent e-mail),
 * inactive accounts told by e-mail and erased only after the notice, the report at 0 overdue
 * after a run, and the audit chain still whole.
 */
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { purgeTenant, runRetention } from '../../src/privacy/retention/retention.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Report {
  policies: { category: string; days: number; overdue: number }[];
  lastRun: { removed: Record<string, number> } | null;
}

let guild: TestGuild;
let tenantId: string;
let admin: TestClient;
let member: TestClient;
const headers = { host: 'alpha.guild.test' };
const DAY = 86_400_000;
const files = mkdtempSync(path.join(tmpdir(), 'guild-retention-'));

function yearsAgo(years: number, days = 0): string {
  const at = new Date();
  at.setUTCFullYear(at.getUTCFullYear() - years);
  return new Date(at.getTime() - days * DAY).toISOString().slice(0, 10);
}

async function inTenant<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

let counter = 0;
function signUp(fields: Record<string, unknown>) {
  counter += 1;
  return new TestClient(guild.url, headers).post<ErrorBody & { user: { id: string } }>(
    '/api/v1/auth/sign-up',
    {
      email: `joiner${counter}@example.com`,
      username: `joiner_${counter}`,
      displayName: `Joiner ${counter}`,
      password: 'quiet-meadow-lantern-7',
      ...fields,
    },
  );
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  admin = new TestClient(guild.url, headers);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
  member = new TestClient(guild.url, headers);
  await member.signIn(await addMember(guild, tenantId, 'member'));
});

afterAll(async () => {
  await guild?.stop();
  rmSync(files, { recursive: true, force: true });
});

describe('the age gate', () => {
  it('asks for a date of birth by default and says the minimum age', async () => {
    const rules = await new TestClient(guild.url, headers).get('/api/v1/privacy/sign-up-rules');
    expect(rules.body).toEqual({ ageGate: true, minimumAge: 13 });
    const missing = await signUp({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toMatchObject({ field: 'birthDate' });
  });

  it('refuses someone under the minimum age and keeps nothing of them', async () => {
    const child = await signUp({ birthDate: yearsAgo(12), email: 'young.one@example.com' });
    expect(child.status).toBe(422);
    expect(child.body.error.code).toBe('age_requirement_not_met');
    expect(child.body.error.details).toEqual({ minimumAge: 13 });
    const kept = await inTenant(sql`select id from users where email = 'young.one@example.com'`);
    expect(kept).toEqual([]);
    // Thirteen today is old enough.
    expect((await signUp({ birthDate: yearsAgo(13) })).status).toBe(201);
  });

  it('lets a 14-year-old join but not consent to marketing', async () => {
    const teen = await signUp({ birthDate: yearsAgo(14, 30) });
    expect(teen.status, JSON.stringify(teen.body)).toBe(201);
    const client = new TestClient(guild.url, headers);
    await client.signIn({
      email: `joiner${counter}@example.com`,
      password: 'quiet-meadow-lantern-7',
    });
    const consent = await client.put<ErrorBody>('/api/v1/privacy/consents/marketing_email', {
      granted: true,
    });
    expect(consent.status).toBe(422);
    expect(consent.body.error.code).toBe('consent_age_restricted');
  });

  it('follows the minimum age an admin sets, and only admins may set it', async () => {
    expect(
      (await member.put('/api/v1/privacy/age-gate', { ageGate: true, minimumAge: 16 })).status,
    ).toBe(403);
    const set = await admin.put('/api/v1/privacy/age-gate', { ageGate: true, minimumAge: 16 });
    expect(set.body).toEqual({ ageGate: true, minimumAge: 16 });
    expect((await signUp({ birthDate: yearsAgo(15) })).body.error.code).toBe(
      'age_requirement_not_met',
    );
    expect(
      (await admin.put('/api/v1/privacy/age-gate', { ageGate: true, minimumAge: 12 })).status,
    ).toBe(400);
    await admin.put('/api/v1/privacy/age-gate', { ageGate: false, minimumAge: 13 });
    expect((await signUp({})).status).toBe(201);
    await admin.put('/api/v1/privacy/age-gate', { ageGate: true, minimumAge: 13 });
  });
});

describe('retention', () => {
  let oldMember: string;
  let importFile: string;

  beforeAll(async () => {
    const longAgo = new Date(Date.now() - 800 * DAY);
    const account = await addMember(guild, tenantId, 'member', 'long_gone');
    const [row] = await inTenant<{ id: string }>(
      sql`update users set created_at = ${longAgo} where username = ${account.username} returning id`,
    );
    oldMember = row!.id;
    const [activeRow] = await inTenant<{ id: string }>(
      sql`select id from users where role = 'admin' limit 1`,
    );
    importFile = path.join(files, 'customers-2019.csv');
    writeFileSync(importFile, 'email\nold@example.com\n');
    await inTenant(
      sql`insert into import_jobs (tenant_id, kind, preset, origin, file_name, file_path, status,
            created_by, created_at, finished_at)
          values (${tenantId}, 'customers', 'guild', 'upload', 'customers-2019.csv', ${importFile},
                  'succeeded', ${activeRow!.id}, ${new Date(Date.now() - 40 * DAY)},
                  ${new Date(Date.now() - 40 * DAY)})
          returning id`,
    );
    await inTenant(
      sql`insert into sign_in_failures (tenant_id, email, ip, created_at)
          values (${tenantId}, 'someone@example.com', '203.0.113.9', ${new Date(Date.now() - 100 * DAY)})
          returning id`,
    );
    await inTenant(
      sql`update sessions set last_seen_at = ${new Date(Date.now() - 100 * DAY)}
          where user_id = (select id from users where role = 'member' and username <> 'long_gone'
                           order by created_at limit 1)
          returning id`,
    );
    await inTenant(
      sql`insert into audit_log (tenant_id, action, ip, user_agent, created_at)
          values (${tenantId}, 'test.old', '198.51.100.4', 'old-agent', ${new Date(Date.now() - 120 * DAY)})
          returning id`,
    );
    await inTenant(
      sql`insert into outbound_emails (id, tenant_id, to_address, kind, subject, body_text, sent_at)
          values (gen_random_uuid(), ${tenantId}, 'old@example.com', 'test', 'Old', 'Old',
                  ${new Date(Date.now() - 200 * DAY)})
          returning id`,
    );
  });

  it('reports what is overdue, removes it in a run, and then reports 0', async () => {
    const before = await admin.get<Report>('/api/v1/privacy/retention');
    expect(before.status).toBe(200);
    const overdue = Object.fromEntries(before.body.policies.map((p) => [p.category, p.overdue]));
    expect(overdue.ip_logs).toBeGreaterThanOrEqual(3);
    expect(overdue.raw_import_files).toBe(1);
    expect(overdue.sent_emails).toBe(1);
    expect(overdue.inactive_accounts).toBe(1);

    const run = await admin.post<Report>('/api/v1/privacy/retention/run');
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.lastRun!.removed).toMatchObject({
      sign_in_failures: 1,
      import_files: 1,
      sent_emails: 1,
      inactive_accounts_notified: 1,
      inactive_accounts_erased: 0,
    });
    // Every category is at 0, inactive accounts too: the one found was told and waits.
    for (const policy of run.body.policies) {
      expect(policy.overdue, policy.category).toBe(0);
    }
    expect(existsSync(importFile)).toBe(false);
    const [old] = await inTenant<{ ip: string | null; user_agent: string | null }>(
      sql`select ip, user_agent from audit_log where action = 'test.old'`,
    );
    expect(old).toEqual({ ip: null, user_agent: null });
    const verify = await admin.get<{ ok: boolean }>('/api/v1/admin/audit/verify');
    expect(verify.body.ok).toBe(true);
  });

  it('tells an inactive member first and erases them only after the notice', async () => {
    const mails = await inTenant<{ subject: string }>(
      sql`select subject from outbound_emails where user_id = ${oldMember} and kind = 'retention_notice'`,
    );
    expect(mails).toHaveLength(1);
    // A second pass the same day neither mails again nor erases.
    const again = await guild.db.tenant(tenantId, (tx) => purgeTenant(tx, tenantId));
    expect(again.removed).toMatchObject({
      inactive_accounts_notified: 0,
      inactive_accounts_erased: 0,
    });
    const later = new Date(Date.now() + 31 * DAY);
    const after = await guild.db.tenant(tenantId, (tx) => purgeTenant(tx, tenantId, later));
    expect(after.removed.inactive_accounts_erased).toBe(1);
    const [user] = await inTenant<{ status: string; display_name: string }>(
      sql`select status, display_name from users where id = ${oldMember}`,
    );
    expect(user).toEqual({ status: 'deleted', display_name: 'Former member' });
  });

  it('keeps a member who came back after the notice', async () => {
    const account = await addMember(guild, tenantId, 'member', 'came_back');
    const [row] = await inTenant<{ id: string }>(
      sql`update users set created_at = ${new Date(Date.now() - 800 * DAY)}
          where username = ${account.username} returning id`,
    );
    await guild.db.tenant(tenantId, (tx) => purgeTenant(tx, tenantId));
    expect(
      await inTenant(sql`select user_id from retention_notices where user_id = ${row!.id}`),
    ).toHaveLength(1);
    const client = new TestClient(guild.url, headers);
    await client.signIn(account);
    const later = new Date(Date.now() + 31 * DAY);
    const after = await guild.db.tenant(tenantId, (tx) => purgeTenant(tx, tenantId, later));
    expect(after.removed.inactive_accounts_erased).toBe(0);
    const [user] = await inTenant<{ status: string }>(
      sql`select status from users where id = ${row!.id}`,
    );
    expect(user!.status).toBe('active');
  });

  it('sets periods per category, and the daily job runs a tenant once a day', async () => {
    const set = await admin.put<Report>('/api/v1/privacy/retention/ip_logs', { days: 30 });
    expect(set.body.policies.find((p) => p.category === 'ip_logs')!.days).toBe(30);
    expect((await member.put('/api/v1/privacy/retention/ip_logs', { days: 30 })).status).toBe(403);
    expect((await admin.put('/api/v1/privacy/retention/ip_logs', { days: 0 })).status).toBe(400);
    expect((await admin.put('/api/v1/privacy/retention/unknown', { days: 5 })).status).toBe(400);
    // The run above counts as today's: the job skips the tenant.
    expect(await runRetention(guild.db, () => undefined)).toBe(0);
    expect(await runRetention(guild.db, () => undefined, new Date(Date.now() + 2 * DAY))).toBe(1);
  });
});
