/**
 * Product reviews and the review rules REV-01..06 over real HTTP, on PGlite and on PostgreSQL:
 * the same points for any rating, labels for incentivised and insider reviews, moderation by
 * the words and never the rating, removal only for content-neutral reasons with rates by star
 * rating, one review per member and product written in person, and a hub that never claims
 * independence.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { MIN_REVIEWS_TO_COMPARE } from '../../src/compliance/reviews/reviews.service.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

interface Review {
  id: string;
  rating: number;
  status: string;
  removalReason: string | null;
  pointsReceived: number;
  labels: { ruleId: string; label: string }[];
}
interface ErrorBody {
  error: { code: string; message: string };
}
interface Rates {
  byRating: { rating: number; reviews: number; removed: number; rate: number | null }[];
  disparity: number | null;
  warning: boolean;
}

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let moderator: TestClient;
const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/reviews';
let counter = 0;

async function inTenant<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function member(facts: { employee?: boolean; household?: string } = {}) {
  counter += 1;
  const account = await addMember(guild, tenantId, 'member', `reviewer_${counter}`);
  await inTenant(
    sql`update users set employee = ${facts.employee ?? false},
          household_key = ${facts.household ?? null},
          created_at = now() - interval '30 days', email_verified_at = now()
        where username = ${account.username} returning id`,
  );
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  return client;
}

function review(client: TestClient, sku: string, rating: number, body: string) {
  return client.post<Review & ErrorBody>(BASE, {
    productSku: sku,
    rating,
    title: `Rated ${rating}`,
    body,
  });
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  moderator = new TestClient(guild.url, headers);
  await moderator.signIn(await addMember(guild, tenantId, 'moderator'));
  // The standard rule: 20 points for any review (REV-01: never by rating).
  const rule = await manager.post('/api/v1/gamification/rules', {
    name: 'Review published (any rating)',
    eventKind: 'review',
    scope: 'tenant',
    points: 20,
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
});

afterAll(() => guild?.stop());

describe('product reviews', () => {
  it('publishes a 1-star and a 5-star review alike, with the same points and label (REV-01, REV-02)', async () => {
    const low = await review(
      await member(),
      'LAMP-1',
      1,
      'The shade cracked within a week of use.',
    );
    const high = await review(await member(), 'LAMP-1', 5, 'Bright, steady light and easy to fit.');
    for (const result of [low, high]) {
      expect(result.status, JSON.stringify(result.body)).toBe(201);
      expect(result.body.status).toBe('published');
      expect(result.body.pointsReceived).toBe(20);
      expect(result.body.labels).toEqual([
        { ruleId: 'REV-02', label: 'Received 20 points for reviewing' },
      ]);
    }
    const page = await new TestClient(guild.url, headers).get<{
      hubTitle: string;
      count: number;
      averageRating: number;
      items: Review[];
    }>(`${BASE}?productSku=LAMP-1`);
    expect(page.body).toMatchObject({ count: 2, averageRating: 3 });
    expect(page.body.hubTitle).toBe('Reviews from Tenant alpha customers, hosted by Tenant alpha');
  });

  it('labels insider reviews: staff, employees and their households (REV-03)', async () => {
    const employee = await review(await member({ employee: true }), 'MUG-2', 5, 'Lovely glaze.');
    expect(employee.body.labels).toContainEqual({
      ruleId: 'REV-03',
      label: 'Written by a store employee',
    });
    await member({ employee: true, household: 'house-7' });
    const partner = await review(await member({ household: 'house-7' }), 'MUG-2', 4, 'Solid mug.');
    expect(partner.body.labels).toContainEqual({
      ruleId: 'REV-03',
      label: "Written by someone in a store employee's household",
    });
    const plain = await review(await member(), 'MUG-2', 4, 'Holds heat well.');
    expect(plain.body.labels.map((label) => label.ruleId)).toEqual(['REV-02']);
  });

  it('allows one review per member and product, written in person (REV-05)', async () => {
    const client = await member();
    expect((await review(client, 'RUG-3', 3, 'Soft but sheds a little.')).status).toBe(201);
    const again = await review(client, 'RUG-3', 5, 'Actually I love it.');
    expect(again.status).toBe(409);
    const admin = new TestClient(guild.url, headers);
    await admin.signIn(await addMember(guild, tenantId, 'admin'));
    const token = await admin.post<{ token: string }>('/api/v1/api-tokens', {
      name: 'script',
      scopes: ['write'],
    });
    expect(token.status, JSON.stringify(token.body)).toBe(201);
    const scripted = await fetch(`${guild.url}${BASE}`, {
      method: 'POST',
      headers: {
        ...headers,
        authorization: `Bearer ${token.body.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ productSku: 'RUG-9', rating: 5, body: 'Best rug ever.' }),
    });
    expect(scripted.status).toBe(403);
  });

  it('removes only for what a review says, never for its rating (REV-04)', async () => {
    const target = await review(await member(), 'KETTLE-4', 1, 'Leaks from the lid seam.');
    const opinion = await moderator.post<ErrorBody>(`${BASE}/${target.body.id}/remove`, {
      reason: 'negative',
    });
    expect(opinion.status).toBe(400);
    expect(opinion.body.error.message).toMatch(/never for its rating or opinion/);
    const removed = await moderator.post<Review>(`${BASE}/${target.body.id}/remove`, {
      reason: 'off_topic',
      note: 'A test removal',
    });
    expect(removed.body).toMatchObject({ status: 'removed', removalReason: 'off_topic' });
    // The points went back with it.
    expect(removed.body.pointsReceived).toBe(0);
    const author = await member();
    expect((await author.post(`${BASE}/${target.body.id}/remove`, { reason: 'spam' })).status).toBe(
      403,
    );
  });

  it('sends a review with abusive words to the one review queue; the decision there lands', async () => {
    const held = await review(
      await member(),
      'CHAIR-5',
      2,
      'Contact me at jane.reviewer@example.com or 07700 900123 for my full notes.',
    );
    expect(held.status).toBe(201);
    expect(held.body.status).toBe('held');
    {
      const queue = await moderator.get<{
        items: { id: string; itemType: string; itemId: string }[];
      }>('/api/v1/moderation/queue?limit=50');
      const item = queue.body.items.find((i) => i.itemId === held.body.id);
      expect(item?.itemType).toBe('review');
      const decided = await moderator.post(`/api/v1/moderation/queue/${item!.id}/decision`, {
        decision: 'reject',
        reason: 'personal_data',
      });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      const after = await moderator.get<Review>(`${BASE}/${held.body.id}`);
      expect(after.body).toMatchObject({ status: 'removed', removalReason: 'personal_data' });
    }
  });

  it('reports removal rates by star rating, and warns when they differ (REV-04)', async () => {
    const from = new Date().toISOString();
    // Enough reviews of 2 and 4 stars to compare; remove a third of the 2-star ones only.
    const ids: Record<number, string[]> = { 2: [], 4: [] };
    for (const rating of [2, 4]) {
      for (let i = 0; i < MIN_REVIEWS_TO_COMPARE; i += 1) {
        const result = await inTenant<{ id: string }>(
          sql`insert into reviews (tenant_id, author_id, product_sku, rating, body, status)
              select ${tenantId}, id, ${`BULK-${rating}-${i}`}, ${rating}, 'Fine.', 'published'
              from users where role = 'moderator' limit 1
              returning id`,
        );
        ids[rating]!.push(result[0]!.id);
      }
    }
    for (const id of ids[2]!.slice(0, 7)) {
      expect((await moderator.post(`${BASE}/${id}/remove`, { reason: 'spam' })).status).toBe(200);
    }
    const report = await manager.get<Rates>(`${BASE}/removal-rates?from=${from}`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const two = report.body.byRating.find((row) => row.rating === 2)!;
    const four = report.body.byRating.find((row) => row.rating === 4)!;
    expect(two.removed).toBe(7);
    expect(four.removed).toBe(0);
    expect(report.body.warning).toBe(true);
    for (const id of ids[4]!.slice(0, 6)) {
      await moderator.post(`${BASE}/${id}/remove`, { reason: 'spam' });
    }
    const even = await manager.get<Rates>(`${BASE}/removal-rates?from=${from}`);
    expect(even.body.warning).toBe(false);
    expect(even.body.disparity).toBeLessThanOrEqual(2);
    expect((await moderator.get(`${BASE}/removal-rates`)).status).toBe(403);
  });

  it('never lets the hub call itself independent (REV-06)', async () => {
    const refused = await manager.put<ErrorBody>(`${BASE}/settings`, {
      hubTitle: 'Independent reviews of our range',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/REV-06/);
    const set = await manager.put(`${BASE}/settings`, {
      hubTitle: 'Reviews from our customers, hosted by us',
    });
    expect(set.body).toEqual({ hubTitle: 'Reviews from our customers, hosted by us' });
  });
});
