/**
 * SECURITY.md S23 — flooding by a new account: 50 replies within a minute, a 4th topic on day
 * one, a 4th reply in one topic before anyone answers. Guild holds first-day accounts to
 * Discourse's defaults (3 topics and 10 replies in the first 24 hours, 3 replies in a row in one
 * topic until someone else answers) and answers a refused write 429 with Retry-After; so does
 * the per-member write limit of every API write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/config.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type HttpResult,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';

interface ErrorBody {
  error: { code: string; details?: { limit?: string } };
}

let guild: TestGuild;
let tenantId: string;
let veteran: TestClient;
let counter = 0;

async function signedIn(member: TestMember): Promise<TestClient> {
  const client = new TestClient(guild.url);
  await client.signIn(member);
  return client;
}

/** A member whose account is `hoursOld` hours old. */
async function memberAged(hoursOld: number, role: 'member' | 'moderator' = 'member') {
  const account = await addMember(guild, tenantId, role);
  await guild.db.query(
    `UPDATE users SET created_at = now() - make_interval(hours => $1) WHERE username = $2`,
    [hoursOld, account.username],
  );
  return signedIn(account);
}

function text(): string {
  counter += 1;
  return `Reply number ${counter}: the ${['wool', 'linen', 'denim', 'suede'][counter % 4]} one in size ${counter % 17}.`;
}

function topic(client: TestClient) {
  counter += 1;
  return client.post<{ id: string } & ErrorBody>('/api/v1/spaces/flood/posts', {
    title: `Question ${counter} about sizing`,
    body: `Does the ${['coat', 'boot', 'scarf'][counter % 3]} number ${counter} run small?`,
  });
}

function reply(client: TestClient, postId: string) {
  return client.post<{ id: string } & ErrorBody>(`/api/v1/posts/${postId}/comments`, {
    body: text(),
  });
}

/** A refusal of a first-day limit: 429 rate_limited with a Retry-After within the day. */
function expectThrottled(answer: HttpResult<ErrorBody>, limit: string): void {
  expect(answer.status).toBe(429);
  expect(answer.body.error.code).toBe('rate_limited');
  expect(answer.body.error.details?.limit).toBe(limit);
  const after = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(after)).toBe(true);
  expect(after).toBeGreaterThan(0);
  expect(after).toBeLessThanOrEqual(24 * 3600);
}

async function commentsBy(client: TestClient): Promise<number> {
  const me = await client.get<{ id: string }>('/api/v1/users/me');
  const [row] = await guild.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM comments WHERE author_id = $1',
    [me.body.id],
  );
  return row!.n;
}

beforeAll(async () => {
  // The first-day limits at their defaults (the harness turns them off for other tests).
  guild = await startTestGuild({
    GUILD_NEW_MEMBER_TOPICS: '',
    GUILD_NEW_MEMBER_REPLIES: '',
    GUILD_NEW_MEMBER_REPLIES_PER_TOPIC: '',
  });
  tenantId = await addTenant(guild, 'alpha');
  const manager = await signedIn(await addMember(guild, tenantId, 'manager'));
  const space = await manager.post('/api/v1/spaces', {
    slug: 'flood',
    name: 'Flood',
    visibility: 'public',
    kind: 'topic',
  });
  expect(space.status).toBe(201);
  veteran = await memberAged(24 * 30);
});
afterAll(() => guild.stop());

describe('S23 — flooding', () => {
  it("S23: the defaults are Discourse's: 3 topics and 10 replies on the first day, 3 replies per topic", () => {
    expect(loadConfig({}).newMembers).toEqual({
      topicsFirstDay: 3,
      repliesFirstDay: 10,
      repliesPerTopic: 3,
    });
  });

  it('S23: a new account sending 50 replies at once (within 60 s) gets 10 through; the other 40 are 429 with Retry-After', async () => {
    const topics: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const made = await topic(veteran);
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      topics.push(made.body.id);
    }
    const flooder = await signedIn(await addMember(guild, tenantId, 'member'));
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => reply(flooder, topics[i % topics.length]!)),
    );
    const through = answers.filter((answer) => answer.status === 201);
    expect(through).toHaveLength(10);
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expectThrottled(answer, answer.body.error?.details?.limit ?? 'missing');
      expect(['replies_first_day', 'replies_per_topic']).toContain(
        answer.body.error.details?.limit,
      );
    }
    expect(await commentsBy(flooder)).toBe(10);
  });

  it('S23: a 4th topic on day one is refused 429 with Retry-After, and deleting one frees no slot', async () => {
    const newcomer = await signedIn(await addMember(guild, tenantId, 'member'));
    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      answers.push(await topic(newcomer));
    }
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 429]);
    expectThrottled(answers[3]!, 'topics_first_day');
    expect((await newcomer.delete(`/api/v1/posts/${answers[0]!.body.id}`)).status).toBe(204);
    expectThrottled(await topic(newcomer), 'topics_first_day');
  });

  it('S23: a 4th reply in one topic before anyone answers is refused 429; once someone answers, the member may reply again', async () => {
    const made = await topic(veteran);
    const newcomer = await signedIn(await addMember(guild, tenantId, 'member'));
    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      answers.push(await reply(newcomer, made.body.id));
    }
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 429]);
    expectThrottled(answers[3]!, 'replies_per_topic');
    // Elsewhere the member may still reply.
    const other = await topic(veteran);
    expect((await reply(newcomer, other.body.id)).status).toBe(201);
    // Someone answers in the first topic: the member may reply there again.
    expect((await reply(veteran, made.body.id)).status).toBe(201);
    expect((await reply(newcomer, made.body.id)).status).toBe(201);
  });

  it('S23: the first-day limits end after 24 hours and never apply to staff', async () => {
    const dayOld = await memberAged(25);
    const moderator = await memberAged(0, 'moderator');
    for (const client of [dayOld, moderator]) {
      for (let i = 0; i < 5; i += 1) {
        const made = await topic(client);
        expect(made.status, JSON.stringify(made.body)).toBe(201);
      }
    }
  });

  it('S23: API write endpoints answer 429 with Retry-After past the per-member write limit', async () => {
    const limited = await startTestGuild({ GUILD_WRITES_PER_MINUTE: '5' });
    try {
      const betaId = await addTenant(limited, 'alpha');
      const client = new TestClient(limited.url);
      await client.signIn(await addMember(limited, betaId, 'member'));
      const answers = [];
      for (let i = 0; i < 8; i += 1) {
        answers.push(await client.patch<ErrorBody>('/api/v1/users/me', { bio: `attempt ${i}` }));
      }
      const refused = answers.filter((answer) => answer.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      for (const answer of refused) {
        expect(answer.body.error.code).toBe('rate_limited');
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect((await client.get('/api/v1/spaces')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
