/**
 * Ambassador feedback and retention over real HTTP, on PGlite and on PostgreSQL: surveys
 * (invitations to active and paused ambassadors in-app and, with consent, by e-mail; one answer
 * each; answers checked; closed surveys refused), results with NPS, averages, free-text
 * sentiment and a split by region, anonymity, the iteration log, the retention rate on a
 * hand-computed fixture, churn risk and alumni.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
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

interface Member {
  client: TestClient;
  id: string;
  username: string;
}
interface Place {
  id: string;
  state: string;
}
interface ErrorBody {
  error: { code: string; details?: Record<string, unknown> };
}
interface Survey {
  id: string;
  status: string;
  anonymous: boolean;
  questions: { id: string; kind: string; prompt: string; options: string[] }[];
}
interface Group {
  regionCode?: string | null;
  invited: number;
  responded: number;
  responseRate: number | null;
  suppressed: boolean;
  nps: { score: number | null; promoters: number; passives: number; detractors: number } | null;
  questions: {
    questionId: string;
    average: number | null;
    distribution: { value: string; count: number }[];
    sentiment: { positive: number; neutral: number; negative: number } | null;
    examples: { text: string; label: string; author: { username: string } | null }[];
  }[];
}
interface Results {
  total: Group;
  regions: Group[];
}

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function newMember(prefix: string, region: 'UK' | 'FR' | null): Promise<Member> {
  counter += 1;
  const account = await addMember(guild, tenantId, 'member', `${prefix}_${counter}`);
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const [row] = await query<{ id: string }>(
    sql`update users set region_id = (select id from regions where code = ${region})
         where username = ${account.username} returning id`,
  );
  return { client, id: row!.id, username: account.username };
}

/** Applies, is accepted (onboarding) and, unless told otherwise, made active by the manager. */
async function join(member: Member, programId: string, activate = true): Promise<Place> {
  const applied = await member.client.post<Place>(`${BASE}/programs/${programId}/applications`, {
    message: 'I would like to help',
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const accepted = await manager.post<Place>(`${BASE}/members/${applied.body.id}/transitions`, {
    to: 'accepted',
  });
  expect(accepted.body.state).toBe('onboarding');
  if (!activate) {
    return accepted.body;
  }
  const active = await manager.post<Place>(`${BASE}/members/${applied.body.id}/transitions`, {
    to: 'active',
  });
  expect(active.body.state).toBe('active');
  return active.body;
}

async function newProgram(name: string): Promise<string> {
  const created = await manager.post<{ id: string }>(`${BASE}/programs`, { name });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function activity(member: Member, kind: string, daysAgo: number) {
  counter += 1;
  const when = new Date(Date.now() - daysAgo * DAY);
  await query(
    sql`insert into member_activity (tenant_id, user_id, kind, cause_key, own, occurred_at,
          local_day)
        values (${tenantId}, ${member.id}, ${kind}, ${`test-${counter}`}, true,
                ${when.toISOString()}, ${when.toISOString().slice(0, 10)})
        returning id`,
  );
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  await query(
    sql`insert into regions (tenant_id, code, name, currency, locale, timezone)
        values (${tenantId}, 'FR', 'France', 'EUR', 'fr-FR', 'Europe/Paris') returning id`,
  );
  const managerAccount = await addMember(guild, tenantId, 'manager');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(managerAccount);
}, 60_000);

afterAll(async () => {
  await guild?.stop();
});

describe('surveys', () => {
  let programId: string;
  const people: Record<string, Member> = {};
  const places: Record<string, Place> = {};
  let namedId: string;

  beforeAll(async () => {
    programId = await newProgram('Trail ambassadors');
    for (const [name, region] of [
      ['ann', 'UK'],
      ['bob', 'UK'],
      ['cat', 'UK'],
      ['dan', 'FR'],
      ['eve', 'FR'],
      ['fay', 'UK'],
    ] as const) {
      people[name] = await newMember(name, region);
      places[name] = await join(people[name], programId, name !== 'fay');
    }
    // eve pauses herself; fay stays in onboarding
    const paused = await people.eve!.client.post<Place>(
      `${BASE}/me/places/${places.eve!.id}/transitions`,
      { to: 'paused' },
    );
    expect(paused.body.state).toBe('paused');
    const granted = await people.ann!.client.put<{ granted: boolean }>(
      '/api/v1/privacy/consents/marketing_email',
      { granted: true },
    );
    expect(granted.body.granted).toBe(true);
  }, 60_000);

  it('are written as drafts with an NPS question and checked questions', async () => {
    const bad = await manager.post<ErrorBody>(`${BASE}/programs/${programId}/surveys`, {
      title: 'Spring check-in',
      questions: [{ kind: 'choice', prompt: 'Pick one', options: ['only'] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');

    const created = await manager.post<Survey>(`${BASE}/programs/${programId}/surveys`, {
      title: 'Spring check-in',
      anonymous: false,
      questions: [
        { kind: 'scale', prompt: 'How useful are the missions?' },
        { kind: 'choice', prompt: 'Where do you help most?', options: ['In store', 'Online'] },
        { kind: 'text', prompt: 'What should we change?' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.status).toBe('draft');
    expect(created.body.questions.map((q) => `${q.id}:${q.kind}`)).toEqual([
      'nps:nps',
      'q1:scale',
      'q2:choice',
      'q3:text',
    ]);
    expect(created.body.questions[0]!.prompt).toBe(
      'How likely are you to recommend our ambassador program to a friend?',
    );
    namedId = created.body.id;

    // nobody is invited to a draft
    const early = await people.ann!.client.post<ErrorBody>(
      `${BASE}/me/surveys/${namedId}/responses`,
      { answers: { nps: 9, q1: 4, q2: 'Online' } },
    );
    expect(early.status).toBe(404);
  });

  it('invite active and paused ambassadors in-app, and by e-mail with consent', async () => {
    const opened = await manager.post<{ survey: Survey; invited: number; emailed: number }>(
      `${BASE}/surveys/${namedId}/open`,
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ invited: 5, emailed: 1, survey: { status: 'open' } });
    expect((await manager.post(`${BASE}/surveys/${namedId}/open`)).status).toBe(409);
    // questions are fixed once open
    expect((await manager.patch(`${BASE}/surveys/${namedId}`, { title: 'Renamed' })).status).toBe(
      409,
    );

    const invited = await query<{ user_id: string; state: string }>(
      sql`select user_id, state from ambassador_survey_invitations where survey_id = ${namedId}`,
    );
    const names = (ids: string[]) =>
      Object.entries(people)
        .filter(([, m]) => ids.includes(m.id))
        .map(([name]) => name)
        .sort();
    expect(names(invited.map((i) => i.user_id))).toEqual(['ann', 'bob', 'cat', 'dan', 'eve']);
    expect(invited.find((i) => i.user_id === people.eve!.id)!.state).toBe('paused');
    const notified = await query<{ user_id: string }>(
      sql`select user_id from notifications where kind = 'ambassador_survey'`,
    );
    expect(names(notified.map((n) => n.user_id))).toEqual(['ann', 'bob', 'cat', 'dan', 'eve']);
    const mail = await query<{ user_id: string; subject: string }>(
      sql`select user_id, subject from outbound_emails where kind = 'ambassador_survey'`,
    );
    expect(names(mail.map((m) => m.user_id))).toEqual(['ann']);
    expect(mail[0]!.subject).toBe('Trail ambassadors: Spring check-in');

    const inbox = await people.ann!.client.get<{ items: { kind: string }[] }>(
      '/api/v1/notifications',
    );
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    expect(inbox.body.items.map((n) => n.kind)).toContain('ambassador_survey');
    const mine = await people.ann!.client.get<{ items: { id: string; responded: boolean }[] }>(
      `${BASE}/me/surveys`,
    );
    expect(mine.body.items).toEqual([expect.objectContaining({ id: namedId, responded: false })]);
    expect(
      (await people.fay!.client.get<{ items: unknown[] }>(`${BASE}/me/surveys`)).body.items,
    ).toEqual([]);
  });

  it('take one answer per member, checked against the questions, with sentiment', async () => {
    const answer = (name: string, answers: Record<string, number | string>) =>
      people[name]!.client.post<
        ErrorBody & { sentiments: Record<string, { label: string; score: number }> }
      >(`${BASE}/me/surveys/${namedId}/responses`, { answers });

    const ann = await answer('ann', {
      nps: 10,
      q1: 5,
      q2: 'Online',
      q3: 'I love this program, the team is wonderful and the events are great fun!',
    });
    expect(ann.status, JSON.stringify(ann.body)).toBe(201);
    expect(ann.body.sentiments.q3!.label).toBe('positive');
    const twice = await answer('ann', { nps: 2, q1: 1, q2: 'Online' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_responded');

    const outOfRange = await answer('bob', { nps: 11, q1: 4, q2: 'In store' });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.details?.field).toBe('answers.nps');
    const notAnOption = await answer('bob', { nps: 9, q1: 4, q2: 'By post' });
    expect(notAnOption.status).toBe(400);
    expect((await answer('bob', { nps: 9, q1: 4, q2: 'In store' })).status).toBe(201);

    const cat = await answer('cat', {
      nps: 3,
      q1: 2,
      q2: 'Online',
      q3: 'Terrible experience. The missions are boring and the support is awful.',
    });
    expect(cat.body.sentiments.q3!.label).toBe('negative');
    expect((await answer('dan', { nps: 8, q1: 3, q2: 'Online' })).status).toBe(201);
    // fay (onboarding) was not invited
    expect((await answer('fay', { nps: 8, q1: 3, q2: 'Online' })).status).toBe(404);

    const closed = await manager.post<Survey>(`${BASE}/surveys/${namedId}/close`);
    expect(closed.body.status).toBe('closed');
    const late = await answer('eve', { nps: 9, q1: 3, q2: 'Online' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('survey_closed');
  });

  it('give NPS, averages, distributions and sentiment, by region and in total', async () => {
    const results = await manager.get<Results>(`${BASE}/surveys/${namedId}/results`);
    expect(results.status, JSON.stringify(results.body)).toBe(200);
    const { total, regions } = results.body;
    // 5 invited (eve never answered), 4 answered; NPS 10, 9, 3, 8: 2 promoters, 1 passive,
    // 1 detractor → (2 − 1) / 4 = 25
    expect(total).toMatchObject({ invited: 5, responded: 4, responseRate: 0.8, suppressed: false });
    expect(total.nps).toMatchObject({ score: 25, promoters: 2, passives: 1, detractors: 1 });
    const q = (group: Group, id: string) => group.questions.find((x) => x.questionId === id)!;
    // (5 + 4 + 2 + 3) / 4
    expect(q(total, 'q1').average).toBe(3.5);
    expect(q(total, 'q2').distribution).toEqual([
      { value: 'In store', count: 1 },
      { value: 'Online', count: 3 },
    ]);
    expect(q(total, 'q3').sentiment).toMatchObject({ positive: 1, neutral: 0, negative: 1 });
    // a named survey shows who wrote each comment
    expect(
      q(total, 'q3')
        .examples.map((e) => `${e.label}:${e.author?.username}`)
        .sort(),
    ).toEqual([`negative:${people.cat!.username}`, `positive:${people.ann!.username}`]);

    const uk = regions.find((r) => r.regionCode === 'UK')!;
    const fr = regions.find((r) => r.regionCode === 'FR')!;
    // UK: ann 10, bob 9, cat 3 → (2 − 1) / 3 = 33.3; all three invited answered
    expect(uk).toMatchObject({ invited: 3, responded: 3, responseRate: 1 });
    expect(uk.nps).toMatchObject({ score: 33.3, promoters: 2, detractors: 1 });
    // FR: dan 8 (passive), eve invited but silent
    expect(fr).toMatchObject({ invited: 2, responded: 1, responseRate: 0.5 });
    expect(fr.nps).toMatchObject({ score: 0, passives: 1 });
    expect(regions.map((r) => r.regionCode)).toEqual(['FR', 'UK']);

    const listed = await manager.get<{
      items: { id: string; responseRate: number; nps: { score: number } }[];
    }>(`${BASE}/programs/${programId}/surveys`);
    expect(listed.body.items.find((s) => s.id === namedId)).toMatchObject({
      responseRate: 0.8,
      nps: { score: 25 },
    });
    expect((await people.ann!.client.get(`${BASE}/surveys/${namedId}/results`)).status).toBe(403);
  });

  it('keep anonymous answers apart from who gave them', async () => {
    const created = await manager.post<Survey>(`${BASE}/programs/${programId}/surveys`, {
      title: 'Anonymous pulse',
      questions: [{ kind: 'text', prompt: 'Tell us anything' }],
    });
    expect(created.body.anonymous).toBe(true);
    const id = created.body.id;
    expect((await manager.post(`${BASE}/surveys/${id}/open`)).status).toBe(200);
    const texts: Record<string, string> = {
      ann: 'Wonderful people, I am happy here',
      bob: 'Great events, thank you',
      cat: 'Awful scheduling, very frustrating',
      dan: 'Nothing to add',
    };
    for (const [name, nps] of [
      ['ann', 9],
      ['bob', 10],
      ['cat', 2],
      ['dan', 7],
    ] as const) {
      const given = await people[name]!.client.post(`${BASE}/me/surveys/${id}/responses`, {
        answers: { nps, q1: texts[name] },
      });
      expect(given.status, JSON.stringify(given.body)).toBe(201);
    }
    const twice = await people.ann!.client.post<ErrorBody>(`${BASE}/me/surveys/${id}/responses`, {
      answers: { nps: 1 },
    });
    expect(twice.body.error.code).toBe('already_responded');

    const stored = await query<{ user_id: string | null }>(
      sql`select user_id from ambassador_survey_responses where survey_id = ${id}`,
    );
    expect(stored).toHaveLength(4);
    expect(stored.every((r) => r.user_id === null)).toBe(true);

    const results = await manager.get<Results>(`${BASE}/surveys/${id}/results`);
    const body = JSON.stringify(results.body);
    for (const member of Object.values(people)) {
      expect(body).not.toContain(member.username);
      expect(body).not.toContain(member.id);
    }
    // 2 promoters, 1 passive, 1 detractor → 25; the comments come without names
    expect(results.body.total.nps).toMatchObject({ score: 25 });
    const examples = results.body.total.questions.find((q) => q.questionId === 'q1')!.examples;
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.every((e) => e.author === null)).toBe(true);
    // FR has one answer (dan's): too few to show without giving him away
    const fr = results.body.regions.find((r) => r.regionCode === 'FR')!;
    expect(fr).toMatchObject({ responded: 1, suppressed: true, nps: null, questions: [] });
    expect(results.body.regions.find((r) => r.regionCode === 'UK')!.suppressed).toBe(false);
  });

  it('rate churn risk from completions, pauses, detractor answers and activity', async () => {
    await activity(people.ann!, 'mission_approved', 5);
    for (const days of [2, 9, 15, 20]) {
      await activity(people.ann!, 'post_published', days);
    }
    // cat: never completed a mission, said 3 of 10 in the named survey, went quiet
    for (const days of [35, 40, 50, 60, 70, 80]) {
      await activity(people.cat!, 'comment_published', days);
    }
    // eve: paused, last completion 40 days ago; a withdrawn later one does not count
    await activity(people.eve!, 'mission_approved', 40);
    await activity(people.eve!, 'mission_approved', 3);
    await query(
      sql`update member_activity set withdrawn_at = now()
           where user_id = ${people.eve!.id} and occurred_at > now() - interval '10 days'
           returning id`,
    );
    const risk = await manager.get<{
      items: {
        username: string;
        score: number;
        level: string;
        reasons: { signal: string; text: string }[];
      }[];
    }>(`${BASE}/programs/${programId}/churn-risk`);
    expect(risk.status, JSON.stringify(risk.body)).toBe(200);
    const of = (name: string) =>
      risk.body.items.find((r) => r.username === people[name]!.username)!;
    expect(of('ann')).toMatchObject({ score: 0, level: 'low', reasons: [] });
    expect(of('cat')).toMatchObject({ score: 80, level: 'high' });
    expect(of('cat').reasons.map((r) => r.signal)).toEqual([
      'noRecentCompletion',
      'detractor',
      'decliningActivity',
    ]);
    expect(of('eve')).toMatchObject({ score: 40, level: 'medium' });
    expect(of('eve').reasons.map((r) => r.text)).toEqual([
      'last completed a mission 40 days ago; it stops counting after 60',
      'is paused',
    ]);
    // highest first; fay (onboarding) is not an ambassador yet
    expect(risk.body.items[0]!.username).toBe(people.cat!.username);
    expect(risk.body.items.some((r) => r.username === people.fay!.username)).toBe(false);
  });

  it('lists who left, from where and why', async () => {
    const ended = await manager.post(`${BASE}/members/${places.fay!.id}/transitions`, {
      to: 'alumni',
      reason: 'Moved abroad',
    });
    expect(ended.status).toBe(200);
    const alumni = await manager.get<{
      items: { username: string; fromState: string; reason: string; actorKind: string }[];
    }>(`${BASE}/programs/${programId}/alumni`);
    expect(alumni.body.items).toEqual([
      expect.objectContaining({
        username: people.fay!.username,
        fromState: 'onboarding',
        reason: 'Moved abroad',
        actorKind: 'manager',
      }),
    ]);
  });

  it('keeps an iteration log, newest first, audited', async () => {
    const first = await manager.post<{ id: string; on: string }>(
      `${BASE}/programs/${programId}/iterations`,
      {
        title: 'Fewer missions a month',
        change: 'Cut the monthly missions from four to two after the spring check-in.',
        surveyIds: [namedId],
        on: '2026-04-02',
      },
    );
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.on).toBe('2026-04-02');
    const second = await manager.post(`${BASE}/programs/${programId}/iterations`, {
      title: 'Regional meet-ups',
      change: 'A meet-up each quarter in each region.',
      on: '2026-06-10',
    });
    expect(second.status).toBe(201);
    const stranger = await manager.post<ErrorBody>(`${BASE}/programs/${programId}/iterations`, {
      title: 'Unknown survey',
      change: 'x',
      surveyIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(stranger.status).toBe(400);
    const log = await manager.get<{
      items: { title: string; surveyIds: string[]; author: { userId: string } }[];
    }>(`${BASE}/programs/${programId}/iterations`);
    expect(log.body.items.map((i) => i.title)).toEqual([
      'Regional meet-ups',
      'Fewer missions a month',
    ]);
    expect(log.body.items[1]!.surveyIds).toEqual([namedId]);
    const audited = await query<{ action: string }>(
      sql`select action from audit_log where action = 'ambassadors.iteration_log'`,
    );
    expect(audited).toHaveLength(2);
  });
});

describe('retention rate', () => {
  /**
   * P = 2026-01-01 .. 2026-03-31: start 2026-01-01T00:00Z, end 2026-03-31T23:59:59.999Z; the
   * 60-day window for completions runs after 2026-01-30T23:59:59.999Z.
   *
   *   A (UK)  active since 2025-10-01, still active, completion 2026-03-10            → retained
   *   B (UK)  active at the start, alumni 2026-02-15 (completion 2026-02-01)          → left
   *   C (FR)  active at the start, still active, last completion 2026-01-15 (too old;
   *           one on 2026-04-02 is after P)                                           → not retained
   *   D (FR)  active at the start, paused 2026-03-01, completion 2026-02-20           → retained
   *   E (UK)  active only from 2026-01-10                                              → not counted
   *   F (FR)  paused at the start (resumed 2026-01-20)                                 → not counted
   *   G (UK)  active at the start, alumni 2026-02-01, identified again 2026-03-01     → left
   *   H (--)  active from 2026-01-01T00:00Z exactly, completion 2026-01-31T00:00Z     → retained
   *
   * 3 (A, D, H) of 6 (A, B, C, D, G, H) = 0.5. UK 1/3, FR 1/2, no region 1/1.
   */
  it('follows the definition on a hand-computed fixture', async () => {
    const programId = await newProgram('Retention fixture');
    const steps = (since: string) =>
      [
        [null, 'identified', '2025-06-01T10:00:00Z'],
        ['identified', 'invited', '2025-06-02T10:00:00Z'],
        ['invited', 'accepted', '2025-06-03T10:00:00Z'],
        ['accepted', 'onboarding', '2025-06-03T10:00:01Z'],
        ['onboarding', 'active', since],
      ] as [string | null, string, string][];
    const fixture: [string, 'UK' | 'FR' | null, [string | null, string, string][], string[]][] = [
      ['A', 'UK', steps('2025-10-01T09:00:00Z'), ['2026-03-10T12:00:00Z']],
      [
        'B',
        'UK',
        [...steps('2025-10-01T09:00:00Z'), ['active', 'alumni', '2026-02-15T08:00:00Z']],
        ['2026-02-01T12:00:00Z'],
      ],
      ['C', 'FR', steps('2025-11-01T09:00:00Z'), ['2026-01-15T12:00:00Z', '2026-04-02T12:00:00Z']],
      [
        'D',
        'FR',
        [...steps('2025-09-01T09:00:00Z'), ['active', 'paused', '2026-03-01T08:00:00Z']],
        ['2026-02-20T12:00:00Z'],
      ],
      ['E', 'UK', steps('2026-01-10T09:00:00Z'), ['2026-03-20T12:00:00Z']],
      [
        'F',
        'FR',
        [
          ...steps('2025-10-01T09:00:00Z'),
          ['active', 'paused', '2025-12-01T08:00:00Z'],
          ['paused', 'active', '2026-01-20T08:00:00Z'],
        ],
        ['2026-03-01T12:00:00Z'],
      ],
      [
        'G',
        'UK',
        [
          ...steps('2025-10-01T09:00:00Z'),
          ['active', 'alumni', '2026-02-01T08:00:00Z'],
          ['alumni', 'identified', '2026-03-01T08:00:00Z'],
        ],
        ['2026-03-15T12:00:00Z'],
      ],
      ['H', null, steps('2026-01-01T00:00:00Z'), ['2026-01-31T00:00:00Z']],
    ];
    for (const [name, region, transitions, completions] of fixture) {
      const member = await newMember(`ret${name}`, region);
      const [place] = await query<{ id: string }>(
        sql`insert into ambassadors (tenant_id, program_id, user_id, state, source)
            values (${tenantId}, ${programId}, ${member.id}, ${transitions.at(-1)![1]}, 'manual')
            returning id`,
      );
      for (const [from, to, at] of transitions) {
        await query(
          sql`insert into ambassador_transitions (tenant_id, ambassador_id, from_state, to_state,
                actor_kind, reason, at)
              values (${tenantId}, ${place!.id}, ${from}, ${to}, 'manager',
                      ${to === 'alumni' ? 'Stepped down' : null}, ${at})
              returning id`,
        );
      }
      for (const at of completions) {
        counter += 1;
        await query(
          sql`insert into member_activity (tenant_id, user_id, kind, cause_key, own, occurred_at,
                local_day)
              values (${tenantId}, ${member.id}, 'mission_approved', ${`fixture-${counter}`},
                      true, ${at}, ${at.slice(0, 10)})
              returning id`,
        );
      }
    }
    const retention = await manager.get<{
      numerator: number;
      denominator: number;
      rate: number | null;
      definition: string;
      regions: { regionCode: string | null; numerator: number; denominator: number }[];
    }>(`${BASE}/programs/${programId}/retention?from=2026-01-01&to=2026-03-31&byRegion=true`);
    expect(retention.status, JSON.stringify(retention.body)).toBe(200);
    expect(retention.body).toMatchObject({ numerator: 3, denominator: 6, rate: 0.5 });
    expect(retention.body.definition).toContain('60 days');
    expect(retention.body.regions).toEqual([
      { regionCode: 'FR', numerator: 1, denominator: 2, rate: 0.5 },
      { regionCode: 'UK', numerator: 1, denominator: 3, rate: 0.3333 },
      { regionCode: null, numerator: 1, denominator: 1, rate: 1 },
    ]);
    // before anyone was active: nothing to divide by
    const empty = await manager.get<{ denominator: number; rate: number | null }>(
      `${BASE}/programs/${programId}/retention?from=2025-01-01&to=2025-03-31`,
    );
    expect(empty.body).toMatchObject({ denominator: 0, rate: null });
    expect(
      (await manager.get(`${BASE}/programs/${programId}/retention?from=2030-01-01&to=2030-03-01`))
        .status,
    ).toBe(400);
    expect(
      (await manager.get(`${BASE}/programs/${programId}/retention?from=2026-03-31&to=2026-01-01`))
        .status,
    ).toBe(400);

    const alumni = await manager.get<{
      items: { fromState: string; leftAt: string; reason: string; currentState: string }[];
    }>(`${BASE}/programs/${programId}/alumni`);
    expect(alumni.body.items.map((a) => [a.leftAt, a.fromState, a.reason, a.currentState])).toEqual(
      [
        ['2026-02-15T08:00:00.000Z', 'active', 'Stepped down', 'alumni'],
        ['2026-02-01T08:00:00.000Z', 'active', 'Stepped down', 'identified'],
      ],
    );
  });
});
