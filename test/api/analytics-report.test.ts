/**
 * The ROI and impact report over real HTTP, on PGlite and on PostgreSQL: the HTML carries the
 * six key metrics with their definitions and the seeded figures formatted for the locale,
 * escapes a hostile community and region name, the PDF is a PDF with its metadata, the same
 * data and moment give the same file, access is checked, and a schedule that falls due makes a
 * kept report that is listed, downloaded and e-mailed to its recipient.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows, type Orm } from '../../src/core/db/database.js';
import { reportFormatter } from '../../src/analytics/report/format.js';
import { escapeHtml } from '../../src/analytics/report/html.js';
import { KEY_METRICS, messagesFor } from '../../src/analytics/report/messages.js';
import { runDueReports } from '../../src/analytics/report/report-schedules.js';
import { makeReport } from '../../src/analytics/report/report.service.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';
import { recordTestActivity } from '../support/activity.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let member: TestClient;
let managerId: string;
const headers = { host: 'alpha.guild.test' };
const HOSTILE_NAME = '<script>alert("x")</script> & Sons';
const HOSTILE_REGION = '<b>X&Y</b>';
const ids: Record<string, string> = {};

const inTenant = <T>(work: (tx: Orm) => Promise<T>) => guild.db.tenant(tenantId, work);

async function event(kind: string, user: string, at: string) {
  await recordTestActivity(guild.db, tenantId, { kind, userId: ids[user]!, at });
}

const asText = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));

/** A value of the PDF's document information, which pdfkit writes as its own object. */
function infoValue(pdf: string, key: string): string | undefined {
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(pdf);
  return ref ? new RegExp(`\\n${ref[1]} 0 obj\\n(.*)\\nendobj`).exec(pdf)?.[1] : undefined;
}

async function rawGet(client: TestClient, path: string) {
  const response = await fetch(`${client.baseUrl}${path}`, {
    headers: { ...headers, cookie: client.cookieHeader() },
  });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  await guild.db.exec(`UPDATE tenants SET name = '${HOSTILE_NAME}' WHERE slug = 'alpha'`);
  await inTenant((tx) =>
    tx.execute(sql`insert into regions (tenant_id, code, name, currency, locale, timezone)
      values (${tenantId}, ${HOSTILE_REGION}, 'Hostile', 'GBP', 'en-GB', 'Europe/London')`),
  );
  const account = await addMember(guild, tenantId, 'manager', 'rita_manager');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(account);
  const plain = await addMember(guild, tenantId, 'member', 'pat_member');
  member = new TestClient(guild.url, headers);
  await member.signIn(plain);
  for (const name of ['ana', 'ben']) {
    await addMember(guild, tenantId, 'member', name);
    const [row] = await inTenant((tx) =>
      sqlRows<{ id: string }>(
        tx,
        sql`update users set created_at = '2025-01-10T12:00:00Z',
              region_id = (select id from regions where code = 'UK')
            where username = ${name} returning id`,
      ),
    );
    ids[name] = row!.id;
  }
  const [staff] = await inTenant((tx) =>
    sqlRows<{ id: string }>(tx, sql`select id from users where username = 'rita_manager'`),
  );
  managerId = staff!.id;
  // February 2025: ana posts, ben comments; January and March are quiet.
  await event('post_published', 'ana', '2025-02-03T10:00:00Z');
  await event('comment_published', 'ben', '2025-02-04T09:00:00Z');
  for (const [month, category, amountMinor] of [
    ['2025-01', 'platform', 100_000],
    ['2025-02', 'staff', 250_050],
  ] as const) {
    const cost = await manager.post('/api/v1/analytics/costs', { month, category, amountMinor });
    expect(cost.status).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  await guild?.stop();
});

