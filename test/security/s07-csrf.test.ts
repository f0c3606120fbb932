/**
 * S07 — CSRF (SECURITY.md B): an attacker's page that auto-submits forms (text/plain,
 * urlencoded, multipart) with the victim's cookies to create a post, redeem a reward or change
 * the e-mail address is refused, and so are the same actions tried with GET; nothing changes.
 * A cross-site form sends an Origin of the attacker's site and no CSRF token; a browser also
 * keeps a SameSite=Lax cookie off cross-site POSTs (the cookie attribute is checked in S05).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credit } from '../../src/gamification/ledger.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

const EVIL = 'https://evil.example';

let guild: TestGuild;
let tenantId: string;
let victim: TestMember;
let victimClient: TestClient;
let victimId: string;
let rewardId: string;

beforeAll(async () => {
  guild = await startTestGuild({ GUILD_MAIL: 'log' });
  tenantId = await addTenant(guild, 'alpha');
  const manager = new TestClient(guild.url);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  const space = await manager.post('/api/v1/spaces', {
    slug: 'talk',
    name: 'Talk',
    visibility: 'public',
    kind: 'topic',
  });
  expect(space.status).toBe(201);
  const reward = await manager.post<{ id: string }>('/api/v1/rewards', {
    name: 'Tote bag',
    kind: 'physical',
    cost: 10,
  });
  expect(reward.status).toBe(201);
  rewardId = reward.body.id;

  victim = await addMember(guild, tenantId);
  victimClient = new TestClient(guild.url);
  await victimClient.signIn(victim);
  victimId = (await victimClient.get<{ user: { id: string } }>('/api/v1/session')).body.user.id;
  await guild.db.tenant(tenantId, (tx) =>
    credit(tx, tenantId, {
      userId: victimId,
      amount: 100,
      reason: 'CSRF test balance',
      source: 'api',
      idempotencyKey: 'csrf-balance',
    }),
  );
});
afterAll(() => guild.stop());

/** What the victim's account holds that the attacks try to change. */
async function state() {
  const [row] = await guild.db.query<{ posts: number; redemptions: number; email: string }>(
    `SELECT (SELECT count(*)::int FROM posts WHERE author_id = $1) AS posts,
            (SELECT count(*)::int FROM reward_redemptions WHERE user_id = $1) AS redemptions,
            (SELECT email FROM users WHERE id = $1) AS email`,
    [victimId],
  );
  return row!;
}

