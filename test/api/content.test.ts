/**
 * Content submissions over real HTTP, on PGlite and on PostgreSQL: the pre-check's findings
 * with their spans, the item in the shared review queue, asking for changes and the next
 * version, approving and rejecting, who may see and do what, uploads judged by their bytes,
 * the review deadline's warnings and automatic decision, usage rights with reminders and
 * refused uses, and the content approval time on known timestamps.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { sweepContent } from '../../src/compliance/content/content.js';
import { exampleTemplate } from '../../src/compliance/contracts/example-template.js';
import { seedDemoSubmissions } from '../../src/demo/demo-submissions.js';
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
let moderator: TestClient;
let member: TestClient;
let programId: string;
let amber: Ambassador;
let basil: Ambassador;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/content';
const HOUR = 3_600_000;
const DAY = 86_400_000;
const mail = { written: () => undefined };

const SPONSORED =
  'Obsessed with the new Acme serum, it cures acne in a week! Use code MARA15 for 15% off.';
const FIXED =
  'Ad: obsessed with the new Acme serum, my skin feels calm. Use code MARA15 for 15% off.';
const CLEAN = 'Ad: my morning run in the new Acme trainers, light and comfy all the way.';
/** A real 1×1 PNG. */
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Finding {
  id: string;
  source: string;
  ruleId: string;
  severity: string;
  spans: { start: number; end: number; text: string }[];
}
interface Detail {
  id: string;
  programId: string | null;
  challengeId: string | null;
  programName: string;
  status: string;
  currentVersion: number;
  hint: string;
  reviewItemId: string | null;
  firstDecision: string | null;
  firstDecidedAt: string | null;
  firstSubmittedAt: string;
  firstDecisionAutomatic: boolean | null;
  missionOutcome: string | null;
  versions: { version: number; body: string; findings: Finding[]; hint: string }[];
  decisions: { decision: string; reasonCode: string | null; changes: { findingId: string }[] }[];
}
interface Ambassador {
  client: TestClient;
  id: string;
}

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function signedIn(role: 'member' | 'manager' | 'moderator' | 'ambassador') {
  const account = await addMember(guild, tenantId, role);
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const [user] = await query<{ id: string }>(
    sql`select id from users where username = ${account.username}`,
  );
  return { client, id: user!.id };
}

