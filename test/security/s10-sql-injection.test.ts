/**
 * S10 (SECURITY.md) — SQL and ORDER BY injection: quote, boolean, stacked and time-based
 * payloads in search, sort, filters, pagination cursors and the leaderboard period change
 * nothing (the answer equals that of a harmless value, or is a clean 4xx) and never show
 * database error text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type HttpResult,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let member: TestClient;
let admin: TestClient;

interface ErrorBody {
  error: { code: string; requestId: string };
}
interface Page {
  items: { id: string }[];
}

const PAYLOADS = [
  "'",
  "coat' OR '1'='1",
  'coat" OR "1"="1',
  "coat' OR 1=1--",
  '1) OR (1=1',
  "coat'; DROP TABLE posts;--",
  "coat' AND (SELECT 1 FROM pg_sleep(3))::text='1",
  "coat'||(select pg_sleep(3))||'",
  "coat' UNION SELECT id, email FROM users--",
  'coat/**/OR/**/1=1',
  '$1',
  '\\',
];

/** Text that only a leaked database error or stack would contain. */
const LEAK =
  /syntax error|SQLSTATE|pg_sleep|postgres|drizzle|relation "|column "|unterminated|invalid input syntax|at [\w.]+ \(|node_modules|\.ts:\d+/i;

function clean(result: HttpResult, what: string): void {
  expect(result.status, what).not.toBeGreaterThanOrEqual(500);
  const raw = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  // An echo of the value sent (a validation message naming it) is not a leak.
  const text = [...PAYLOADS]
    .sort((a, b) => b.length - a.length)
    .reduce((t, p) => t.split(JSON.stringify(p).slice(1, -1)).join(''), raw);
  expect(text, what).not.toMatch(LEAK);
  if (result.status >= 400) {
    expect((result.body as ErrorBody).error.requestId, what).toBeTruthy();
  }
}

const ids = (page: HttpResult) => (page.body as Page).items.map((item) => item.id).sort();

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
  await admin.post('/api/v1/spaces', {
    slug: 'shop-talk',
    name: 'Shop talk',
    visibility: 'public',
    kind: 'topic',
  });
  member = new TestClient(guild.url);
  await member.signIn(await addMember(guild, tenantId));
  for (const [title, body] of [
    ['Linen coat', 'A light coat for spring.'],
    ['Wool scarf', 'Warm and soft.'],
    ['Velvet chair', 'Deep green velvet.'],
  ]) {
    const made = await member.post('/api/v1/spaces/shop-talk/posts', { title, body });
    expect(made.status).toBe(201);
  }
});
afterAll(() => guild.stop());