/** A request as the victim's browser sends it from the attacker's page: cookies, no token. */
function crossSite(
  method: string,
  path: string,
  body: string | undefined,
  contentType: string | undefined,
  extra: Record<string, string> = {},
) {
  return fetch(`${guild.url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      cookie: victimClient.cookieHeader(),
      origin: EVIL,
      'sec-fetch-site': 'cross-site',
      ...(contentType ? { 'content-type': contentType } : {}),
      ...extra,
    },
    body,
  });
}

const ACTIONS = [
  {
    what: 'create a post',
    path: '/api/v1/spaces/talk/posts',
    fields: { title: 'Pwned by a form', body: 'posted cross-site' },
  },
  {
    what: 'redeem a reward',
    path: () => `/api/v1/rewards/${rewardId}/redemptions`,
    fields: {},
  },
  {
    what: 'change the e-mail address',
    path: '/api/v1/users/me/email',
    fields: { email: 'attacker@evil.example', currentPassword: 'tidy-lantern-harbour' },
  },
];

function pathOf(action: (typeof ACTIONS)[number]): string {
  return typeof action.path === 'function' ? action.path() : action.path;
}

describe('S07 — CSRF', () => {
  it.each(ACTIONS)('refuses a cross-site text/plain form that would $what', async (action) => {
    const before = await state();
    const body = `${JSON.stringify(action.fields).slice(0, -1)}, "x": "="}`;
    const reply = await crossSite('POST', pathOf(action), body, 'text/plain');
    expect([403, 415]).toContain(reply.status);
    expect(await state()).toEqual(before);
  });

  it.each(ACTIONS)('refuses a cross-site urlencoded form that would $what', async (action) => {
    const before = await state();
    const body = new URLSearchParams(action.fields as Record<string, string>).toString();
    const reply = await crossSite(
      'POST',
      pathOf(action),
      body,
      'application/x-www-form-urlencoded',
    );
    expect([403, 415]).toContain(reply.status);
    expect(await state()).toEqual(before);
  });

  it.each(ACTIONS)('refuses a cross-site multipart form that would $what', async (action) => {
    const before = await state();
    const form = new FormData();
    for (const [key, value] of Object.entries(action.fields)) {
      form.set(key, String(value));
    }
    const reply = await fetch(`${guild.url}${pathOf(action)}`, {
      method: 'POST',
      headers: { cookie: victimClient.cookieHeader(), origin: EVIL },
      body: form,
    });
    expect([403, 415]).toContain(reply.status);
    expect(await state()).toEqual(before);
  });

  it.each(ACTIONS)(
    'refuses JSON that would $what from another origin, even with the right CSRF token',
    async (action) => {
      const before = await state();
      const reply = await crossSite(
        'POST',
        pathOf(action),
        JSON.stringify(action.fields),
        'application/json',
        {
          'x-csrf-token': victimClient.csrfToken!,
          'idempotency-key': `csrf-${Math.random()}`,
        },
      );
      expect(reply.status).toBe(403);
      expect(((await reply.json()) as ErrorBody).error.code).toBe('csrf_failed');
      expect(await state()).toEqual(before);
    },
  );

  it.each(ACTIONS)(
    'refuses same-origin JSON that would $what without the CSRF token',
    async (action) => {
      const before = await state();
      const reply = await victimClient.request<ErrorBody>('POST', pathOf(action), action.fields, {
        'x-csrf-token': '',
        'idempotency-key': `csrf-${Math.random()}`,
      });
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe('csrf_failed');
      const wrong = await victimClient.request<ErrorBody>('POST', pathOf(action), action.fields, {
        'x-csrf-token': 'not-the-token',
        'idempotency-key': `csrf-${Math.random()}`,
      });
      expect(wrong.body.error.code).toBe('csrf_failed');
      expect(await state()).toEqual(before);
    },
  );

  it.each(ACTIONS)(
    'changes nothing when the same action to $what is tried with GET or HEAD',
    async (action) => {
      const before = await state();
      const query = new URLSearchParams(action.fields as Record<string, string>).toString();
      for (const method of ['GET', 'HEAD']) {
        const reply = await fetch(`${guild.url}${pathOf(action)}?${query}`, {
          method,
          headers: { cookie: victimClient.cookieHeader() },
        });
        // A GET may answer a read (the space's post list) but never performs the action.
        expect(reply.status, `${method} ${action.what}`).not.toBe(201);
        expect(reply.status).toBeLessThan(500);
      }
      expect(await state()).toEqual(before);
    },
  );

  it('refuses sign-out and profile changes via GET, and keeps the session', async () => {
    const viaGet = await victimClient.get('/api/v1/auth/sign-out');
    expect([404, 405]).toContain(viaGet.status);
    expect((await victimClient.get('/api/v1/auth/sessions')).status).toBe(200);
    const beforeBio = await victimClient.get<{ bio: string | null }>('/api/v1/users/me?bio=owned');
    expect(beforeBio.body.bio).not.toBe('owned');
  });

  it('still accepts the genuine same-origin request with the token', async () => {
    const ok = await victimClient.patch<{ bio: string }>('/api/v1/users/me', {
      bio: 'Loves linen.',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.bio).toBe('Loves linen.');
    const post = await victimClient.post('/api/v1/spaces/talk/posts', {
      title: 'A real post',
      body: 'written here',
    });
    expect(post.status).toBe(201);
  });
});
