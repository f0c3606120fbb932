/**
 * Point rules end to end: the rules API (versions, audit, REV-01), the engine on stored
 * activity (caps per day in the member's time zone, cooldown, diminishing returns,
 * eligibility, scope precedence, return windows), withdrawal and anti-farming, the events API
 * for integrations, the daily visit, and the backfill job that re-scores history once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { recordActivity, withdrawActivity } from '../../src/gamification/activity.js';
import type { ActivityEvent } from '../../src/gamification/activity.types.js';
import { balancesFor } from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { forgetDailyVisits } from '../../src/gamification/rules/daily-visit.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';

interface RuleView {
  id: string;
  version: number;
  name: string;
  active: boolean;
  scope: string;
  spaceSlug: string | null;
  settings: { points: number | null; dailyCap: { count: number | null } | null };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Backfill {
  id: string;
  status: string;
  total: number;
  processed: number;
  adjusted: number;
  pointsDelta: number;
}
interface ErrorBody {
  error: { code: string; message: string };
}

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let memberClient: TestClient;
let counter = 0;

async function signedIn(member: TestMember): Promise<TestClient> {
  const client = new TestClient(guild.url);
  await client.signIn(member);
  return client;
}

async function userIdOf(member: TestMember): Promise<string> {
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ id: string }>(tx, sql`select id from users where username = ${member.username}`),
  );
  return row!.id;
}

async function newMember(
  options: { timezone?: string; role?: 'member' | 'ambassador'; ageDays?: number } = {},
) {
  counter += 1;
  const member = await addMember(guild, tenantId, options.role ?? 'member', `pr_m${counter}`);
  const id = await userIdOf(member);
  await guild.db.tenant(tenantId, async (tx) => {
    if (options.timezone) {
      await tx.execute(sql`update users set timezone = ${options.timezone} where id = ${id}`);
    }
    if (options.ageDays !== undefined) {
      await tx.execute(sql`update users set created_at = now() - make_interval(days => ${options.ageDays})
        where id = ${id}`);
    }
  });
  return { member, id };
}

async function createRule(body: Record<string, unknown>): Promise<RuleView> {
  const made = await manager.post<RuleView>('/api/v1/gamification/rules', body);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body;
}

function record(event: Partial<ActivityEvent> & Pick<ActivityEvent, 'kind' | 'userId'>) {
  counter += 1;
  return guild.db.tenant(tenantId, (tx) =>
    recordActivity(tx, tenantId, {
      actorId: null,
      causeKey: `test:${counter}`,
      occurredAt: new Date(),
      ...event,
    }),
  );
}

async function points(userId: string) {
  return guild.db.tenant(tenantId, (tx) => balancesFor(tx, userId));
}

beforeAll(async () => {
  guild = await startTestGuild({ GUILD_JOBS: 'true' });
  tenantId = await addTenant(guild, 'alpha');
  manager = await signedIn(await addMember(guild, tenantId, 'manager'));
  memberClient = await signedIn(await addMember(guild, tenantId, 'member'));
  for (const slug of ['rules-a', 'rules-b']) {
    const space = await manager.post('/api/v1/spaces', {
      slug,
      name: `Space ${slug}`,
      visibility: 'public',
      kind: 'topic',
    });
    expect(space.status).toBe(201);
  }
});
afterAll(async () => {
  // Every balance still equals its entries after all of the above.
  const report = await guild.db.tenant(tenantId, (tx) => reconcile(tx));
  expect(report.drift).toEqual([]);
  await guild.stop();
});

describe('the rules API', () => {
  it('creates, changes (new versions), deactivates and keeps every version, audited', async () => {
    const rule = await createRule({
      name: 'Helpful reply',
      eventKind: 'challenge_step',
      scope: 'tenant',
      points: 5,
    });
    expect(rule).toMatchObject({ version: 1, active: true, scope: 'tenant' });

    const changed = await manager.patch<RuleView>(`/api/v1/gamification/rules/${rule.id}`, {
      points: 8,
      dailyCap: { count: 4 },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.version).toBe(2);
    expect(changed.body.settings.points).toBe(8);
    expect(changed.body.settings.dailyCap?.count).toBe(4);

    const off = await manager.post<RuleView>(`/api/v1/gamification/rules/${rule.id}/deactivate`);
    expect(off.body).toMatchObject({ version: 3, active: false });

    const versions = await manager.get<Page<{ version: number; change: string }>>(
      `/api/v1/gamification/rules/${rule.id}/versions?limit=2`,
    );
    expect(versions.body.items.map((v) => [v.version, v.change])).toEqual([
      [3, 'deactivated'],
      [2, 'updated'],
    ]);
    const rest = await manager.get<Page<{ version: number; change: string }>>(
      `/api/v1/gamification/rules/${rule.id}/versions?cursor=${versions.body.nextCursor}`,
    );
    expect(rest.body.items.map((v) => [v.version, v.change])).toEqual([[1, 'created']]);

    const listed = await manager.get<Page<RuleView>>(
      '/api/v1/gamification/rules?eventKind=challenge_step&active=false',
    );
    expect(listed.body.items.map((r) => r.id)).toContain(rule.id);

    const audit = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ action: string }>(
        tx,
        sql`select action from audit_log where target_id = ${rule.id} order by created_at`,
      ),
    );
    expect(audit.map((a) => a.action)).toEqual([
      'points.rule_create',
      'points.rule_update',
      'points.rule_deactivate',
    ]);
  });

  it('refuses members, bad scopes and rules that depend on a rating (REV-01)', async () => {
    const forbidden = await memberClient.post('/api/v1/gamification/rules', {
      name: 'x',
      eventKind: 'review',
      scope: 'tenant',
      points: 5,
    });
    expect(forbidden.status).toBe(403);

    const fiveStars = await manager.post<ErrorBody>('/api/v1/gamification/rules', {
      name: 'Five-star review',
      eventKind: 'review',
      scope: 'tenant',
      points: 500,
      conditions: { rating: 5 },
    });
    expect(fiveStars.status).toBe(422);
    expect(fiveStars.body.error.code).toBe('sentiment_condition_refused');
    const positive = await manager.post<ErrorBody>('/api/v1/gamification/rules', {
      name: 'Positive review',
      eventKind: 'review',
      scope: 'tenant',
      points: 50,
      conditions: { sentiment: 'positive' },
    });
    expect(positive.body.error.code).toBe('sentiment_condition_refused');

    const noSpace = await manager.post<ErrorBody>('/api/v1/gamification/rules', {
      name: 'Nowhere',
      eventKind: 'post_published',
      scope: 'space',
      spaceSlug: 'no-such-space',
      points: 5,
    });
    expect(noSpace.status).toBe(400);
    const both = await manager.post<ErrorBody>('/api/v1/gamification/rules', {
      name: 'Both',
      eventKind: 'purchase',
      scope: 'tenant',
      points: 5,
      pointsPerCurrencyUnit: 1,
    });
    expect(both.body.error.code).toBe('validation_failed');
  });
});

describe('scoring stored activity', () => {
  it('caps per day in the member’s own time zone, not UTC', async () => {
    await createRule({
      name: 'Store visit',
      eventKind: 'store_visit',
      scope: 'tenant',
      points: 3,
      dailyCap: { count: 2 },
    });
    // Auckland is UTC+13 in December: 10:00Z is 23:00 on the 5th there, 11:30Z is the 6th.
    const { id } = await newMember({ timezone: 'Pacific/Auckland' });
    const times = [
      '2026-12-05T10:00:00Z',
      '2026-12-05T10:30:00Z',
      '2026-12-05T10:59:00Z',
      '2026-12-05T11:30:00Z',
    ];
    const earned: number[] = [];
    for (const at of times) {
      earned.push(
        (await record({ kind: 'store_visit', userId: id, occurredAt: new Date(at) })).points,
      );
    }
    expect(earned).toEqual([3, 3, 0, 3]);
    expect((await points(id)).spendable).toBe(9);
  });

  it('earns nothing inside the cooldown', async () => {
    await createRule({
      name: 'Referral',
      eventKind: 'referral_converted',
      scope: 'tenant',
      points: 20,
      cooldownSeconds: 3600,
    });
    const { id } = await newMember();
    const start = Date.parse('2026-12-01T08:00:00Z');
    const earned: number[] = [];
    for (const minutes of [0, 30, 61]) {
      const occurredAt = new Date(start + minutes * 60_000);
      earned.push((await record({ kind: 'referral_converted', userId: id, occurredAt })).points);
    }
    expect(earned).toEqual([20, 0, 20]);
  });

  it('diminishes returns after N a day, down to nothing', async () => {
    await createRule({
      name: 'Challenge step',
      eventKind: 'challenge_step',
      scope: 'tenant',
      points: 10,
      diminishing: { afterCount: 1, step: 0.5 },
    });
    const { id } = await newMember();
    const earned: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      earned.push((await record({ kind: 'challenge_step', userId: id })).points);
    }
    expect(earned).toEqual([10, 5, 0, 0]);
  });

  it('pays only eligible members (role and account age)', async () => {
    await createRule({
      name: 'Mission approved',
      eventKind: 'mission_approved',
      scope: 'tenant',
      points: 40,
      eligibility: { roles: ['ambassador'], minAccountAgeDays: 7 },
    });
    const plain = await newMember({ ageDays: 30 });
    const fresh = await newMember({ role: 'ambassador', ageDays: 2 });
    const seasoned = await newMember({ role: 'ambassador', ageDays: 30 });
    const outcome = await record({ kind: 'mission_approved', userId: plain.id });
    expect(outcome.outcomes.map((o) => o.reason)).toEqual(['not_eligible']);
    expect((await record({ kind: 'mission_approved', userId: fresh.id })).points).toBe(0);
    expect((await record({ kind: 'mission_approved', userId: seasoned.id })).points).toBe(40);
  });

  it('lets the most specific rule win, and stamps entries with the rule’s version', async () => {
    const tenantRule = await createRule({
      name: 'Post (community)',
      eventKind: 'post_published',
      scope: 'tenant',
      points: 10,
    });
    const spaceRule = await createRule({
      name: 'Post (space A)',
      eventKind: 'post_published',
      scope: 'space',
      spaceSlug: 'rules-a',
      points: 25,
    });
    await createRule({
      name: 'Post (UK)',
      eventKind: 'post_published',
      scope: 'region',
      regionCode: 'UK',
      points: 15,
    });
    const [spaceA, spaceB] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(
        tx,
        sql`select id from spaces where slug in ('rules-a', 'rules-b') order by slug`,
      ),
    );
    const [uk] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(tx, sql`select id from regions where code = 'UK'`),
    );
    const { id } = await newMember();
    const inA = await record({ kind: 'post_published', userId: id, spaceId: spaceA!.id });
    const inB = await record({ kind: 'post_published', userId: id, spaceId: spaceB!.id });
    const inUk = await record({
      kind: 'post_published',
      userId: id,
      spaceId: spaceB!.id,
      regionId: uk!.id,
    });
    expect([inA.points, inB.points, inUk.points]).toEqual([25, 10, 15]);
    expect(inA.outcomes[0]!.ruleId).toBe(spaceRule.id);
    expect(inB.outcomes[0]!.ruleId).toBe(tenantRule.id);

    await manager.patch(`/api/v1/gamification/rules/${spaceRule.id}`, { points: 30 });
    const later = await record({ kind: 'post_published', userId: id, spaceId: spaceA!.id });
    expect(later.points).toBe(30);
    const entries = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ amount: string; rule_version: number; rule_id: string }>(
        tx,
        sql`select amount, rule_version, rule_id from ledger_entries
          where user_id = ${id} and rule_id = ${spaceRule.id} order by id`,
      ),
    );
    expect(entries.map((e) => [Number(e.amount), e.rule_version])).toEqual([
      [25, 1],
      [30, 2],
    ]);
  });

  it('holds purchase points pending in the return window, tier-qualifying', async () => {
    await createRule({
      name: 'Purchase',
      eventKind: 'purchase',
      scope: 'tenant',
      pointsPerCurrencyUnit: 1,
      returnWindowDays: 14,
      tierQualifying: true,
    });
    const { id } = await newMember();
    const bought = await record({
      kind: 'purchase',
      userId: id,
      causeKey: 'order:PR-PENDING-1',
      quantity: 4999,
      currency: 'GBP',
    });
    expect(bought.points).toBe(49);
    expect(await points(id)).toMatchObject({ pending: 49, spendable: 0, tierQualifying: 49 });
  });
});

describe('withdrawal and repeats', () => {
  it('stores a cause once, reverses it once, and never pays it again', async () => {
    const { id } = await newMember();
    const event = { kind: 'store_visit' as const, userId: id, causeKey: 'visit-store:S-9:1' };
    const first = await record(event);
    const again = await record(event);
    expect(first).toMatchObject({ recorded: true, points: 3 });
    expect(again).toMatchObject({ recorded: false, points: 0 });

    const withdraw = () =>
      guild.db.tenant(tenantId, (tx) => withdrawActivity(tx, tenantId, event.causeKey, 'Undone'));
    expect(await withdraw()).toBe(true);
    expect(await withdraw()).toBe(false);
    expect((await points(id)).spendable).toBe(0);
    // Anti-farming: the same cause reported again after its withdrawal earns nothing.
    expect(await record(event)).toMatchObject({ recorded: false, points: 0 });
    const entries = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ kind: string; amount: string }>(
        tx,
        sql`select kind, amount from ledger_entries where source_ref = ${event.causeKey}
          order by id`,
      ),
    );
    expect(entries.map((e) => [e.kind, Number(e.amount)])).toEqual([
      ['award', 3],
      ['reversal', -3],
    ]);
  });
});

describe('the events API', () => {
  it('records an integration’s events for a member by id, once per event id', async () => {
    const { id } = await newMember();
    const body = { kind: 'referral_converted', eventId: 'REF-77', userId: id };
    const first = await manager.post<{ recorded: boolean; points: number; causeKey: string }>(
      '/api/v1/gamification/events',
      body,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      recorded: true,
      points: 20,
      causeKey: 'referral_converted:REF-77',
    });
    const again = await manager.post<{ recorded: boolean; points: number }>(
      '/api/v1/gamification/events',
      body,
    );
    expect(again.body).toMatchObject({ recorded: false, points: 0 });
    expect((await points(id)).spendable).toBe(20);

    expect((await memberClient.post('/api/v1/gamification/events', body)).status).toBe(403);
    const nobody = await manager.post<ErrorBody>('/api/v1/gamification/events', {
      kind: 'store_visit',
      eventId: 'SV-1',
      customerExternalId: 'NO-SUCH-CUSTOMER',
    });
    expect(nobody.status).toBe(404);
    const noAmount = await manager.post<ErrorBody>('/api/v1/gamification/events', {
      kind: 'purchase',
      eventId: 'ORD-X',
      userId: id,
    });
    expect(noAmount.status).toBe(400);
  });
});

describe('the daily visit', () => {
  it('records the first signed-in request of the member’s day once', async () => {
    await createRule({ name: 'Visit', eventKind: 'daily_visit', scope: 'tenant', points: 1 });
    forgetDailyVisits();
    const { member, id } = await newMember({ timezone: 'America/New_York' });
    const client = await signedIn(member);
    await client.get('/api/v1/notifications');
    forgetDailyVisits(); // as if another process served the next request
    await client.get('/api/v1/notifications');
    const visits = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ cause_key: string }>(
        tx,
        sql`select cause_key from activity_events where user_id = ${id} and kind = 'daily_visit'`,
      ),
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
      new Date(),
    );
    expect(visits.map((v) => v.cause_key)).toEqual([`visit:${id}:${today}`]);
    expect((await points(id)).spendable).toBe(1);
  });
});

async function runBackfill(): Promise<Backfill> {
  const started = await manager.post<Backfill>('/api/v1/gamification/rules/backfill');
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const progress = await manager.get<Backfill>(
      `/api/v1/gamification/rules/backfill/${started.body.id}`,
    );
    if (progress.body.status === 'done' || progress.body.status === 'failed') {
      return progress.body;
    }
    if (Date.now() > deadline) {
      throw new Error(`backfill did not finish: ${JSON.stringify(progress.body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the backfill', () => {
  it('adjusts history to the current rules once; a second run changes nothing', async () => {
    // Everything recorded so far already matches the rules: a first run settles the history
    // of the tests above, then a rule change is what the next run corrects.
    const settle = await runBackfill();
    expect(settle.status).toBe('done');
    const rule = await createRule({
      name: 'Loyalty event',
      eventKind: 'loyalty_event',
      scope: 'tenant',
      points: 10,
    });
    const { id } = await newMember();
    await record({ kind: 'loyalty_event', userId: id, causeKey: 'loyalty:bf-1' });
    await record({ kind: 'loyalty_event', userId: id, causeKey: 'loyalty:bf-2' });
    await record({ kind: 'loyalty_event', userId: id, causeKey: 'loyalty:bf-3' });
    await guild.db.tenant(tenantId, (tx) =>
      withdrawActivity(tx, tenantId, 'loyalty:bf-3', 'Cancelled'),
    );
    expect((await points(id)).spendable).toBe(20);

    await manager.patch(`/api/v1/gamification/rules/${rule.id}`, { points: 4 });
    const first = await runBackfill();
    expect(first).toMatchObject({ status: 'done', adjusted: 2, pointsDelta: -12 });
    expect(first.processed).toBe(first.total);
    expect((await points(id)).spendable).toBe(8);

    const second = await runBackfill();
    expect(second).toMatchObject({ status: 'done', adjusted: 0, pointsDelta: 0 });
    expect((await points(id)).spendable).toBe(8);

    // A withdrawal after a downward adjustment takes back only what is left.
    await guild.db.tenant(tenantId, (tx) =>
      withdrawActivity(tx, tenantId, 'loyalty:bf-1', 'Cancelled'),
    );
    expect((await points(id)).spendable).toBe(4);
  });
});

describe('default rules', () => {
  it('installs the suggested rules for kinds without one, once', async () => {
    const first = await manager.post<{ items: RuleView[] }>('/api/v1/gamification/rules/defaults');
    expect(first.status).toBe(200);
    const kinds = first.body.items.map((r) => (r as RuleView & { eventKind: string }).eventKind);
    // Kinds given rules by the tests above keep theirs; the others get the defaults.
    expect(kinds.sort()).toEqual([
      'answer_accepted',
      'comment_published',
      'reaction_received',
      'review',
    ]);
    const second = await manager.post<{ items: RuleView[] }>('/api/v1/gamification/rules/defaults');
    expect(second.body.items).toEqual([]);
  });
});

describe('rule edits that change nothing', () => {
  it('refuses an empty change and makes no version when nothing differs', async () => {
    const created = await manager.post<{ id: string; version: number }>(
      '/api/v1/gamification/rules',
      { name: 'Quiet rule', eventKind: 'referral_converted', scope: 'tenant', points: 40 },
    );
    expect(created.status).toBe(201);
    const empty = await manager.patch<{ error: { code: string } }>(
      `/api/v1/gamification/rules/${created.body.id}`,
      { settings: { points: 7 } },
    );
    expect(empty.status).toBe(400);
    const same = await manager.patch<{ version: number }>(
      `/api/v1/gamification/rules/${created.body.id}`,
      { points: 40 },
    );
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(created.body.version);
    const changed = await manager.patch<{ version: number }>(
      `/api/v1/gamification/rules/${created.body.id}`,
      { points: 41 },
    );
    expect(changed.body.version).toBe(created.body.version + 1);
  });
});
