/**
 * Ambassador missions over real HTTP, on PGlite and on PostgreSQL: REV-01 for review missions,
 * only active ambassadors in a mission's markets, the workload cap under parallel assignment,
 * evidence requirements, decisions (a reason to reject, approval paying once and recording
 * `mission_approved` once), declining, the missed-deadline sweep, burnout signals and the
 * ambassador's own view. Ambassadors hold signed contracts (docs/CONTRACTS.md); one without a
 * contract is refused missions and their incentives.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { sweepMissedDeadlines } from '../../src/ambassadors/missions/missions.js';
import { exampleTemplate } from '../../src/compliance/contracts/example-template.js';
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
let counter = 0;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/ambassadors';
const DAY = 86_400_000;
const CAP = 2;

interface Member {
  client: TestClient;
  id: string;
  username: string;
  placeId: string;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Mission {
  id: string;
  status: string;
  effectiveMarkets: string[];
}
interface Assignment {
  id: string;
  missionId: string;
  ambassadorId: string;
  status: string;
  declineReason: string | null;
}
interface Submission {
  id: string;
  version: number;
  status: string;
  decisionReason: string | null;
  secondsToDecision: number | null;
}
interface BulkResult {
  assigned: Assignment[];
  skipped: { ambassadorId: string; code: string; reason: string }[];
}

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

const future = (days = 14) => new Date(Date.now() + days * DAY).toISOString();

let programId: string;
const people: Record<string, Member> = {};

async function newMember(prefix: string): Promise<Omit<Member, 'placeId'>> {
  counter += 1;
  const account = await addMember(guild, tenantId, 'member', `${prefix}_${counter}`);
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const [row] = await query<{ id: string }>(
    sql`update users set region_id = (select id from regions where code = 'UK')
         where username = ${account.username} returning id`,
  );
  const consent = await client.put('/api/v1/privacy/consents/ambassador_scoring', {
    granted: true,
  });
  expect(consent.status).toBe(200);
  return { client, id: row!.id, username: account.username };
}

async function mission(body: Record<string, unknown>, program = programId) {
  return manager.post<Mission & ErrorBody>(`${BASE}/programs/${program}/missions`, {
    kind: 'post',
    title: 'Share your autumn outfit',
    dueAt: future(),
    status: 'open',
    ...body,
  });
}

async function openMission(body: Record<string, unknown> = {}): Promise<Mission> {
  const created = await mission(body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function assign(missionId: string, ambassadorIds: string[]) {
  return manager.post<BulkResult>(`${BASE}/missions/${missionId}/assignments`, { ambassadorIds });
}

async function assignOne(missionId: string, member: Member): Promise<Assignment> {
  const result = await assign(missionId, [member.placeId]);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  expect(result.body.skipped).toEqual([]);
  return result.body.assigned[0]!;
}

let templateId: string;

/** Offers the program's contract to the member for the next year and has them sign it. */
async function signContract(member: Member): Promise<string> {
  const offered = await manager.post<{ id: string }>(`${BASE}/contracts`, {
    templateId,
    ambassadorId: member.placeId,
    startsAt: new Date(Date.now() - DAY).toISOString(),
    endsAt: future(365),
  });
  expect(offered.status, JSON.stringify(offered.body)).toBe(201);
  const signed = await member.client.post<{ status: string }>(
    `${BASE}/me/contracts/${offered.body.id}/sign`,
  );
  expect(signed.body.status).toBe('signed');
  return offered.body.id;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const managerAccount = await addMember(guild, tenantId, 'manager');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(managerAccount);
  await query(sql`insert into regions (tenant_id, code, name, currency, locale, timezone)
    values (${tenantId}, 'FR', 'France', 'EUR', 'fr-FR', 'Europe/Paris') returning id`);

  const program = await manager.post<{ id: string }>(`${BASE}/programs`, {
    name: 'UK ambassadors',
    regionCode: 'UK',
    workloadCap: CAP,
  });
  expect(program.status, JSON.stringify(program.body)).toBe(201);
  programId = program.body.id;

  const names = ['racer', 'writer', 'tired', 'calm', 'traveller', 'newbie', 'unsigned'];
  const members: Record<string, Omit<Member, 'placeId'>> = {};
  for (const name of names) {
    members[name] = await newMember(name);
  }
  const started = await manager.post<{ id: string }>(
    `${BASE}/programs/${programId}/score-runs`,
    {},
  );
  expect(started.status).toBe(202);
  for (let i = 0; i < 300; i += 1) {
    const run = await manager.get<{ status: string }>(`${BASE}/score-runs/${started.body.id}`);
    if (run.body.status === 'done' || run.body.status === 'failed') {
      expect(run.body.status).toBe('done');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const identified = await manager.post<{
    identified: { id: string; userId: string }[];
    skipped: unknown[];
  }>(`${BASE}/programs/${programId}/pipeline`, {
    userIds: names.map((n) => members[n]!.id),
  });
  expect(identified.status).toBe(200);
  expect(identified.body.skipped, JSON.stringify(identified.body.skipped)).toEqual([]);
  for (const name of names) {
    const member = members[name]!;
    const placeId = identified.body.identified.find((p) => p.userId === member.id)!.id;
    expect(
      (await manager.post(`${BASE}/members/${placeId}/transitions`, { to: 'invited' })).status,
    ).toBe(200);
    const accepted = await member.client.post<{ state: string }>(
      `${BASE}/me/places/${placeId}/transitions`,
      { to: 'accepted' },
    );
    expect(accepted.body.state).toBe('onboarding');
    if (name !== 'newbie') {
      const active = await manager.post<{ state: string }>(
        `${BASE}/members/${placeId}/transitions`,
        { to: 'active' },
      );
      expect(active.body.state).toBe('active');
    }
    people[name] = { ...member, placeId };
  }
  // the traveller moved to France after joining
  await query(sql`update users set region_id = (select id from regions where code = 'FR')
                   where id = ${people.traveller!.id} returning id`);

  // every active ambassador but one signs the program's contract (UK and France)
  const template = await manager.post<{ id: string }>(
    `${BASE}/programs/${programId}/contract-templates`,
    { title: 'Ambassador agreement', body: exampleTemplate('Alpha'), markets: ['UK', 'FR'] },
  );
  expect(template.status, JSON.stringify(template.body)).toBe(201);
  templateId = template.body.id;
  const published = await manager.post(`${BASE}/contract-templates/${templateId}/publish`);
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  for (const name of names.filter((n) => n !== 'newbie' && n !== 'unsigned')) {
    await signContract(people[name]!);
  }
}, 120_000);

afterAll(async () => {
  await guild?.stop();
});

describe('missions', () => {
  it('refuses a review mission tied to a rating or sentiment (REV-01)', async () => {
    const starred = await mission({ kind: 'review', brief: 'Leave a 5-star review of the boots.' });
    expect(starred.status).toBe(422);
    expect(starred.body.error.code).toBe('sentiment_condition_refused');
    expect(starred.body.error.message).toContain('5-star');
    const paidForPraise = await mission({
      kind: 'review',
      brief: 'Review the boots on our shop.',
      incentiveText: 'A gift card for a positive review',
    });
    expect(paidForPraise.status).toBe(422);
    expect(paidForPraise.body.error.details?.fields).toEqual(['incentiveText']);
    const rateUs = await mission({ kind: 'review', brief: 'Please rate us at least 4 out of 5.' });
    expect(rateUs.status).toBe(422);

    // an honest review, whatever it says, is fine; so is a non-review mission mentioning stars
    const honest = await mission({
      kind: 'review',
      brief: 'Write an honest review of the boots: your opinion, good or bad, in your words.',
      incentivePoints: 50,
      status: 'draft',
    });
    expect(honest.status, JSON.stringify(honest.body)).toBe(201);
    const post = await mission({ kind: 'post', brief: 'Show the 5-star hotel you stayed in.' });
    expect(post.status).toBe(201);
    // turning a draft into a review mission checks its texts again
    const draft = await mission({
      kind: 'post',
      brief: 'Only if you loved it, say so.',
      status: 'draft',
    });
    expect(draft.status).toBe(201);
    const turned = await manager.patch<ErrorBody>(`${BASE}/missions/${draft.body.id}`, {
      kind: 'review',
    });
    expect(turned.status).toBe(422);
    expect(turned.body.error.code).toBe('sentiment_condition_refused');
  });

  it('moves draft → open → closed only, and a closed mission stays as it is', async () => {
    const draft = await mission({ status: 'draft' });
    const take = await people.writer!.client.post<ErrorBody>(
      `${BASE}/me/missions/${draft.body.id}/take`,
    );
    expect(take.status).toBe(409);
    expect(take.body.error.code).toBe('mission_closed');
    const opened = await manager.patch<Mission>(`${BASE}/missions/${draft.body.id}`, {
      status: 'open',
    });
    expect(opened.body.status).toBe('open');
    expect(opened.body.effectiveMarkets).toEqual(['UK']);
    const back = await manager.patch(`${BASE}/missions/${draft.body.id}`, { status: 'draft' });
    expect(back.status).toBe(409);
    const closed = await manager.patch<Mission>(`${BASE}/missions/${draft.body.id}`, {
      status: 'closed',
    });
    expect(closed.body.status).toBe('closed');
    const edit = await manager.patch<ErrorBody>(`${BASE}/missions/${draft.body.id}`, {
      title: 'Something else',
    });
    expect(edit.body.error.code).toBe('mission_closed');
    const assigned = await assign(draft.body.id, [people.writer!.placeId]);
    expect(assigned.status).toBe(409);
    // missions are never deleted by the application
    await expect(
      query(sql`delete from ambassador_missions where id = ${draft.body.id} returning id`),
    ).rejects.toThrow();
    // members cannot write missions
    expect(
      (
        await people.writer!.client.post(`${BASE}/programs/${programId}/missions`, {
          kind: 'post',
          title: 'Mine',
          dueAt: future(),
        })
      ).status,
    ).toBe(403);
  });
});

describe('assignments', () => {
  it('gives missions only to active ambassadors in the mission’s markets', async () => {
    const uk = await openMission({ title: 'Style the new scarf' });
    const unknown = '00000000-0000-4000-8000-000000000001';
    const result = await assign(uk.id, [
      people.writer!.placeId,
      people.traveller!.placeId,
      people.newbie!.placeId,
      unknown,
    ]);
    expect(result.status).toBe(200);
    expect(result.body.assigned.map((a) => a.ambassadorId)).toEqual([people.writer!.placeId]);
    const skipped = Object.fromEntries(result.body.skipped.map((s) => [s.ambassadorId, s]));
    expect(skipped[people.traveller!.placeId]!.reason).toMatch(/markets \(UK\)/);
    expect(skipped[people.newbie!.placeId]!.reason).toMatch(/not active.*onboarding/);
    expect(skipped[unknown]!.code).toBe('not_found');
    // the same mission twice is skipped
    const again = await assign(uk.id, [people.writer!.placeId]);
    expect(again.body.skipped[0]!.reason).toMatch(/already \(assigned\)/);

    const fr = await openMission({ title: 'Paris pop-up visit', kind: 'event', markets: ['fr'] });
    expect(fr.effectiveMarkets).toEqual(['FR']);
    const frResult = await assign(fr.id, [people.writer!.placeId, people.traveller!.placeId]);
    expect(frResult.body.assigned.map((a) => a.ambassadorId)).toEqual([people.traveller!.placeId]);
    const outOfMarket = await people.writer!.client.post<ErrorBody>(
      `${BASE}/me/missions/${fr.id}/take`,
    );
    expect(outOfMarket.status).toBe(403);

    // the ambassador is told
    const notices = await query<{ kind: string }>(
      sql`select kind from notifications where user_id = ${people.writer!.id}`,
    );
    expect(notices.map((n) => n.kind)).toEqual(['mission_assigned']);
    const audited = await query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'ambassadors.mission_assign'
           and target_id = ${uk.id}`,
    );
    expect(audited[0]!.n).toBe(1);
  });

  it('never takes an ambassador past the workload cap, even under parallel requests', async () => {
    const missions: Mission[] = [];
    for (let i = 0; i < 6; i += 1) {
      missions.push(await openMission({ title: `Race mission ${i}` }));
    }
    const racer = people.racer!;
    const outcomes = await Promise.all(
      missions.map(async (m, i) => {
        if (i % 2 === 0) {
          const bulk = await assign(m.id, [racer.placeId]);
          expect(bulk.status).toBe(200);
          return bulk.body.assigned.length === 1 ? 'ok' : bulk.body.skipped[0]!.code;
        }
        const taken = await racer.client.post<ErrorBody>(`${BASE}/me/missions/${m.id}/take`);
        return taken.status === 201 ? 'ok' : `${taken.status} ${taken.body.error.code}`;
      }),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(CAP);
    for (const outcome of outcomes.filter((o) => o !== 'ok')) {
      expect(outcome).toMatch(/workload_cap_reached/);
    }
    const [held] = await query<{ n: number }>(
      sql`select count(*)::int as n from ambassador_assignments
           where ambassador_id = ${racer.placeId}
             and status in ('assigned', 'submitted', 'changes_requested')`,
    );
    expect(held!.n).toBe(CAP);
    const mine = await racer.client.get<{
      openMissions: { id: string; canTake: boolean }[];
    }>(`${BASE}/me/missions`);
    expect(mine.body.openMissions.length).toBeGreaterThan(0);
    expect(mine.body.openMissions.every((m) => !m.canTake)).toBe(true);
  });

  it('lets the ambassador decline, with a reason', async () => {
    const m = await openMission({ title: 'Film an unboxing', kind: 'ugc' });
    const given = await assignOne(m.id, people.calm!);
    const silent = await people.calm!.client.post(`${BASE}/me/assignments/${given.id}/decline`, {
      reason: '   ',
    });
    expect(silent.status).toBe(400);
    const other = await people.writer!.client.post(`${BASE}/me/assignments/${given.id}/decline`, {
      reason: 'not mine',
    });
    expect(other.status).toBe(404);
    const declined = await people.calm!.client.post<Assignment>(
      `${BASE}/me/assignments/${given.id}/decline`,
      { reason: 'Travelling that week' },
    );
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    expect(declined.body.declineReason).toBe('Travelling that week');
  });
});

describe('evidence and decisions', () => {
  it('enforces what a mission requires and keeps versions', async () => {
    const m = await openMission({
      title: 'Post your hiking photos',
      evidenceRequired: ['link', 'media'],
      incentivePoints: 120,
    });
    const given = await assignOne(m.id, people.writer!);
    const send = (body: Record<string, unknown>) =>
      people.writer!.client.post<{ submission: Submission; assignment: Assignment } & ErrorBody>(
        `${BASE}/me/assignments/${given.id}/submissions`,
        body,
      );
    const textOnly = await send({ text: 'I posted it!' });
    expect(textOnly.status).toBe(400);
    expect(textOnly.body.error.details?.missing).toEqual(['link', 'media']);
    const script = await send({
      links: ['javascript:alert(1)'],
      media: [{ url: 'https://cdn.example.com/a.jpg', kind: 'image' }],
    });
    expect(script.status).toBe(400);
    const tooMany = await send({
      links: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}`),
      media: [{ url: 'https://cdn.example.com/a.jpg', kind: 'image' }],
    });
    expect(tooMany.status).toBe(400);
    const noMedia = await send({ links: ['https://social.example.com/p/1'] });
    expect(noMedia.body.error.details?.missing).toEqual(['media']);
    // another member cannot send evidence for this assignment
    const stranger = await people.calm!.client.post(
      `${BASE}/me/assignments/${given.id}/submissions`,
      { links: ['https://social.example.com/p/1'] },
    );
    expect(stranger.status).toBe(404);

    const first = await send({
      links: ['https://social.example.com/p/1'],
      media: [
        {
          url: 'https://cdn.example.com/a.jpg',
          kind: 'image',
          width: 1200,
          height: 800,
          altText: 'A ridge',
        },
      ],
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.submission.version).toBe(1);
    expect(first.body.assignment.status).toBe('submitted');
    const twice = await send({
      links: ['https://social.example.com/p/2'],
      media: [{ url: 'https://cdn.example.com/b.jpg', kind: 'image' }],
    });
    expect(twice.status).toBe(409);

    // a reason is needed to reject or ask for changes
    const bare = await manager.post<ErrorBody>(
      `${BASE}/submissions/${first.body.submission.id}/decision`,
      { decision: 'reject' },
    );
    expect(bare.status).toBe(400);
    expect(bare.body.error.details?.field).toBe('reason');
    const changes = await manager.post<{ submission: Submission; assignment: Assignment }>(
      `${BASE}/submissions/${first.body.submission.id}/decision`,
      { decision: 'request_changes', reason: 'Please add the #ad label' },
    );
    expect(changes.status).toBe(200);
    expect(changes.body.assignment.status).toBe('changes_requested');
    expect(changes.body.submission.secondsToDecision).toBeGreaterThanOrEqual(0);

    const second = await send({
      links: ['https://social.example.com/p/1'],
      media: [{ url: 'https://cdn.example.com/a2.jpg', kind: 'video' }],
    });
    expect(second.status).toBe(201);
    expect(second.body.submission.version).toBe(2);

    // approving twice, once of them in parallel with the first: one credit, one activity
    const decide = () =>
      manager.post<{ replayed: boolean; pointsCredited: number; assignment: Assignment }>(
        `${BASE}/submissions/${second.body.submission.id}/decision`,
        { decision: 'approve' },
      );
    const [a, b] = await Promise.all([decide(), decide()]);
    const third = await decide();
    for (const r of [a, b, third]) {
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.assignment.status).toBe('approved');
    }
    expect([a, b, third].map((r) => r.body.pointsCredited).sort()).toEqual([0, 0, 120]);
    expect([a, b, third].filter((r) => !r.body.replayed)).toHaveLength(1);
    const entries = await query<{ amount: string; source: string }>(
      sql`select amount, source from ledger_entries where idempotency_key = ${`mission-incentive:${given.id}`}`,
    );
    expect(entries).toHaveLength(1);
    expect(Number(entries[0]!.amount)).toBe(120);
    expect(entries[0]!.source).toBe('program');
    const activity = await query<{ kind: string; occurred_at: string }>(
      sql`select kind, occurred_at from member_activity where user_id = ${people.writer!.id}
           and kind = 'mission_approved'`,
    );
    expect(activity).toHaveLength(1);
    const rejectLater = await manager.post(
      `${BASE}/submissions/${second.body.submission.id}/decision`,
      { decision: 'reject', reason: 'changed my mind' },
    );
    expect(rejectLater.status).toBe(409);
    const audited = await query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'ambassadors.mission_decision'
           and target_id in (${first.body.submission.id}, ${second.body.submission.id})`,
    );
    expect(audited[0]!.n).toBe(2);

    // the ambassador's own view
    const mine = await people.writer!.client.get<{
      assignments: (Assignment & { submissions: Submission[] })[];
      incentivesEarned: number;
    }>(`${BASE}/me/missions`);
    expect(mine.status).toBe(200);
    const seen = mine.body.assignments.find((x) => x.id === given.id)!;
    expect(seen.status).toBe('approved');
    expect(seen.submissions.map((s) => `${s.version}:${s.status}:${s.decisionReason}`)).toEqual([
      '1:changes_requested:Please add the #ad label',
      '2:approved:null',
    ]);
    expect(mine.body.incentivesEarned).toBe(120);
    // re-applying the point rules does not take the incentive back (no rule pays for missions)
    const backfill = await manager.post<{ id: string }>('/api/v1/gamification/rules/backfill');
    expect(backfill.status).toBe(202);
    let run: { status: string; adjusted: number } | null = null;
    for (let i = 0; i < 150 && run?.status !== 'done'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = (
        await manager.get<{ status: string; adjusted: number }>(
          `/api/v1/gamification/rules/backfill/${backfill.body.id}`,
        )
      ).body;
    }
    expect(run).toMatchObject({ status: 'done', adjusted: 0 });
    const after = await people.writer!.client.get<{ incentivesEarned: number }>(
      `${BASE}/me/missions`,
    );
    expect(after.body.incentivesEarned).toBe(120);
    // managers' routes are not theirs
    expect((await people.writer!.client.get(`${BASE}/programs/${programId}/workload`)).status).toBe(
      403,
    );
  });
});

describe('deadlines and burnout', () => {
  it('marks assignments past due without evidence as missed', async () => {
    const m = await openMission({ title: 'Late mission', kind: 'referral' });
    const given = await assignOne(m.id, people.calm!);
    const other = await openMission({ title: 'On-time mission', kind: 'referral' });
    const kept = await assignOne(other.id, people.calm!);
    await query(sql`update ambassador_assignments set due_at = now() - interval '1 hour'
                     where id = ${given.id} returning id`);
    expect(await sweepMissedDeadlines(guild.db)).toBe(1);
    expect(await sweepMissedDeadlines(guild.db)).toBe(0);
    const rows = await query<{ id: string; status: string }>(
      sql`select id, status from ambassador_assignments where id in (${given.id}, ${kept.id})`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [given.id]: 'missed',
      [kept.id]: 'assigned',
    });
    const late = await people.calm!.client.post<ErrorBody>(
      `${BASE}/me/assignments/${given.id}/submissions`,
      { text: 'sorry, late' },
    );
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('mission_closed');
  });

  it('shows each ambassador’s load and burnout signals, most signals first', async () => {
    const tired = people.tired!;
    // hand-made history: 20 missions written straight into the database
    const missionIds = await query<{ id: string }>(
      sql`insert into ambassador_missions (tenant_id, program_id, kind, title, due_at, status)
          select ${tenantId}, ${programId}, 'post', 'History ' || i, now() + interval '30 days',
                 'closed'
            from generate_series(1, 20) as i
          returning id`,
    );
    let next = 0;
    const add = async (spec: {
      status: string;
      assignedDaysAgo: number;
      answeredAfterDays?: number;
      dueDaysAgo?: number;
    }) => {
      const id = missionIds[next++]!.id;
      const assigned = new Date(Date.now() - spec.assignedDaysAgo * DAY);
      const answered =
        spec.answeredAfterDays === undefined
          ? null
          : new Date(assigned.getTime() + spec.answeredAfterDays * DAY).toISOString();
      const due = new Date(Date.now() - (spec.dueDaysAgo ?? -10) * DAY);
      await query(sql`insert into ambassador_assignments (tenant_id, mission_id, ambassador_id,
            user_id, status, source, due_at, incentive_points, decline_reason, assigned_at,
            answered_at)
          values (${tenantId}, ${id}, ${tired.placeId}, ${tired.id}, ${spec.status}, 'manager',
            ${due.toISOString()}, 0,
            ${spec.status === 'declined' ? 'busy' : null}, ${assigned.toISOString()}, ${answered})
          returning id`);
    };
    // 60 days before: 10 assignments, 9 answered within 7 days (one declined), one missed → 90%
    for (let i = 0; i < 8; i += 1) {
      await add({ status: 'approved', assignedDaysAgo: 35 + i * 5, answeredAfterDays: 2 });
    }
    await add({ status: 'declined', assignedDaysAgo: 50, answeredAfterDays: 1 });
    await add({ status: 'missed', assignedDaysAgo: 60, dueDaysAgo: 45 });
    // the last 30 days: 5 counted, 2 answered in time (one answered too late) → 40%
    await add({ status: 'approved', assignedDaysAgo: 25, answeredAfterDays: 3 });
    await add({ status: 'approved', assignedDaysAgo: 20, answeredAfterDays: 5 });
    await add({ status: 'approved', assignedDaysAgo: 22, answeredAfterDays: 12 });
    await add({ status: 'missed', assignedDaysAgo: 18, dueDaysAgo: 9 });
    await add({ status: 'rejected', assignedDaysAgo: 15 });
    // now: two open (new, not counted for the response rate yet) → at the cap
    await add({ status: 'assigned', assignedDaysAgo: 1 });
    await add({ status: 'assigned', assignedDaysAgo: 2 });
    // missed long ago: outside the 90 days
    await add({ status: 'missed', assignedDaysAgo: 130, dueDaysAgo: 100 });

    const workload = await manager.get<{
      items: {
        ambassadorId: string;
        open: number;
        cap: number;
        loadShare: number;
        missed90Days: number;
        responseRate: {
          last30Days: { assignments: number; answered: number; percent: number | null };
          previous60Days: { assignments: number; answered: number; percent: number | null };
        };
        signals: string[];
        state: string;
      }[];
    }>(`${BASE}/programs/${programId}/workload`);
    expect(workload.status, JSON.stringify(workload.body)).toBe(200);
    const first = workload.body.items[0]!;
    expect(first.ambassadorId).toBe(tired.placeId);
    expect(first.open).toBe(2);
    expect(first.cap).toBe(CAP);
    expect(first.loadShare).toBe(1);
    expect(first.missed90Days).toBe(2);
    expect(first.responseRate.last30Days).toEqual({ assignments: 5, answered: 2, percent: 40 });
    expect(first.responseRate.previous60Days).toEqual({
      assignments: 10,
      answered: 9,
      percent: 90,
    });
    expect(first.signals).toEqual([
      'load near the cap',
      'missed 2 deadlines in 90 days',
      'responding less: 40% in the last 30 days against 90% before',
    ]);
    const counts = workload.body.items.map((i) => i.signals.length);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    // onboarding members are not listed; active ones without load carry no signal
    const listed = workload.body.items.map((i) => i.ambassadorId);
    expect(listed).not.toContain(people.newbie!.placeId);
    const traveller = workload.body.items.find(
      (i) => i.ambassadorId === people.traveller!.placeId,
    )!;
    expect(traveller.signals).toEqual([]);
    expect(traveller.open).toBe(1);
  });
});

describe('contracts', () => {
  it('gives no mission to an ambassador without a signed, current contract', async () => {
    const unsigned = people.unsigned!;
    const m = await openMission({ title: 'Contract first' });
    const bulk = await assign(m.id, [unsigned.placeId, people.calm!.placeId]);
    expect(bulk.status).toBe(200);
    expect(bulk.body.assigned.map((a) => a.ambassadorId)).toEqual([people.calm!.placeId]);
    expect(bulk.body.skipped).toEqual([
      expect.objectContaining({ ambassadorId: unsigned.placeId, code: 'contract_required' }),
    ]);
    const taken = await unsigned.client.post<ErrorBody>(`${BASE}/me/missions/${m.id}/take`);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('contract_required');
    expect(taken.body.error.details).toMatchObject({ programId, region: 'UK' });
    const mine = await unsigned.client.get<{
      openMissions: { id: string; canTake: boolean; whyNot: string | null }[];
    }>(`${BASE}/me/missions`);
    const seen = mine.body.openMissions.find((o) => o.id === m.id)!;
    expect(seen.canTake).toBe(false);
    expect(seen.whyNot).toMatch(/contract/);
  });

  it('pays no incentive once the contract is terminated, and pays after a new one is signed', async () => {
    const unsigned = people.unsigned!;
    const contractId = await signContract(unsigned);
    const m = await openMission({ title: 'Paid mission', incentivePoints: 40, kind: 'referral' });
    const given = await assignOne(m.id, unsigned);
    const sent = await unsigned.client.post<{ submission: Submission }>(
      `${BASE}/me/assignments/${given.id}/submissions`,
      { text: 'Referred two friends.' },
    );
    expect(sent.status).toBe(201);
    const ended = await manager.post(`${BASE}/contracts/${contractId}/terminate`, {
      reason: 'Broke the disclosure rules twice',
    });
    expect(ended.status).toBe(200);
    const approve = () =>
      manager.post<ErrorBody & { pointsCredited: number }>(
        `${BASE}/submissions/${sent.body.submission.id}/decision`,
        { decision: 'approve' },
      );
    const refused = await approve();
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('contract_required');
    const credited = await query<{ n: number }>(
      sql`select count(*)::int as n from ledger_entries
           where idempotency_key = ${`mission-incentive:${given.id}`}`,
    );
    expect(credited[0]!.n).toBe(0);
    const [still] = await query<{ status: string }>(
      sql`select status from ambassador_submissions where id = ${sent.body.submission.id}`,
    );
    expect(still!.status).toBe('pending');

    await signContract(unsigned);
    const paid = await approve();
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.pointsCredited).toBe(40);
  });
});