async function program(name: string): Promise<string> {
  const created = await manager.post<{ id: string }>('/api/v1/ambassadors/programs', { name });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function submit(
  who: Ambassador,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<Detail> {
  const created = await who.client.post<Detail>(`${BASE}/submissions`, {
    programId,
    body,
    platforms: ['instagram'],
    market: 'UK',
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

const decide = (id: string, body: Record<string, unknown>, client = moderator) =>
  client.post<Detail & ErrorBody>(`${BASE}/submissions/${id}/decision`, body);

const upload = (client: TestClient, data: string | Buffer, filename = 'photo.png') =>
  client.post<{ id: string; mediaType: string; width: number; displayName: string } & ErrorBody>(
    `${BASE}/uploads`,
    { filename, data: typeof data === 'string' ? data : data.toString('base64') },
  );

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = (await signedIn('manager')).client;
  moderator = (await signedIn('moderator')).client;
  member = (await signedIn('member')).client;
  programId = await program('Creators');
  // one ambassador holds an active place in the program, the other has the ambassador role
  const a = await signedIn('member');
  await query(sql`insert into ambassadors (tenant_id, program_id, user_id, state, source)
    values (${tenantId}, ${programId}, ${a.id}, 'active', 'manual')`);
  amber = a;
  basil = await signedIn('ambassador');
}, 60_000);

afterAll(async () => {
  await guild?.stop();
});

describe('submitting and reviewing', () => {
  it('pre-checks an undisclosed sponsored caption, asks for changes, then approves', async () => {
    const created = await submit(amber, SPONSORED);
    expect(created.status).toBe('in_review');
    expect(created.hint).toBe('block');
    const [v1] = created.versions;
    const byRule = (id: string) => v1!.findings.find((f) => f.ruleId === id);
    // the discount code triggers a disclosure, and none is there
    expect(byRule('DISC-01')).toMatchObject({ source: 'disclosure', severity: 'B' });
    expect(byRule('DISC-01')!.spans.map((s) => s.text)).toEqual(['MARA15']);
    // a banned claim, pointed at in the text as written
    expect(byRule('BRAND-01')).toMatchObject({ source: 'brand', severity: 'W' });
    for (const finding of v1!.findings) {
      for (const span of finding.spans) {
        expect(SPONSORED.slice(span.start, span.end)).toBe(span.text);
      }
    }
    expect(byRule('BRAND-01')!.spans.map((s) => s.text)).toContain('cures');

    // the same item waits in the shared moderation queue
    const queue = await moderator.get<{
      items: { id: string; itemType: string; itemId: string }[];
    }>('/api/v1/moderation/queue?limit=100');
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i) => i.itemId === created.id);
    expect(item).toMatchObject({ itemType: 'submission', id: created.reviewItemId });
    const shown = await moderator.get<{ content: { body: string } }>(
      `/api/v1/moderation/queue/${created.reviewItemId}`,
    );
    expect(shown.body.content.body).toBe(SPONSORED);

    // changes asked for one finding: not a final decision
    const disclosure = byRule('DISC-01')!;
    const unknown = await decide(created.id, {
      decision: 'request_changes',
      changes: [{ findingId: 'f99', note: 'x' }],
    });
    expect(unknown.status).toBe(400);
    const asked = await decide(created.id, {
      decision: 'request_changes',
      changes: [{ findingId: disclosure.id, note: 'Start the caption with "Ad:".' }],
      note: 'And drop the cure claim.',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.status).toBe('changes_requested');
    expect(asked.body.firstDecision).toBeNull();
    const [resolved] = await query<{ status: string }>(
      sql`select status from review_items where id = ${created.reviewItemId}`,
    );
    expect(resolved!.status).toBe('resolved');

    // the author reads the findings and the changes asked for, and sends version 2
    const seen = await amber.client.get<Detail>(`${BASE}/submissions/${created.id}`);
    expect(seen.body.decisions[0]!.changes.map((c) => c.findingId)).toEqual([disclosure.id]);
    const edited = await amber.client.post<Detail>(`${BASE}/submissions/${created.id}/versions`, {
      body: FIXED,
      platforms: ['instagram', 'tiktok'],
      market: 'UK',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(201);
    expect(edited.body.currentVersion).toBe(2);
    expect(edited.body.status).toBe('in_review');
    expect(edited.body.versions[1]!.findings.filter((f) => f.severity === 'B')).toEqual([]);
    expect(edited.body.versions[0]!.body).toBe(SPONSORED);
    expect(edited.body.reviewItemId).not.toBe(created.reviewItemId);
    const again = await amber.client.post<ErrorBody>(`${BASE}/submissions/${created.id}/versions`, {
      body: FIXED,
      platforms: ['instagram'],
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('submission_not_editable');

    const approved = await decide(created.id, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      firstDecision: 'approve',
      firstDecisionAutomatic: false,
    });
    expect(Date.parse(approved.body.firstDecidedAt!)).toBeGreaterThanOrEqual(
      Date.parse(approved.body.firstSubmittedAt),
    );
    const twice = await decide(created.id, { decision: 'reject', reason: 'other' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('submission_decided');

    const audits = await query<{
      details: { before: { status: string }; after: { status: string } };
    }>(
      sql`select details from audit_log where action = 'content.decide' and target_id = ${created.id}
           order by created_at`,
    );
    expect(audits.map((a) => [a.details.before.status, a.details.after.status])).toEqual([
      ['in_review', 'changes_requested'],
      ['in_review', 'approved'],
    ]);
  });

  it('rejects with a reason code, which is required', async () => {
    const created = await submit(basil, CLEAN);
    // while another reviewer holds the queue item, the decision waits for them
    const other = (await signedIn('moderator')).client;
    const claimed = await other.post(`/api/v1/moderation/queue/${created.reviewItemId}/claim`);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(204);
    const busy = await decide(created.id, { decision: 'reject', reason: 'off_brief' });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('review_item_claimed');
    await other.delete(`/api/v1/moderation/queue/${created.reviewItemId}/claim`);
    const bare = await decide(created.id, { decision: 'reject' });
    expect(bare.status).toBe(400);
    const rejected = await decide(created.id, {
      decision: 'reject',
      reason: 'off_brief',
      note: 'The brief asked for the serum.',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.decisions[0]).toMatchObject({
      decision: 'reject',
      reasonCode: 'off_brief',
    });
    const [item] = await query<{ status: string; decision: string }>(
      sql`select status, decision from review_items where id = ${created.reviewItemId}`,
    );
    expect(item).toEqual({ status: 'resolved', decision: 'reject' });
  });

  it('takes a decision made in the shared moderation queue', async () => {
    const created = await submit(basil, CLEAN);
    const decided = await moderator.post<{ decision: string }>(
      `/api/v1/moderation/queue/${created.reviewItemId}/decision`,
      { decision: 'approve', reason: 'not_a_violation' },
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const seen = await basil.client.get<Detail>(`${BASE}/submissions/${created.id}`);
    expect(seen.body.status).toBe('approved');
    const second = await moderator.post<ErrorBody>(
      `/api/v1/moderation/queue/${created.reviewItemId}/decision`,
      { decision: 'reject', reason: 'spam' },
    );
    expect(second.status).toBe(409);
  });
});

describe('who may do what', () => {
  it('keeps members out and submissions to their authors and reviewers', async () => {
    const refused = await member.post<ErrorBody>(`${BASE}/submissions`, {
      programId,
      body: CLEAN,
      platforms: ['blog'],
    });
    expect(refused.status).toBe(403);
    expect((await member.get(`${BASE}/submissions`)).status).toBe(403);

    const created = await submit(amber, CLEAN);
    // another ambassador: as if it did not exist
    const other = await basil.client.get<ErrorBody>(`${BASE}/submissions/${created.id}`);
    expect(other.status).toBe(404);
    const missing = await basil.client.get<ErrorBody>(
      `${BASE}/submissions/00000000-0000-4000-8000-000000000000`,
    );
    expect(missing.status).toBe(404);
    expect((await decide(created.id, { decision: 'approve' }, basil.client)).status).toBe(403);
    expect((await decide(created.id, { decision: 'approve' }, member)).status).toBe(403);
    // nor may the author edit it while it waits
    const early = await amber.client.post<ErrorBody>(`${BASE}/submissions/${created.id}/versions`, {
      body: CLEAN,
      platforms: ['blog'],
    });
    expect(early.body.error.code).toBe('submission_not_editable');
    const list = await moderator.get<{ items: { id: string }[] }>(
      `${BASE}/submissions?status=in_review&programId=${programId}&limit=100`,
    );
    expect(list.body.items.map((i) => i.id)).toContain(created.id);
    const mine = await basil.client.get<{ items: { id: string }[] }>(`${BASE}/submissions/mine`);
    expect(mine.body.items.map((i) => i.id)).not.toContain(created.id);
  });
});

describe('usage rights', () => {
  it('reminds before the end once per round, expires, and refuses uses outside them', async () => {
    const image = await upload(amber.client, PNG_1X1);
    const created = await submit(amber, CLEAN, {
      media: [{ kind: 'image', uploadId: image.body.id, altText: 'Trainers on a track' }],
    });
    const early = await moderator.post<ErrorBody>(`${BASE}/submissions/${created.id}/rights`, {
      channels: ['instagram'],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 20 * DAY).toISOString(),
      paidUse: false,
    });
    expect(early.status).toBe(409);
    expect((await decide(created.id, { decision: 'approve' })).status).toBe(200);
    const now = Date.now();
    const granted = await moderator.post<{ id: string; state: string } & ErrorBody>(
      `${BASE}/submissions/${created.id}/rights`,
      {
        uploadId: image.body.id,
        channels: ['instagram', 'website'],
        startsAt: new Date(now - DAY).toISOString(),
        endsAt: new Date(now + 20 * DAY).toISOString(),
        paidUse: false,
        feeNote: 'Product gift only',
      },
    );
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    expect(granted.body.state).toBe('active');
    const rightsId = granted.body.id;
    const today = new Date(now).toISOString().slice(0, 10);
    const use = (body: Record<string, unknown>) =>
      moderator.post<ErrorBody>(`${BASE}/rights/${rightsId}/uses`, body);
    expect((await use({ channel: 'instagram', paid: false, usedOn: today })).status).toBe(201);
    const paid = await use({ channel: 'instagram', paid: true, usedOn: today });
    expect(paid.status).toBe(409);
    expect(paid.body.error.code).toBe('rights_use_refused');
    const late = new Date(now + 25 * DAY).toISOString().slice(0, 10);
    expect((await use({ channel: 'website', paid: false, usedOn: late })).status).toBe(409);
    expect((await use({ channel: 'tiktok', paid: false, usedOn: today })).status).toBe(409);

    const reminders = async () =>
      query<{ days_before: number }>(
        sql`select days_before from content_rights_reminders where rights_id = ${rightsId}
             order by days_before desc`,
      );
    const sweep = (days: number) =>
      sweepContent(guild.db, mail, { tenantId, at: new Date(now + days * DAY) });
    await sweep(1);
    expect(await reminders()).toEqual([]);
    await sweep(7);
    expect((await reminders()).map((r) => r.days_before)).toEqual([14]);
    await sweep(7.5);
    expect((await reminders()).map((r) => r.days_before)).toEqual([14]);
    await sweep(18);
    expect((await reminders()).map((r) => r.days_before)).toEqual([14, 3]);
    const emails = await query<{ n: number }>(
      sql`select count(*)::int as n from outbound_emails where kind = 'content_rights_expiring'`,
    );
    // one manager, one e-mail per round
    expect(emails[0]!.n).toBe(2);
    const expired = await sweep(21);
    expect(expired.expired).toBeGreaterThanOrEqual(1);
    const listed = await moderator.get<{ items: { id: string; state: string }[] }>(
      `${BASE}/submissions/${created.id}/rights`,
    );
    expect(listed.body.items.find((r) => r.id === rightsId)?.state).toBe('expired');
  });
});

describe('review deadlines', () => {
  it('warns managers, then moves, flags or approves at the deadline, each once', async () => {
    const slow = await program('Slow lane');
    const auto = await program('Auto lane');
    for (const id of [slow, auto]) {
      await query(sql`insert into ambassadors (tenant_id, program_id, user_id, state, source)
        values (${tenantId}, ${id}, ${amber.id}, 'active', 'manual')`);
    }
    const put = await manager.put<{ slaHours: number; autoDecision: string }>(
      `${BASE}/programs/${auto}/settings`,
      {
        slaHours: 10,
        escalateAtPercent: 50,
        autoDecision: 'approve_if_clean',
        breachAction: 'flag',
      },
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ slaHours: 10, autoDecision: 'approve_if_clean' });
    expect((await moderator.put(`${BASE}/programs/${auto}/settings`, { slaHours: 5 })).status).toBe(
      403,
    );

    const waiting = await submit(amber, CLEAN, { programId: slow });
    const clean = await submit(amber, CLEAN, { programId: auto });
    const flagged = await submit(amber, SPONSORED, { programId: auto });
    const now = Date.now();
    const sweep = (hours: number) =>
      sweepContent(guild.db, mail, { tenantId, at: new Date(now + hours * HOUR) });

    const warned = await sweep(6);
    expect(warned.warned).toBeGreaterThanOrEqual(2);
    expect((await sweep(6)).warned).toBe(0);
    const warnings = await query<{ n: number }>(
      sql`select count(*)::int as n from outbound_emails
           where kind = 'content_sla_warning' and subject like '%Auto lane%'`,
    );
    expect(warnings[0]!.n).toBe(2);

    const breached = await sweep(11);
    expect(breached.autoApproved).toBe(1);
    const autoSeen = await amber.client.get<Detail>(`${BASE}/submissions/${clean.id}`);
    expect(autoSeen.body).toMatchObject({
      status: 'approved',
      firstDecision: 'approve',
      firstDecisionAutomatic: true,
    });
    const [system] = await query<{ actor_id: string | null; details: { actor: string } }>(
      sql`select actor_id, details from audit_log where action = 'content.decide'
           and target_id = ${clean.id}`,
    );
    expect(system).toMatchObject({ actor_id: null, details: { actor: 'system' } });
    const item = async (id: string | null) =>
      (
        await query<{ queue: string; severity: number; status: string }>(
          sql`select queue, severity, status from review_items where id = ${id}`,
        )
      )[0];
    // a finding of severity B or W: no automatic decision, flagged where it is
    expect(await item(flagged.reviewItemId)).toMatchObject({ status: 'open', severity: 1 });
    expect((await amber.client.get<Detail>(`${BASE}/submissions/${flagged.id}`)).body.status).toBe(
      'in_review',
    );
    // the default 48 hours have not passed for the slow lane yet
    expect(await item(waiting.reviewItemId)).toMatchObject({ queue: 'standard' });
    await sweep(49);
    expect(await item(waiting.reviewItemId)).toMatchObject({ queue: 'senior', status: 'open' });
    const quiet = await sweep(49);
    expect(quiet).toMatchObject({ breached: 0, autoApproved: 0, warned: 0 });
    const overdue = await moderator.get<{ items: { id: string; overdue: boolean }[] }>(
      `${BASE}/submissions?programId=${auto}&status=in_review`,
    );
    expect(overdue.body.items.map((i) => i.id)).toEqual([flagged.id]);
  });
});

describe('content approval time', () => {
  it('gives the median and 90th percentile, automatic and human apart', async () => {
    const timed = await program('Timed');
    const base = Date.parse('2026-11-02T09:00:00.000Z');
    const rows: [hours: number, automatic: boolean | null, decision: string | null][] = [
      [1, false, 'approve'],
      [2, false, 'reject'],
      [3, false, 'approve'],
      [4, false, 'approve'],
      [10, false, 'approve'],
      [48, true, 'approve'],
      [48, true, 'approve'],
      // changes asked for only: no final decision, not counted
      [5, null, null],
    ];
    for (const [hours, automatic, decision] of rows) {
      const decidedAt = decision ? new Date(base + hours * HOUR).toISOString() : null;
      await query(sql`insert into content_submissions (tenant_id, program_id, author_id, status,
          first_submitted_at, version_submitted_at, due_at, first_decision, first_decided_at,
          first_decision_automatic)
        values (${tenantId}, ${timed}, ${amber.id},
          ${decision === null ? 'changes_requested' : decision === 'approve' ? 'approved' : 'rejected'},
          ${new Date(base).toISOString()}::timestamptz, ${new Date(base).toISOString()}::timestamptz,
          ${new Date(base + 48 * HOUR).toISOString()}::timestamptz, ${decision},
          ${decidedAt}::timestamptz, ${automatic})`);
    }
    const figures = await moderator.get<{
      all: { count: number; medianSeconds: number; p90Seconds: number };
      automatic: { count: number; medianSeconds: number };
      human: { count: number; medianSeconds: number; p90Seconds: number };
      approved: number;
      rejected: number;
    }>(
      `${BASE}/metrics/approval-time?from=2026-11-01T00:00:00.000Z&to=2026-12-01T00:00:00.000Z&programId=${timed}`,
    );
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    expect(figures.body.all).toEqual({ count: 7, medianSeconds: 4 * 3600, p90Seconds: 48 * 3600 });
    expect(figures.body.human).toEqual({
      count: 5,
      medianSeconds: 3 * 3600,
      // position 3.6 of 1, 2, 3, 4, 10 hours: 4 + 0.6 × 6 = 7.6 hours
      p90Seconds: 7.6 * 3600,
    });
    expect(figures.body.automatic).toEqual({
      count: 2,
      medianSeconds: 48 * 3600,
      p90Seconds: 48 * 3600,
    });
    expect([figures.body.approved, figures.body.rejected]).toEqual([6, 1]);
    const outside = await moderator.get<{ all: { count: number } }>(
      `${BASE}/metrics/approval-time?from=2026-12-01T00:00:00.000Z&to=2027-01-01T00:00:00.000Z&programId=${timed}`,
    );
    expect(outside.body.all.count).toBe(0);
    const backwards = await moderator.get(
      `${BASE}/metrics/approval-time?from=2026-12-01T00:00:00.000Z&to=2026-11-01T00:00:00.000Z`,
    );
    expect(backwards.status).toBe(400);
    expect(
      (
        await member.get(
          `${BASE}/metrics/approval-time?from=2026-11-01T00:00:00.000Z&to=2026-12-01T00:00:00.000Z`,
        )
      ).status,
    ).toBe(403);
  });
});

describe('the demo', () => {
  it('seeds an approved submission with rights, one sent back and one near its deadline', async () => {
    const [me] = await query<{ id: string }>(
      sql`select id from users where role = 'manager' limit 1`,
    );
    expect(await seedDemoSubmissions(guild.db, tenantId, me!.id)).toBe(3);
    const rows = await query<{ title: string; status: string; hours_left: number; rights: number }>(
      sql`select v.title, s.status, extract(epoch from s.due_at - now()) / 3600 as hours_left,
            (select count(*)::int from content_rights r where r.submission_id = s.id) as rights
          from content_submissions s
          join content_versions v on v.submission_id = s.id and v.version = s.current_version
         where v.title in ('Autumn table, set in ten minutes', 'My new favourite mug',
           'Rainy Sunday reading nook')
         order by v.title`,
    );
    expect(rows.map((r) => [r.title, r.status, r.rights])).toEqual([
      ['Autumn table, set in ten minutes', 'approved', 1],
      ['My new favourite mug', 'changes_requested', 0],
      ['Rainy Sunday reading nook', 'in_review', 0],
    ]);
    expect(Number(rows[2]!.hours_left)).toBeGreaterThan(2);
    expect(Number(rows[2]!.hours_left)).toBeLessThan(4);
  });
});

describe('missions', () => {
  it('hands approved content to its assignment, which pays under a valid contract only', async () => {
    const missions = await program('Missions');
    const cara = await signedIn('member');
    await query(sql`update users set region_id = (select id from regions where code = 'UK')
                     where id = ${cara.id}`);
    const [place] = await query<{ id: string }>(
      sql`insert into ambassadors (tenant_id, program_id, user_id, state, source)
          values (${tenantId}, ${missions}, ${cara.id}, 'active', 'manual') returning id`,
    );
    const AMB = '/api/v1/ambassadors';
    const template = await manager.post<{ id: string }>(
      `${AMB}/programs/${missions}/contract-templates`,
      { title: 'Ambassador agreement', body: exampleTemplate('Alpha'), markets: ['UK'] },
    );
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    await manager.post(`${AMB}/contract-templates/${template.body.id}/publish`);
    const offered = await manager.post<{ id: string }>(`${AMB}/contracts`, {
      templateId: template.body.id,
      ambassadorId: place!.id,
      startsAt: new Date(Date.now() - DAY).toISOString(),
      endsAt: new Date(Date.now() + 365 * DAY).toISOString(),
    });
    expect(offered.status, JSON.stringify(offered.body)).toBe(201);
    expect((await cara.client.post(`${AMB}/me/contracts/${offered.body.id}/sign`)).status).toBe(
      200,
    );

    const assignment = async (title: string) => {
      const mission = await manager.post<{ id: string }>(`${AMB}/programs/${missions}/missions`, {
        kind: 'post',
        title,
        dueAt: new Date(Date.now() + 7 * DAY).toISOString(),
        status: 'open',
        incentivePoints: 50,
        evidenceRequired: ['text'],
      });
      expect(mission.status, JSON.stringify(mission.body)).toBe(201);
      const given = await manager.post<{ assigned: { id: string }[] }>(
        `${AMB}/missions/${mission.body.id}/assignments`,
        { ambassadorIds: [place!.id] },
      );
      expect(given.body.assigned, JSON.stringify(given.body)).toHaveLength(1);
      return given.body.assigned[0]!.id;
    };
    const first = await assignment('Autumn table');
    const second = await assignment('Reading nook');
    const send = async (assignmentId: string, body: string) => {
      const created = await cara.client.post<Detail>(`${BASE}/submissions`, {
        programId: missions,
        assignmentId,
        body,
        platforms: ['instagram'],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body;
    };

    // the contract and the mission's incentive both call for a disclosure, which is missing
    const unlabelled = await send(first, 'My autumn table with the new stoneware, so cosy.');
    const disc = unlabelled.versions[0]!.findings.find((f) => f.ruleId === 'DISC-01');
    expect(disc?.severity).toBe('B');
    const asked = await decide(unlabelled.id, {
      decision: 'request_changes',
      changes: [{ findingId: disc!.id, note: 'Start with "Ad:".' }],
    });
    expect(asked.status).toBe(200);
    await cara.client.post(`${BASE}/submissions/${unlabelled.id}/versions`, {
      body: 'Ad: my autumn table with the new stoneware, so cosy.',
      platforms: ['instagram'],
    });
    const paid = await decide(unlabelled.id, { decision: 'approve' });
    expect(paid.body).toMatchObject({ status: 'approved', missionOutcome: 'paid' });
    const [done] = await query<{ status: string }>(
      sql`select status from ambassador_assignments where id = ${first}`,
    );
    expect(done!.status).toBe('approved');

    // without a current contract the content is still approved, and the mission is not paid
    const waiting = await send(second, 'Ad: a rainy Sunday in the reading nook.');
    const ended = await manager.post(`${AMB}/contracts/${offered.body.id}/terminate`, {
      reason: 'Left the program',
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const unpaid = await decide(waiting.id, { decision: 'approve' });
    expect(unpaid.body).toMatchObject({ status: 'approved', missionOutcome: 'contract_required' });
    const [open] = await query<{ status: string }>(
      sql`select status from ambassador_assignments where id = ${second}`,
    );
    expect(open!.status).toBe('assigned');
  });
});

describe('challenge submissions', () => {
  it('takes content for a challenge from those who joined it, pre-checked for its prize', async () => {
    const [challenge] = await query<{ id: string }>(
      sql`insert into challenges (tenant_id, title, status, starts_local, ends_local, prize_points,
            disclosure_text, published_at)
          values (${tenantId}, 'Trail week', 'published', now() - interval '1 day',
                  now() + interval '6 days', 200, 'Start your post with Ad:', now())
          returning id`,
    );
    const joiner = await signedIn('member');
    const outsider = await signedIn('member');
    await query(
      sql`insert into challenge_participants (tenant_id, challenge_id, user_id)
          values (${tenantId}, ${challenge!.id}, ${joiner.id}) returning user_id`,
    );
    const body = 'These trail shoes held up on a 20 km hike. #trailweek';
    const sent = await joiner.client.post<Detail>(`${BASE}/submissions`, {
      challengeId: challenge!.id,
      body,
      platforms: ['community'],
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ programId: null, challengeId: challenge!.id });
    expect(sent.body.programName).toBe('Trail week');
    // A prize is a material connection: the missing disclosure is found (DISC-01).
    const findings = sent.body.versions[0]!.findings.map((f) => f.ruleId);
    expect(findings).toContain('DISC-01');
    const listed = await moderator.get<{ items: { id: string }[] }>(`${BASE}/submissions`);
    expect(listed.body.items.map((item) => item.id)).toContain(sent.body.id);
    const approved = await decide(sent.body.id, { decision: 'approve' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const refused = await outsider.client.post(`${BASE}/submissions`, {
      challengeId: challenge!.id,
      body,
      platforms: ['community'],
    });
    expect(refused.status).toBe(403);
    const both = await joiner.client.post(`${BASE}/submissions`, {
      challengeId: challenge!.id,
      programId,
      body,
      platforms: ['community'],
    });
    expect(both.status).toBe(400);
  });
});