describe('S10 — SQL and ORDER BY injection', () => {
  it('search: a payload finds no more than its plain words would, never every post', async () => {
    const all = await member.get('/api/v1/spaces/shop-talk/posts');
    expect(ids(all)).toHaveLength(3);
    for (const payload of PAYLOADS) {
      const result = await member.get(`/api/v1/search?q=${encodeURIComponent(payload)}`);
      clean(result, payload);
      expect(result.status, payload).toBe(200);
      // Only the coat post holds any of these words; a payload that escaped would list all three.
      expect(ids(result).length, payload).toBeLessThanOrEqual(1);
    }
    const harmless = await member.get('/api/v1/search?q=coat');
    const quoted = await member.get(`/api/v1/search?q=${encodeURIComponent("coat' OR '1'='1")}`);
    expect(ids(quoted)).toEqual(ids(harmless));
  });

  it('filters: a payload as a space, segment or status filter answers as an unknown value does', async () => {
    const unknownSpace = await member.get('/api/v1/search?q=coat&space=no-such-space');
    for (const payload of PAYLOADS) {
      const bySpace = await member.get(
        `/api/v1/search?q=coat&space=${encodeURIComponent(payload)}`,
      );
      clean(bySpace, payload);
      expect(bySpace.status, payload).toBe(unknownSpace.status);
      if (bySpace.status === 200) {
        expect(ids(bySpace), payload).toEqual(ids(unknownSpace));
      }
      const bySegment = await member.get(
        `/api/v1/gamification/leaderboards?segment=${encodeURIComponent(payload)}`,
      );
      clean(bySegment, payload);
      const status = await admin.get(
        `/api/v1/privacy/requests?status=${encodeURIComponent(payload)}`,
      );
      clean(status, payload);
      expect(status.status, payload).toBe(400);
      const action = await admin.get<Page>(
        `/api/v1/admin/audit?action=${encodeURIComponent(payload)}`,
      );
      clean(action, payload);
      if (action.status === 200) {
        expect(action.body.items, payload).toEqual([]);
      }
    }
  });

  it('sort: an ORDER BY payload is refused or ignored, the order unchanged', async () => {
    const plain = await member.get('/api/v1/spaces/shop-talk/posts');
    for (const payload of [...PAYLOADS, 'title; DROP TABLE posts', '(select 1)', 'id desc, 1/0']) {
      for (const name of ['sort', 'order', 'orderBy']) {
        const result = await member.get(
          `/api/v1/spaces/shop-talk/posts?${name}=${encodeURIComponent(payload)}`,
        );
        clean(result, `${name}=${payload}`);
        if (result.status === 200) {
          expect((result.body as Page).items.map((i) => i.id)).toEqual(
            (plain.body as Page).items.map((i) => i.id),
          );
        } else {
          expect(result.status).toBe(400);
        }
      }
    }
  });

  it('pagination cursors: forged or injected cursors are a clean 400 bad_cursor', async () => {
    const forged = [
      ...PAYLOADS,
      Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z' OR 1=1--", 'x'])).toString(
        'base64url',
      ),
      Buffer.from(
        JSON.stringify([
          '2026-01-01T00:00:00.000Z',
          "00000000-0000-0000-0000-000000000000' OR '1'='1",
        ]),
      ).toString('base64url'),
      Buffer.from(JSON.stringify({ at: "now()'; select pg_sleep(3);--" })).toString('base64url'),
    ];
    for (const cursor of forged) {
      for (const path of [
        '/api/v1/search?q=coat',
        '/api/v1/spaces/shop-talk/posts?limit=1',
        '/api/v1/notifications?limit=1',
      ]) {
        const result = await member.get<ErrorBody>(`${path}&cursor=${encodeURIComponent(cursor)}`);
        clean(result, `${path} ${cursor}`);
        expect(result.status, `${path} ${cursor}`).toBe(400);
        expect(['bad_cursor', 'validation_failed']).toContain(result.body.error.code);
      }
    }
  });

  it('refuses cursors with impossible dates and malformed URLs without a 500', async () => {
    const client = new TestClient(guild.url);
    const cursor = Buffer.from(
      JSON.stringify(['0000-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000']),
    ).toString('base64url');
    const old = await client.get<ErrorBody>(`/api/v1/search?q=coat&cursor=${cursor}`);
    expect(old.body.error.code).toBe('bad_cursor');
    const badUrl = await client.get<ErrorBody>('/api/v1/spaces/%ff');
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.requestId).toBeTruthy();
    const long = await client.get<ErrorBody>(`/api/v1/spaces/${'x'.repeat(300)}`);
    expect(long.status).toBeLessThan(500);
    expect(long.body.error.requestId).toBeTruthy();
  });

  it('leaderboard period: a payload is refused as an unknown period, dates checked', async () => {
    for (const payload of PAYLOADS) {
      const period = await member.get<ErrorBody>(
        `/api/v1/gamification/leaderboards?period=${encodeURIComponent(payload)}`,
      );
      clean(period, payload);
      expect(period.status, payload).toBe(400);
      expect(period.body.error.code).toBe('validation_failed');
      const range = await member.get<ErrorBody>(
        `/api/v1/gamification/leaderboards?period=custom&from=${encodeURIComponent(payload.slice(0, 10))}&to=2026-01-31`,
      );
      clean(range, payload);
      expect(range.status, payload).toBe(400);
    }
    expect((await member.get('/api/v1/gamification/leaderboards?period=week')).status).toBe(200);
  });

  it('the posts are all still there after every payload', async () => {
    const all = await member.get('/api/v1/spaces/shop-talk/posts');
    expect(ids(all)).toHaveLength(3);
  });
});
