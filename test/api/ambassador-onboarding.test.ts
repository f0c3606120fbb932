/**
 * Ambassador invitations and onboarding over real HTTP, on PGlite and on PostgreSQL, with a
 * local SMTP server: localised invitation e-mails, no invitation without marketing consent, the
 * daily limit, expiry, the checklist (agreement, disclosure quiz, profile) ending in the active
 * state, reminders that fire once however many sweepers run, and template overrides.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import {
  sweepExpiredInvitations,
  sweepReminders,
} from '../../src/ambassadors/onboarding/sweepers.js';
import { DISCLOSURE_QUIZ } from '../../src/ambassadors/onboarding/quiz.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let sink: SmtpSink;
let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let counter = 0;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/ambassadors';
const DAY = 86_400_000;
const RIGHT = DISCLOSURE_QUIZ.map((q) => q.answer);

interface Member {
  client: TestClient;
  id: string;
  email: string;
}
interface Place {
  id: string;
  userId: string;
  state: string;
  invitationExpiresAt: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface ChecklistBody {
  place: Place;
  complete: boolean;
  items: { key: string; done: boolean; missing: string[] }[];
  agreement: { version: number; body: string; sha256: string };
  signedVersion: number | null;
  quiz: { attempts: number; passed: boolean; questions: { options: string[] }[] };
}

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function newMember(
  prefix: string,
  options: { marketing: boolean; locale?: string },
): Promise<Member> {
  counter += 1;
  const account = await addMember(guild, tenantId, 'member', `${prefix}_${counter}`);
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const [row] = await query<{ id: string }>(
    sql`update users set region_id = (select id from regions where code = 'UK'),
          locale = ${options.locale ?? 'en-GB'}
        where username = ${account.username} returning id`,
  );
  const member = { client, id: row!.id, email: account.email };
  await consent(member, 'ambassador_scoring', true);
  if (options.marketing) {
    await consent(member, 'marketing_email', true);
  }
  return member;
}

async function consent(member: Member, purpose: string, granted: boolean) {
  const result = await member.client.put(`/api/v1/privacy/consents/${purpose}`, { granted });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
}

/** Gives the member a customer record with a few purchases, so scoring has something to read. */
async function purchases(member: Member) {
  counter += 1;
  const external = `onb-${counter}`;
  const [customer] = await query<{ id: string }>(
    sql`insert into customers (id, tenant_id, external_id, source)
        values (gen_random_uuid(), ${tenantId}, ${external}, 'test') returning id`,
  );
  await query(
    sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
        values (${tenantId}, ${member.id}, ${customer!.id}, 'explicit') returning user_id`,
  );
  for (const daysAgo of [5, 40, 90]) {
    await query(
      sql`insert into orders (id, tenant_id, external_id, customer_id, kind, placed_at, currency,
            total_minor, source)
          values (gen_random_uuid(), ${tenantId}, ${`${external}-${daysAgo}`}, ${customer!.id},
                  'sale', ${new Date(Date.now() - daysAgo * DAY).toISOString()}, 'GBP', 4500, 'test')
          returning id`,
    );
  }
}

async function newProgram(name: string, settings: Record<string, unknown> = {}): Promise<string> {
  const program = await manager.post<{ id: string }>(`${BASE}/programs`, { name, ...settings });
  expect(program.status, JSON.stringify(program.body)).toBe(201);
  return program.body.id;
}

/** Scores the program and identifies the members; returns each member's place id. */
async function identify(programId: string, members: Member[]): Promise<string[]> {
  for (const member of members) {
    await purchases(member);
  }
  const started = await manager.post<{ id: string }>(`${BASE}/programs/${programId}/score-runs`);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  for (let i = 0; ; i += 1) {
    const run = await manager.get<{ status: string }>(`${BASE}/score-runs/${started.body.id}`);
    if (run.body.status === 'done') {
      break;
    }
    expect(run.body.status).not.toBe('failed');
    expect(i).toBeLessThan(300);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const result = await manager.post<{ identified: Place[] }>(
    `${BASE}/programs/${programId}/pipeline`,
    {
      userIds: members.map((m) => m.id),
    },
  );
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return members.map((m) => {
    const place = result.body.identified.find((p) => p.userId === m.id);
    expect(place, `member ${m.id} identified`).toBeDefined();
    return place!.id;
  });
}

async function invite(programId: string, ambassadorIds: string[]) {
  return manager.post<{ invited: Place[]; skipped: { ambassadorId: string; reason: string }[] }>(
    `${BASE}/programs/${programId}/invitations`,
    { ambassadorIds },
  );
}

async function outbox(userId: string, kind?: string) {
  return query<{ kind: string; subject: string; body_text: string }>(
    sql`select kind, subject, body_text from outbound_emails where user_id = ${userId}
          ${kind ? sql`and kind = ${kind}` : sql``} order by created_at`,
  );
}

async function stateOf(placeId: string): Promise<string> {
  const [row] = await query<{ state: string }>(
    sql`select state from ambassadors where id = ${placeId}`,
  );
  return row!.state;
}

/** Invites and accepts: the member is then onboarding. */
async function onboarding(programId: string, member: Member): Promise<string> {
  const [placeId] = await identify(programId, [member]);
  expect((await invite(programId, [placeId!])).body.invited).toHaveLength(1);
  const accepted = await member.client.post<Place>(`${BASE}/me/places/${placeId}/transitions`, {
    to: 'accepted',
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  expect(accepted.body.state).toBe('onboarding');
  return placeId!;
}

const reminders = () =>
  sweepReminders(guild.db, guild.config, { written: () => undefined }, tenantId);

beforeAll(async () => {
  sink = await startSmtpSink();
  guild = await startTestGuild({ GUILD_MAIL: 'smtp', GUILD_SMTP_URL: sink.url });
  tenantId = await addTenant(guild, 'alpha');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
}, 60_000);

afterAll(async () => {
  await guild?.stop();
  await sink?.close();
});

describe('invitations', () => {
  it('e-mails a localised invitation (de-DE) and notifies in the app', async () => {
    const programId = await newProgram('Wanderfreunde');
    const member = await newMember('deutsch', { marketing: true, locale: 'de-DE' });
    // a display name is data, never template: its braces come out as typed
    await query(
      sql`update users set display_name = 'Jana {{acceptUrl}}' where id = ${member.id} returning id`,
    );
    const [placeId] = await identify(programId, [member]);
    const result = await invite(programId, [placeId!]);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.invited.map((p) => p.id)).toEqual([placeId]);
    expect(result.body.invited[0]!.state).toBe('invited');
    const expires = new Date(result.body.invited[0]!.invitationExpiresAt!);
    expect(Math.abs(expires.getTime() - (Date.now() + 14 * DAY))).toBeLessThan(60_000);

    const message = await sink.waitFor((m) => m.to.includes(member.email), 20_000);
    expect(message.subject).toBe('Einladung: Werden Sie Botschafter:in bei Wanderfreunde');
    const text = message.text.replace(/\r\n/g, '\n');
    expect(text).toContain('Hallo Jana {{acceptUrl}},');
    expect(text).toContain(`/ambassador?place=${placeId}`);
    expect(text).toContain('/settings/privacy');
    expect(text).toContain('Marketing-E-Mails');
    const germanDate = new Intl.DateTimeFormat('de-DE', {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(expires);
    expect(text).toContain(`gilt bis ${germanDate}`);

    const notifications = await member.client.get<{ items: { kind: string }[] }>(
      '/api/v1/notifications',
    );
    expect(notifications.status, JSON.stringify(notifications.body)).toBe(200);
    expect(notifications.body.items.map((n) => n.kind)).toContain('ambassador_invitation');
    const audited = await query<{ action: string }>(
      sql`select action from audit_log where target_id = ${programId} and action = 'ambassadors.invite'`,
    );
    expect(audited).toHaveLength(1);
  });

  it('invites nobody without marketing e-mail consent: no e-mail, no notification', async () => {
    const programId = await newProgram('No consent');
    const member = await newMember('quiet', { marketing: false });
    const [placeId] = await identify(programId, [member]);
    const result = await invite(programId, [placeId!]);
    expect(result.status).toBe(200);
    expect(result.body.invited).toEqual([]);
    expect(result.body.skipped.map((s) => s.ambassadorId)).toEqual([placeId]);
    expect(result.body.skipped[0]!.reason).toMatch(/marketing e-mail consent/);
    expect(await stateOf(placeId!)).toBe('identified');
    expect(await outbox(member.id)).toEqual([]);
    const notes = await query(sql`select id from notifications where user_id = ${member.id}`);
    expect(notes).toEqual([]);
  });

  it('sends at most the daily limit per program per UTC day', async () => {
    const programId = await newProgram('Small batch', { inviteDailyLimit: 2 });
    const members = [
      await newMember('batch', { marketing: true }),
      await newMember('batch', { marketing: true }),
      await newMember('batch', { marketing: true }),
    ];
    const places = await identify(programId, members);
    const first = await invite(programId, places);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.invited.map((p) => p.id)).toEqual(places.slice(0, 2));
    expect(first.body.skipped).toEqual([
      { ambassadorId: places[2], reason: 'daily limit reached' },
    ]);
    expect(await outbox(members[2]!.id)).toEqual([]);

    const second = await invite(programId, [places[2]!]);
    expect(second.status).toBe(409);
    expect((second.body as unknown as ErrorBody).error.code).toBe('invitation_limit_reached');

    // yesterday's invitations do not count today
    await guild.db.query(
      `UPDATE ambassador_transitions SET at = at - interval '1 day'
        WHERE to_state = 'invited' AND ambassador_id = ANY($1::uuid[])`,
      [places.slice(0, 2)],
    );
    const nextDay = await invite(programId, [places[2]!]);
    expect(nextDay.status).toBe(200);
    expect(nextDay.body.invited.map((p) => p.id)).toEqual([places[2]]);
  });

  it('expires invitations: accepting late is refused, and the sweeper declines them', async () => {
    const programId = await newProgram('Short notice', { invitationValidDays: 1 });
    const member = await newMember('late', { marketing: true });
    const [placeId] = await identify(programId, [member]);
    expect((await invite(programId, [placeId!])).body.invited).toHaveLength(1);
    await query(
      sql`update ambassadors set invitation_expires_at = now() - interval '1 minute'
           where id = ${placeId} returning id`,
    );
    const late = await member.client.post<ErrorBody>(`${BASE}/me/places/${placeId}/transitions`, {
      to: 'accepted',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('invitation_expired');

    expect(await sweepExpiredInvitations(guild.db, tenantId)).toBeGreaterThanOrEqual(1);
    expect(await stateOf(placeId!)).toBe('declined');
    const [last] = await query<{ actor_kind: string; reason: string; from_state: string }>(
      sql`select actor_kind, reason, from_state from ambassador_transitions
           where ambassador_id = ${placeId} order by id desc limit 1`,
    );
    expect(last).toEqual({
      actor_kind: 'system',
      reason: 'invitation expired',
      from_state: 'invited',
    });
    // a second sweep finds nothing more to do for this member
    await sweepExpiredInvitations(guild.db, tenantId);
    const moves = await query(
      sql`select id from ambassador_transitions where ambassador_id = ${placeId}`,
    );
    expect(moves).toHaveLength(3);
  });
});

describe('the onboarding checklist', () => {
  it('goes from onboarding to active once the agreement, the quiz and the profile are done', async () => {
    const programId = await newProgram('Trail crew');
    const member = await newMember('crew', { marketing: true });
    await query(sql`update users set bio = 'Short' where id = ${member.id} returning id`);
    const placeId = await onboarding(programId, member);

    const path = `${BASE}/me/places/${placeId}/onboarding`;
    const start = await member.client.get<ChecklistBody>(path);
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    expect(start.body.complete).toBe(false);
    expect(start.body.items.map((i) => [i.key, i.done])).toEqual([
      ['agreement', false],
      ['training', false],
      ['profile', false],
    ]);
    expect(start.body.items[2]!.missing).toEqual(['a longer bio (5 of at least 20 characters)']);
    expect(start.body.agreement.version).toBe(1);
    expect(start.body.quiz.questions).toHaveLength(5);
    // the right answers are never sent
    expect(JSON.stringify(start.body.quiz)).not.toContain('answer');

    // another member cannot see it; a manager can
    const stranger = await newMember('stranger', { marketing: false });
    expect((await stranger.client.get(path)).status).toBe(404);
    expect((await member.client.get(`${BASE}/members/${placeId}/onboarding`)).status).toBe(403);
    const seen = await manager.get<ChecklistBody>(`${BASE}/members/${placeId}/onboarding`);
    expect(seen.status).toBe(200);
    expect(seen.body.place.id).toBe(placeId);

    // the manager publishes a new text: signing the old version is refused
    const text =
      'Trail crew agreement. Start every post about our products with "Ad" and say you are our ambassador.';
    const published = await manager.put<{ version: number; sha256: string }>(
      `${BASE}/programs/${programId}/agreement`,
      { body: text },
    );
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.version).toBe(2);
    const stale = await member.client.post<ErrorBody>(`${path}/agreement`, { version: 1 });
    expect(stale.status).toBe(409);
    const signed = await member.client.post<ChecklistBody>(
      `${path}/agreement`,
      { version: 2 },
      {
        'user-agent': 'OnboardingTest/1.0',
      },
    );
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.items[0]!.done).toBe(true);
    const [signature] = await query<{
      version: number;
      body_sha256: string;
      ip: string;
      user_agent: string;
    }>(
      sql`select version, body_sha256, ip, user_agent from ambassador_agreement_signatures
           where ambassador_id = ${placeId}`,
    );
    expect(signature!.version).toBe(2);
    expect(signature!.body_sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(signature!.ip).toBeTruthy();
    expect(signature!.user_agent).toBe('OnboardingTest/1.0');

    // two wrong answers: 3 of 5 is below the pass mark
    const attempt = [...RIGHT];
    attempt[1] = (RIGHT[1]! + 1) % 4;
    attempt[4] = (RIGHT[4]! + 1) % 4;
    const failed = await member.client.post<ErrorBody>(`${path}/training`, { answers: attempt });
    expect(failed.status).toBe(422);
    expect(failed.body.error.code).toBe('quiz_not_passed');
    expect(failed.body.error.details).toEqual({ wrong: [2, 5], correct: 3, passMark: 4 });
    const passed = await member.client.post<ChecklistBody>(`${path}/training`, { answers: RIGHT });
    expect(passed.status, JSON.stringify(passed.body)).toBe(200);
    expect(passed.body.quiz).toMatchObject({ attempts: 2, passed: true });
    expect(passed.body.items[1]!.done).toBe(true);
    expect(passed.body.place.state).toBe('onboarding');
    const attempts = await query<{ passed: boolean; wrong: number[] }>(
      sql`select passed, wrong from ambassador_quiz_attempts where ambassador_id = ${placeId} order by id`,
    );
    expect(attempts).toEqual([
      { passed: false, wrong: [2, 5] },
      { passed: true, wrong: [] },
    ]);

    // the profile is the last item; completing it and checking again finishes onboarding
    await query(
      sql`update users set bio = 'I walk the Pennine Way every summer.' where id = ${member.id} returning id`,
    );
    const done = await member.client.post<ChecklistBody>(`${path}/profile`);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.complete).toBe(true);
    expect(done.body.place.state).toBe('active');
    const [user] = await query<{ role: string }>(
      sql`select role from users where id = ${member.id}`,
    );
    expect(user!.role).toBe('ambassador');
    const [last] = await query<{ actor_kind: string; from_state: string; to_state: string }>(
      sql`select actor_kind, from_state, to_state from ambassador_transitions
           where ambassador_id = ${placeId} order by id desc limit 1`,
    );
    expect(last).toEqual({ actor_kind: 'system', from_state: 'onboarding', to_state: 'active' });
    // a finished checklist takes no more signatures
    expect((await member.client.post(`${path}/agreement`, { version: 2 })).status).toBe(409);
  });

  it('says exactly what the profile lacks', async () => {
    const programId = await newProgram('Profile check');
    const member = await newMember('blank', { marketing: true });
    await query(sql`update users set bio = '' where id = ${member.id} returning id`);
    const placeId = await onboarding(programId, member);
    await query(sql`update users set region_id = null where id = ${member.id} returning id`);
    const list = await member.client.get<ChecklistBody>(`${BASE}/me/places/${placeId}/onboarding`);
    expect(list.body.items[2]!.missing).toEqual(['a bio (at least 20 characters)', 'your region']);
  });
});

describe('reminders', () => {
  it('reminds an onboarding member after 3 and after 7 days, each once, whatever their marketing consent', async () => {
    const programId = await newProgram('Reminded crew');
    const member = await newMember('slow', { marketing: true });
    const placeId = await onboarding(programId, member);
    // reminders about a program they accepted are service messages
    await consent(member, 'marketing_email', false);
    const kind = 'ambassador_onboarding_reminder';

    await reminders();
    expect(await outbox(member.id, kind)).toHaveLength(0);
    await query(
      sql`update ambassadors set state_changed_at = now() - interval '4 days' where id = ${placeId} returning id`,
    );
    await reminders();
    await reminders();
    await Promise.all([reminders(), reminders()]);
    const first = await outbox(member.id, kind);
    expect(first).toHaveLength(1);
    expect(first[0]!.body_text).toContain('sign the ambassador agreement');
    expect(first[0]!.body_text).toContain('/settings/privacy');

    await query(
      sql`update ambassadors set state_changed_at = now() - interval '8 days' where id = ${placeId} returning id`,
    );
    await Promise.all([reminders(), reminders()]);
    await reminders();
    expect(await outbox(member.id, kind)).toHaveLength(2);
    const rows = await query<{ round: number }>(
      sql`select round from ambassador_reminders where ambassador_id = ${placeId} order by round`,
    );
    expect(rows.map((r) => r.round)).toEqual([1, 2]);
  });

  it('reminds of an invitation 3 days before it ends, once, and only with marketing consent', async () => {
    const programId = await newProgram('Reminded invites');
    const keen = await newMember('keen', { marketing: true });
    const withdrawn = await newMember('withdrawn', { marketing: true });
    const places = await identify(programId, [keen, withdrawn]);
    expect((await invite(programId, places)).body.invited).toHaveLength(2);
    await consent(withdrawn, 'marketing_email', false);
    const kind = 'ambassador_invitation_reminder';

    await reminders();
    expect(await outbox(keen.id, kind)).toHaveLength(0);
    await query(
      sql`update ambassadors set invitation_expires_at = now() + interval '2 days'
           where id = any(${sql.param(places)}::uuid[]) returning id`,
    );
    await Promise.all([reminders(), reminders()]);
    await reminders();
    const sent = await outbox(keen.id, kind);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe('Your invitation to Reminded invites ends soon');
    expect(sent[0]!.body_text).toContain(`/ambassador?place=${places[0]}`);
    expect(await outbox(withdrawn.id, kind)).toHaveLength(0);
  });
});

describe('templates', () => {
  it('checks overrides and uses them for the program and locale', async () => {
    const programId = await newProgram('Own words');
    const path = `${BASE}/programs/${programId}/templates/invitation/en-GB`;
    const start = await manager.get<{
      overridden: boolean;
      subject: string;
      placeholders: string[];
    }>(path);
    expect(start.status).toBe(200);
    expect(start.body.overridden).toBe(false);
    expect(start.body.placeholders).toContain('acceptUrl');

    const refused = async (body: { subject: string; body: string }) => {
      const result = await manager.put<ErrorBody>(path, body);
      expect(result.status, JSON.stringify(result.body)).toBe(400);
      expect(result.body.error.code).toBe('validation_failed');
      return result.body.error.message;
    };
    const ok = 'Join: {{acceptUrl}} — stop marketing e-mail: {{privacyUrl}}';
    expect(await refused({ subject: 'Hi {{password}}', body: ok })).toMatch(/unknown placeholder/);
    expect(
      await refused({ subject: 'Hi', body: `{{#programName}}x{{/programName}} ${ok}` }),
    ).toMatch(/plain placeholders/);
    expect(await refused({ subject: 'Hi', body: `{{> secrets}} ${ok}` })).toMatch(
      /plain placeholders/,
    );
    expect(await refused({ subject: 'Hi', body: `${ok} {{oops` })).toMatch(/not a valid template/);
    expect(await refused({ subject: 'Hi', body: 'Join: {{acceptUrl}}' })).toMatch(/privacyUrl/);
    const nosy = await newMember('nosy', { marketing: false });
    expect((await nosy.client.put(path, { subject: 'x', body: ok })).status).toBe(403);

    const saved = await manager.put<{ overridden: boolean }>(path, {
      subject: '{{displayName}}, {{communityName}} has a place for you',
      body: `Dear {{displayName}}, ${ok}`,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.overridden).toBe(true);

    const member = await newMember('british', { marketing: true });
    await query(sql`update users set display_name = 'Alex' where id = ${member.id} returning id`);
    const [placeId] = await identify(programId, [member]);
    expect((await invite(programId, [placeId!])).body.invited).toHaveLength(1);
    const [mail] = await outbox(member.id, 'ambassador_invitation');
    expect(mail!.subject).toBe('Alex, Tenant alpha has a place for you');
    expect(mail!.body_text).toMatch(/^Dear Alex, Join: http.*\/ambassador\?place=/);
    expect(mail!.body_text).toContain('/settings/privacy');

    // another locale still has the default wording
    const french = await manager.get<{ overridden: boolean; subject: string }>(
      `${BASE}/programs/${programId}/templates/invitation/fr-FR`,
    );
    expect(french.body.overridden).toBe(false);
    expect(french.body.subject).toContain('ambassadeur');
    expect((await manager.delete(path)).status).toBe(204);
    expect((await manager.get<{ overridden: boolean }>(path)).body.overridden).toBe(false);
  });
});
