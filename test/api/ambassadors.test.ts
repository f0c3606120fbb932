/**
 * The ambassador program over real HTTP, on PGlite and on PostgreSQL: consent gates (no score
 * without scoring consent, a withdrawal hides and deletes it at once, no consent under 16),
 * purpose limitation, exclusions (staff, their households, minors, opted out, moderation
 * strikes, risk flags), scores from CRM purchases with reasons in words, no data from after
 * the as-of date, the pipeline's moves (illegal ones refused, every one recorded and audited),
 * applications and requests for a human review.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { flagMember } from '../../src/gamification/rewards/risk-flags.service.js';
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
let counter = 0;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/ambassadors';
const DAY = 86_400_000;

interface Member {
  client: TestClient;
  id: string;
  username: string;
}
interface Run {
  id: string;
  status: string;
  membersTotal: number | null;
  membersDone: number;
  scored: number;
  excluded: number;
  notConsented: number;
}
interface Candidate {
  userId: string;
  username: string;
  score: number | null;
  reasons: { feature: string; kind: string; text: string }[];
  exclusions: string[];
  exclusionTexts: string[];
  state: string | null;
}
interface Explanation extends Candidate {
  features: {
    feature: string;
    value: number | null;
    weight: number;
    weightBand: string;
    points: number;
  }[];
  contest: string;
}
interface Place {
  id: string;
  userId: string;
  state: string;
}

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function newMember(prefix: string, role: 'member' | 'moderator' = 'member'): Promise<Member> {
  counter += 1;
  const account = await addMember(guild, tenantId, role, `${prefix}_${counter}`);
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const [row] = await query<{ id: string }>(
    sql`select id from users where username = ${account.username}`,
  );
  await query(sql`update users set region_id = (select id from regions where code = 'UK')
                   where id = ${row!.id} returning id`);
  return { client, id: row!.id, username: account.username };
}

async function consent(member: Member, purpose: string, granted: boolean) {
  return member.client.put<{ granted: boolean; locked: boolean }>(
    `/api/v1/privacy/consents/${purpose}`,
    { granted },
  );
}

/** Gives the member a customer record with sales on the given days before `at`. */
async function purchases(member: Member, at: Date, orders: { daysAgo: number; pounds: number }[]) {
  counter += 1;
  const customerExternal = `c-${counter}`;
  const [customer] = await query<{ id: string }>(
    sql`insert into customers (id, tenant_id, external_id, source)
        values (gen_random_uuid(), ${tenantId}, ${customerExternal}, 'test') returning id`,
  );
  await query(
    sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
        values (${tenantId}, ${member.id}, ${customer!.id}, 'explicit') returning id`,
  );
  for (const [i, order] of orders.entries()) {
    await query(
      sql`insert into orders (id, tenant_id, external_id, customer_id, kind, placed_at, currency,
            total_minor, source)
          values (gen_random_uuid(), ${tenantId}, ${`${customerExternal}-${i}`}, ${customer!.id},
                  'sale', ${new Date(at.getTime() - order.daysAgo * DAY).toISOString()}, 'GBP',
                  ${order.pounds * 100}, 'test')
          returning id`,
    );
  }
  return customer!.id;
}

async function runScoring(programId: string, asOf?: Date): Promise<Run> {
  const started = await manager.post<Run>(
    `${BASE}/programs/${programId}/score-runs`,
    asOf ? { asOf: asOf.toISOString() } : {},
  );
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  for (let i = 0; i < 200; i += 1) {
    const run = await manager.get<Run>(`${BASE}/score-runs/${started.body.id}`);
    if (run.body.status === 'done' || run.body.status === 'failed') {
      expect(run.body.status).toBe('done');
      return run.body;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the scoring run did not finish');
}

async function candidates(programId: string, extra = ''): Promise<Candidate[]> {
  const page = await manager.get<{ items: Candidate[]; nextCursor: string | null }>(
    `${BASE}/programs/${programId}/candidates?limit=100${extra}`,
  );
  expect(page.status, JSON.stringify(page.body)).toBe(200);
  return page.body.items;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const managerAccount = await addMember(guild, tenantId, 'manager');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(managerAccount);
  const adminAccount = await addMember(guild, tenantId, 'admin');
  admin = new TestClient(guild.url, headers);
  await admin.signIn(adminAccount);
}, 60_000);

afterAll(async () => {
  await guild?.stop();
});

describe('consent per purpose', () => {
  it('records a grant with its notice, withdraws in one call, and keeps the history', async () => {
    const member = await newMember('consenter');
    const before = await member.client.get<{
      items: { purpose: string; granted: boolean; notice: { version: number; sha256: string } }[];
    }>('/api/v1/privacy/consents');
    expect(before.body.items.map((c) => c.purpose)).toEqual([
      'marketing_email',
      'ambassador_scoring',
      'social_import',
      'cookies',
      'loyalty_program',
      'ad_sharing',
    ]);
    expect(before.body.items.every((c) => !c.granted)).toBe(true);
    const notice = before.body.items.find((c) => c.purpose === 'ambassador_scoring')!.notice;
    expect(notice.sha256).toMatch(/^[0-9a-f]{64}$/);

    const granted = await member.client.put<{ granted: boolean }>(
      '/api/v1/privacy/consents/ambassador_scoring',
      { granted: true, noticeVersion: notice.version },
    );
    expect(granted.status).toBe(200);
    expect(granted.body.granted).toBe(true);
    // a stale notice version is refused: the member must see the current text
    const stale = await member.client.put<{ error: { code: string } }>(
      '/api/v1/privacy/consents/marketing_email',
      { granted: true, noticeVersion: 99 },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('notice_outdated');

    const withdrawn = await consent(member, 'ambassador_scoring', false);
    expect(withdrawn.body.granted).toBe(false);
    const history = await member.client.get<{
      items: {
        purpose: string;
        channel: string;
        method: string;
        noticeSha256: string;
        withdrawnAt: string | null;
        withdrawalChannel: string | null;
      }[];
    }>('/api/v1/privacy/consents/history');
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      purpose: 'ambassador_scoring',
      channel: 'web',
      method: 'toggle',
      noticeSha256: notice.sha256,
      withdrawalChannel: 'web',
    });
    expect(history.body.items[0]!.withdrawnAt).not.toBeNull();
    // an admin can prove it
    const record = await admin.get<{ history: unknown[] }>(
      `/api/v1/privacy/members/${member.id}/consents`,
    );
    expect(record.status).toBe(200);
    expect(record.body.history).toHaveLength(1);
    expect((await manager.get(`/api/v1/privacy/members/${member.id}/consents`)).status).toBe(403);
    const audit = await query<{ action: string }>(
      sql`select action from audit_log where target_id = ${member.id} and action like 'consent.%'
           order by created_at`,
    );
    expect(audit.map((a) => a.action)).toEqual(['consent.grant', 'consent.withdraw']);
  });

  it('locks profiling and marketing consent for a member under 16 (PRV-10)', async () => {
    const young = await newMember('young');
    const born = new Date(Date.now() - 15 * 365.25 * DAY).toISOString().slice(0, 10);
    const set = await admin.patch(`/api/v1/admin/users/${young.id}`, { birthDate: born });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const refused = await consent(young, 'ambassador_scoring', true);
    expect(refused.status).toBe(422);
    expect((refused.body as unknown as { error: { code: string } }).error.code).toBe(
      'consent_age_restricted',
    );
    const states = await young.client.get<{ items: { purpose: string; locked: boolean }[] }>(
      '/api/v1/privacy/consents',
    );
    expect(states.body.items.filter((s) => s.locked).map((s) => s.purpose)).toEqual([
      'marketing_email',
      'ambassador_scoring',
      'social_import',
      'ad_sharing',
    ]);
    // cookies are not profiling: allowed
    expect((await consent(young, 'cookies', true)).status).toBe(200);
  });
});

describe('scoring candidates', () => {
  let programId: string;
  const now = new Date();
  const people: Record<string, Member> = {};

  beforeAll(async () => {
    const program = await manager.post<{ id: string; weights: Record<string, number> }>(
      `${BASE}/programs`,
      {
        name: 'UK ambassadors',
        description: 'Our best customers in the UK',
        regionCode: 'UK',
        minAge: 18,
      },
    );
    expect(program.status, JSON.stringify(program.body)).toBe(201);
    programId = program.body.id;

    for (const name of [
      'loyal',
      'casual',
      'silent',
      'staffer',
      'housemate',
      'teen',
      'optout',
      'struck',
      'flagged',
    ]) {
      people[name] = await newMember(name);
      if (name !== 'silent') {
        expect((await consent(people[name], 'ambassador_scoring', true)).status).toBe(200);
      }
    }
    people.moderator = await newMember('mod', 'moderator');
    await purchases(people.loyal!, now, [
      { daysAgo: 3, pounds: 120 },
      { daysAgo: 20, pounds: 80 },
      { daysAgo: 45, pounds: 60 },
      { daysAgo: 90, pounds: 150 },
      { daysAgo: 400, pounds: 70 },
    ]);
    await purchases(people.casual!, now, [{ daysAgo: 200, pounds: 30 }]);
    await purchases(people.silent!, now, [{ daysAgo: 2, pounds: 900 }]);
    for (const name of ['staffer', 'housemate', 'teen', 'optout', 'struck', 'flagged']) {
      await purchases(people[name]!, now, [{ daysAgo: 10, pounds: 50 }]);
    }
    expect(
      (await admin.patch(`/api/v1/admin/users/${people.staffer!.id}`, { employee: true })).status,
    ).toBe(200);
    for (const name of ['housemate', 'moderator']) {
      const r = await admin.patch(`/api/v1/admin/users/${people[name]!.id}`, {
        householdKey: 'h-42',
      });
      expect(r.status).toBe(200);
    }
    const seventeen = new Date(now.getTime() - 17 * 365.25 * DAY).toISOString().slice(0, 10);
    expect(
      (await admin.patch(`/api/v1/admin/users/${people.teen!.id}`, { birthDate: seventeen }))
        .status,
    ).toBe(200);
    expect((await people.optout!.client.put(`${BASE}/me/opt-out`, { optedOut: true })).status).toBe(
      200,
    );
    await query(
      sql`insert into moderation_checks (tenant_id, item_type, item_id, author_id, fingerprint,
            scores, decision, policy_decision, model_version, latency_ms, final_decision, decided_at)
          values (${tenantId}, 'post', gen_random_uuid(), ${people.struck!.id}, 'f', '{}', 'reject',
                  'reject', 'test', 1, 'reject', now() - interval '5 days')
          returning id`,
    );
    await guild.db.tenant(tenantId, (tx) =>
      flagMember(tx, tenantId, {
        userId: people.flagged!.id,
        reason: 'bought reviews',
        source: 'manager',
        createdBy: null,
      }),
    );
  }, 120_000);

  it('scores only consenting members, excludes by rule, and explains in words', async () => {
    const run = await runScoring(programId);
    expect(run.notConsented).toBeGreaterThanOrEqual(1);
    expect(run.excluded).toBe(6);
    expect(run.membersDone).toBe(run.membersTotal);

    const scored = await candidates(programId);
    const names = scored.map((c) => c.username);
    expect(names).not.toContain(people.silent!.username);
    expect(names.indexOf(people.loyal!.username)).toBeLessThan(
      names.indexOf(people.casual!.username),
    );
    const loyal = scored.find((c) => c.userId === people.loyal!.id)!;
    expect(loyal.reasons.map((r) => r.text)).toContain('last purchase 3 days ago');
    expect(
      loyal.reasons.some((r) => /^4 days with a purchase in the last 12 months/.test(r.text)),
    ).toBe(true);

    const all = await candidates(programId, '&includeExcluded=true');
    const excluded = Object.fromEntries(
      all.filter((c) => c.score === null).map((c) => [c.username, c.exclusions]),
    );
    expect(excluded).toEqual({
      [people.staffer!.username]: ['staff'],
      [people.housemate!.username]: ['staff_household'],
      [people.teen!.username]: ['minor'],
      [people.optout!.username]: ['opted_out'],
      [people.struck!.username]: ['moderation_strike'],
      [people.flagged!.username]: ['flagged'],
    });
    // the moderator is staff and gave no consent: no row at all
    expect(all.some((c) => c.userId === people.moderator!.id)).toBe(false);
  });

  it('shows a member why, and lets them ask a person to review it', async () => {
    const me = await people.loyal!.client.get<{
      scores: Explanation[];
      openPrograms: { id: string }[];
    }>(`${BASE}/me`);
    expect(me.status).toBe(200);
    const mine = me.body.scores.find((s) => s.userId === people.loyal!.id)!;
    expect(mine.score).toBeGreaterThan(0);
    expect(mine.contest).toMatch(/human review/);
    const spend = mine.features.find((f) => f.feature === 'spend')!;
    expect(spend.value).toBe(41_000);
    expect(spend.weightBand).toBe('high');
    expect(me.body.openPrograms.map((p) => p.id)).toContain(programId);

    const asked = await people.teen!.client.post<{ id: string; exclusionsSeen: string[] }>(
      `${BASE}/me/score-reviews`,
      { programId, message: 'I turn 18 next week' },
    );
    expect(asked.status).toBe(201);
    expect(asked.body.exclusionsSeen).toEqual(['minor']);
    const twice = await people.teen!.client.post(`${BASE}/me/score-reviews`, {
      programId,
      message: 'again',
    });
    expect(twice.status).toBe(409);
    const open = await manager.get<{ items: { id: string }[] }>(
      `${BASE}/score-reviews?status=open`,
    );
    expect(open.body.items.map((r) => r.id)).toContain(asked.body.id);
    const resolved = await manager.post<{ status: string; outcome: string }>(
      `${BASE}/score-reviews/${asked.body.id}/resolve`,
      { outcome: 'upheld', response: 'The program starts at 18; we will look again then.' },
    );
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'upheld' });
  });

  it('hides and deletes a score as soon as scoring consent is withdrawn', async () => {
    const member = people.casual!;
    expect((await candidates(programId)).some((c) => c.userId === member.id)).toBe(true);
    expect((await consent(member, 'ambassador_scoring', false)).body.granted).toBe(false);
    expect((await candidates(programId)).some((c) => c.userId === member.id)).toBe(false);
    const rows = await query(sql`select 1 from ambassador_scores where user_id = ${member.id}`);
    expect(rows).toHaveLength(0);
    const again = await runScoring(programId);
    expect(again.notConsented).toBeGreaterThanOrEqual(2);
    expect(
      await query(sql`select 1 from ambassador_scores where user_id = ${member.id}`),
    ).toHaveLength(0);
  });

  it('reads nothing dated after the as-of moment', async () => {
    const asOf = new Date(now.getTime() - 30 * DAY);
    await runScoring(programId, asOf);
    const before = await query<{ user_id: string; score: number; inputs: unknown }>(
      sql`select user_id, score, inputs from ambassador_scores where program_id = ${programId}
           order by user_id`,
    );
    // a big order after the as-of date, and community activity after it too
    await purchases(people.flagged!, now, [{ daysAgo: 1, pounds: 5000 }]);
    await query(
      sql`insert into member_activity (tenant_id, user_id, kind, cause_key, own, occurred_at, local_day)
          values (${tenantId}, ${people.loyal!.id}, 'answer_accepted', 'late-answer', false, now(), current_date)
          returning id`,
    );
    await runScoring(programId, asOf);
    const after = await query<{ user_id: string; score: number; inputs: unknown }>(
      sql`select user_id, score, inputs from ambassador_scores where program_id = ${programId}
           order by user_id`,
    );
    expect(after).toEqual(before);
    // scored as of now, the late answer counts
    await runScoring(programId);
    const [loyal] = await query<{ inputs: { accepted_answers: number } }>(
      sql`select inputs from ambassador_scores where program_id = ${programId} and user_id = ${people.loyal!.id}`,
    );
    expect(loyal!.inputs.accepted_answers).toBe(1);
  });

  it('leaves out a category whose purposes do not include ambassador scoring (PRV-07)', async () => {
    const set = await admin.put('/api/v1/privacy/data-purposes/crm_purchases', {
      purposes: ['analytics'],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    await runScoring(programId);
    const [loyal] = await query<{
      inputs: Record<string, number | null>;
      contributions: Record<string, number>;
    }>(
      sql`select inputs, contributions from ambassador_scores
           where program_id = ${programId} and user_id = ${people.loyal!.id}`,
    );
    expect(loyal!.inputs.spend).toBeNull();
    expect(loyal!.inputs.recency_days).toBeNull();
    expect(loyal!.contributions.spend).toBeUndefined();
    await admin.put('/api/v1/privacy/data-purposes/crm_purchases', {
      purposes: ['ambassador_scoring', 'analytics'],
    });
  });

  it('runs one scoring of a program at a time', async () => {
    const first = await manager.post<{ id: string }>(
      `${BASE}/programs/${programId}/score-runs`,
      {},
    );
    const second = await manager.post<{ error: { code: string } }>(
      `${BASE}/programs/${programId}/score-runs`,
      {},
    );
    expect(first.status).toBe(202);
    if (second.status !== 202) {
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('score_run_in_progress');
    }
    for (let i = 0; i < 200; i += 1) {
      const run = await manager.get<Run>(`${BASE}/score-runs/${first.body.id}`);
      if (run.body.status === 'done') {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('moves members only along the workflow, recording and auditing every move', async () => {
    const identified = await manager.post<{
      identified: Place[];
      skipped: { userId: string; reason: string }[];
    }>(`${BASE}/programs/${programId}/pipeline`, {
      userIds: [people.loyal!.id, people.staffer!.id, people.silent!.id],
    });
    expect(identified.status, JSON.stringify(identified.body)).toBe(200);
    expect(identified.body.identified.map((p) => p.userId)).toEqual([people.loyal!.id]);
    const skipped = Object.fromEntries(identified.body.skipped.map((s) => [s.userId, s.reason]));
    expect(skipped[people.staffer!.id]).toMatch(/works for the retailer/);
    expect(skipped[people.silent!.id]).toMatch(/no score/);
    const place = identified.body.identified[0]!;

    // illegal: activating someone who was only identified
    const jump = await manager.post<{ error: { code: string; details: { allowed: string[] } } }>(
      `${BASE}/members/${place.id}/transitions`,
      { to: 'active' },
    );
    expect(jump.status).toBe(409);
    expect(jump.body.error.code).toBe('illegal_transition');
    expect(jump.body.error.details.allowed).toEqual(['invited']);

    expect(
      (await manager.post(`${BASE}/members/${place.id}/transitions`, { to: 'invited' })).status,
    ).toBe(200);
    // a manager cannot accept on the member's behalf
    expect(
      (await manager.post(`${BASE}/members/${place.id}/transitions`, { to: 'accepted' })).status,
    ).toBe(409);
    // another member cannot touch this place
    const other = await people.casual!.client.post(`${BASE}/me/places/${place.id}/transitions`, {
      to: 'accepted',
    });
    expect(other.status).toBe(404);
    const accepted = await people.loyal!.client.post<Place>(
      `${BASE}/me/places/${place.id}/transitions`,
      {
        to: 'accepted',
      },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('onboarding');
    expect(
      (await manager.post(`${BASE}/members/${place.id}/transitions`, { to: 'active' })).status,
    ).toBe(200);
    const [role] = await query<{ role: string }>(
      sql`select role from users where id = ${people.loyal!.id}`,
    );
    expect(role!.role).toBe('ambassador');
    // ending a place needs a reason from a manager
    const noReason = await manager.post<{ code: string }>(
      `${BASE}/members/${place.id}/transitions`,
      { to: 'alumni' },
    );
    expect(noReason.status).toBe(400);
    expect(
      (
        await people.loyal!.client.post(`${BASE}/me/places/${place.id}/transitions`, {
          to: 'paused',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await people.loyal!.client.post(`${BASE}/me/places/${place.id}/transitions`, {
          to: 'alumni',
        })
      ).status,
    ).toBe(200);
    const [after] = await query<{ role: string }>(
      sql`select role from users where id = ${people.loyal!.id}`,
    );
    expect(after!.role).toBe('member');

    const history = await manager.get<{
      state: string;
      transitions: { fromState: string | null; toState: string; actorKind: string }[];
    }>(`${BASE}/members/${place.id}`);
    expect(
      history.body.transitions.map((t) => `${t.fromState}>${t.toState}:${t.actorKind}`),
    ).toEqual([
      'null>identified:manager',
      'identified>invited:manager',
      'invited>accepted:member',
      'accepted>onboarding:system',
      'onboarding>active:manager',
      'active>paused:member',
      'paused>alumni:member',
    ]);
    const audited = await query<{ action: string }>(
      sql`select action from audit_log where target_id = ${place.id} order by created_at`,
    );
    expect(audited.map((a) => a.action)).toEqual(Array(5).fill('ambassadors.transition'));
    // transitions are history: the application cannot rewrite them
    await expect(
      query(
        sql`update ambassador_transitions set reason = 'edited' where ambassador_id = ${place.id} returning id`,
      ),
    ).rejects.toThrow();
  });

  it('takes applications, which a manager decides', async () => {
    const applicant = await newMember('applicant');
    const applied = await applicant.client.post<Place>(
      `${BASE}/programs/${programId}/applications`,
      {
        message: 'I run a hiking club in Leeds',
      },
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(applied.body.state).toBe('applied');
    const again = await applicant.client.post(`${BASE}/programs/${programId}/applications`, {
      message: '',
    });
    expect(again.status).toBe(409);
    const staff = await people.staffer!.client.post<{ code: string }>(
      `${BASE}/programs/${programId}/applications`,
      {
        message: 'me too',
      },
    );
    expect(staff.status).toBe(403);
    const declined = await manager.post<{ code: string }>(
      `${BASE}/members/${applied.body.id}/transitions`,
      {
        to: 'declined',
      },
    );
    expect(declined.status).toBe(400);
    const approved = await manager.post<Place>(`${BASE}/members/${applied.body.id}/transitions`, {
      to: 'accepted',
    });
    expect(approved.body.state).toBe('onboarding');
    const pipeline = await manager.get<{ items: Place[]; counts: Record<string, number> }>(
      `${BASE}/programs/${programId}/pipeline?state=onboarding`,
    );
    expect(pipeline.body.items.map((p) => p.id)).toEqual([applied.body.id]);
    expect(pipeline.body.counts.onboarding).toBe(1);
    expect(pipeline.body.counts.alumni).toBe(1);
  });

  it('is for managers: members cannot read candidates or programs', async () => {
    const member = people.casual!;
    expect((await member.client.get(`${BASE}/programs`)).status).toBe(403);
    expect((await member.client.get(`${BASE}/programs/${programId}/candidates`)).status).toBe(403);
    expect((await member.client.post(`${BASE}/programs/${programId}/score-runs`, {})).status).toBe(
      403,
    );
  });

  it('refuses bad input with a clear error, never a server error', async () => {
    const forged = Buffer.from(
      JSON.stringify([1e308, '00000000-0000-0000-0000-000000000000']),
    ).toString('base64url');
    const cursor = await manager.get<{ error: { code: string } }>(
      `${BASE}/programs/${programId}/candidates?cursor=${forged}`,
    );
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.code).toBe('bad_cursor');

    const ancient = await manager.post<{ error: { message: string } }>(
      `${BASE}/programs/${programId}/score-runs`,
      { asOf: '1900-01-01T00:00:00Z' },
    );
    expect(ancient.status).toBe(400);
    expect(ancient.body.error.message).toMatch(/730 days/);

    const typo = await manager.patch<{ error: { message: string; details: { field: string } } }>(
      `${BASE}/programs/${programId}`,
      { weights: { spnd: 10 } },
    );
    expect(typo.status).toBe(400);
    expect(typo.body.error.details.field).toBe('weights.spnd');
    const text = await manager.patch(`${BASE}/programs/${programId}`, { weights: { spend: '10' } });
    expect(text.status).toBe(400);

    // a consent is recorded only from a real boolean
    const member = people.casual!;
    for (const granted of [1, 'true', null]) {
      const refused = await member.client.put<{ error: { details: { field: string } } }>(
        '/api/v1/privacy/consents/cookies',
        { granted },
      );
      expect(refused.status, String(granted)).toBe(400);
      expect(refused.body.error.details.field).toBe('granted');
    }

    // opting out while an application waits: it is not taken on
    const applicant = await newMember('changed_mind');
    const applied = await applicant.client.post<Place>(
      `${BASE}/programs/${programId}/applications`,
      {
        message: 'I would like to help',
      },
    );
    expect(applied.status).toBe(201);
    expect((await applicant.client.put(`${BASE}/me/opt-out`, { optedOut: true })).status).toBe(200);
    const accepted = await manager.post<{ error: { message: string } }>(
      `${BASE}/members/${applied.body.id}/transitions`,
      { to: 'accepted' },
    );
    expect(accepted.status).toBe(409);
    expect(accepted.body.error.message).toMatch(/asked not to be considered/);
  });
});