describe('the ROI report on demand', () => {
  it('gives HTML with the six metrics, their definitions and the figures formatted', async () => {
    const result = await manager.get<string>(
      '/api/v1/analytics/reports/roi?from=2025-01&to=2025-03&format=html&locale=en-GB',
    );
    expect(result.status, asText(result.body)).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^text\/html/);
    expect(result.headers.get('content-disposition')).toBe(
      'attachment; filename="guild-roi-alpha-2025-01-2025-03.html"',
    );
    const html = asText(result.body);
    const m = messagesFor('en');
    for (const metric of KEY_METRICS) {
      expect(html).toContain(escapeHtml(m.names[metric]));
      expect(html).toContain(escapeHtml(m.definitionsOf[metric]));
    }
    const f = reportFormatter('en-GB', 'GBP');
    // two members, both engaged in February: 100% over the period, 0% in January
    expect(html).toContain(f.percent(1));
    expect(html).toContain(escapeHtml(m.detail.ofMembers('2', '2')));
    expect(html).toContain('£3,500.50');
    expect(html).toContain('£1,000.00');
    expect(html).toContain('£2,500.50');
    // no benefits against the cost: ROI −100%; no lift run: the note says so
    expect(html).toContain(f.percent(-1));
    expect(html).toContain(escapeHtml(m.reportNotes.noLiftRun));
    // every chart is inline SVG with a title, and there is no script
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*><title id="chart-engagementRate-title">/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(escapeHtml(m.methodParagraphs[1]!.title));
    expect(html).toMatch(/120/);
  });

  it('writes German and German numbers when asked', async () => {
    const result = await manager.get<string>(
      '/api/v1/analytics/reports/roi?from=2025-01&to=2025-03&locale=de-DE',
    );
    expect(result.status).toBe(200);
    const html = asText(result.body);
    const f = reportFormatter('de-DE', 'GBP');
    expect(html).toContain('lang="de"');
    expect(html).toContain(messagesFor('de').names.engagementRate);
    expect(html).toContain(escapeHtml(f.money(3500.5)));
    expect(f.money(3500.5)).toMatch(/3\.500,50/);
  });

  it('escapes a hostile community and region name', async () => {
    const region = encodeURIComponent(HOSTILE_REGION);
    const result = await manager.get<string>(
      `/api/v1/analytics/reports/roi?from=2025-01&to=2025-02&region=${region}`,
    );
    expect(result.status).toBe(200);
    const html = asText(result.body);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>X');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons');
    expect(html).toContain('&lt;b&gt;X&amp;Y&lt;/b&gt;');
    expect(result.headers.get('content-disposition')).toMatch(/filename="[A-Za-z0-9_.-]+"$/);
  });

  it('gives a PDF with its metadata', async () => {
    const { response, bytes } = await rawGet(
      manager,
      '/api/v1/analytics/reports/roi?from=2025-01&to=2025-03&format=pdf&locale=en-GB',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = bytes.toString('latin1');
    expect(infoValue(text, 'Title')).toBe(`(${messagesFor('en').title})`);
    expect(infoValue(text, 'Author')).toBe('(Guild)');
    expect(infoValue(text, 'CreationDate')).toMatch(/^\(D:\d{14}Z\)$/);
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThan(3);
  });

  it('makes the same file from the same data and moment', async () => {
    const tenant = { id: tenantId, slug: 'alpha', name: 'Alpha', defaultLocale: 'en-GB' };
    const generatedAt = new Date('2025-04-02T08:00:00Z');
    for (const format of ['html', 'pdf'] as const) {
      const make = () =>
        inTenant((tx) =>
          makeReport(tx, tenant, { from: '2025-01', to: '2025-03' }, { format, generatedAt }),
        );
      const [first, second] = [await make(), await make()];
      expect(first.bytes.equals(second.bytes), format).toBe(true);
    }
    const plain = await inTenant((tx) =>
      makeReport(
        tx,
        tenant,
        { from: '2025-01', to: '2025-03' },
        { format: 'pdf', generatedAt, compress: false },
      ),
    );
    // uncompressed, the charts' text is drawn glyph by glyph: "Feb 2025" is on a page
    expect(plain.bytes.toString('latin1')).toContain('<46> Tj');
  });

  it('refuses a bad period, an unknown locale, and anyone without analytics access', async () => {
    const reversed = await manager.get('/api/v1/analytics/reports/roi?from=2025-03&to=2025-01');
    expect(reversed.status).toBe(400);
    const french = await manager.get(
      '/api/v1/analytics/reports/roi?from=2025-01&to=2025-03&locale=fr-FR',
    );
    expect(french.status).toBe(400);
    expect(asText(french.body)).toMatch(/locale/);
    expect((await member.get('/api/v1/analytics/reports/roi?from=2025-01&to=2025-03')).status).toBe(
      403,
    );
    expect((await member.get('/api/v1/analytics/reports')).status).toBe(403);
    expect((await member.get('/api/v1/analytics/report-schedules')).status).toBe(403);
    const anonymous = new TestClient(guild.url, headers);
    expect(
      (await anonymous.get('/api/v1/analytics/reports/roi?from=2025-01&to=2025-03')).status,
    ).toBe(401);
  });

  it('records the export in the audit log', async () => {
    const rows = await inTenant((tx) =>
      sqlRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from audit_log where action = 'analytics.report_export'`,
      ),
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});

describe('scheduled reports', () => {
  it('makes, keeps, lists, e-mails and serves a report once its period is complete', async () => {
    const refused = await manager.post('/api/v1/analytics/report-schedules', {
      cadence: 'monthly',
      recipients: [ids.ana],
    });
    expect(refused.status).toBe(400);
    const created = await manager.post<{ id: string; lastPeriodTo: string; format: string }>(
      '/api/v1/analytics/report-schedules',
      { cadence: 'monthly', format: 'html', locale: 'en-GB', recipients: [managerId] },
    );
    expect(created.status).toBe(201);
    expect(created.body.format).toBe('html');
    const listed = await manager.get<{ items: { id: string }[] }>(
      '/api/v1/analytics/report-schedules',
    );
    expect(listed.body.items.map((s) => s.id)).toEqual([created.body.id]);

    const now = new Date();
    const monthNow = now.toISOString().slice(0, 7);
    // Nothing is due yet: the period complete when the schedule was made is not reported.
    expect((await runDueReports(guild.db, guild.config, now, { tenantId })).reports).toBe(0);
    // Early next month this month is complete: one report, one e-mail; then nothing more.
    const later = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 2, 6));
    const run = await runDueReports(guild.db, guild.config, later, { tenantId });
    expect(run).toEqual({ reports: 1, emails: 1, failed: 0 });
    expect((await runDueReports(guild.db, guild.config, later, { tenantId })).reports).toBe(0);

    const mails = await inTenant((tx) =>
      sqlRows<{ body_text: string }>(
        tx,
        sql`select body_text from outbound_emails
             where kind = 'analytics_report' and user_id = ${managerId}`,
      ),
    );
    expect(mails).toHaveLength(1);
    const reports = await manager.get<{
      items: { id: string; scheduleId: string; from: string; to: string; format: string }[];
    }>('/api/v1/analytics/reports');
    expect(reports.status).toBe(200);
    expect(reports.body.items).toHaveLength(1);
    const report = reports.body.items[0]!;
    expect(report.scheduleId).toBe(created.body.id);
    expect([report.from, report.to]).toEqual([monthNow, monthNow]);
    expect(mails[0]!.body_text).toContain(`/api/v1/analytics/reports/${report.id}/file`);

    const file = await manager.get<string>(`/api/v1/analytics/reports/${report.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/html/);
    expect(asText(file.body)).toContain(escapeHtml(messagesFor('en').title));
    expect((await member.get(`/api/v1/analytics/reports/${report.id}/file`)).status).toBe(403);

    const removed = await manager.delete(`/api/v1/analytics/report-schedules/${created.body.id}`);
    expect(removed.status).toBe(200);
    expect(
      (await manager.delete(`/api/v1/analytics/report-schedules/${created.body.id}`)).status,
    ).toBe(404);
    // the kept report stays
    const after = await manager.get<{ items: unknown[] }>('/api/v1/analytics/reports');
    expect(after.body.items).toHaveLength(1);
  }, 60_000);
});
