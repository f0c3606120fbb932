/**
 * SECURITY.md S26 — the external moderation provider fails: it hangs past its timeout (the
 * provider's configured timeout, shortened here through GUILD_MODERATION_PROVIDER_TIMEOUT_MS;
 * nothing here measures time), answers 500, or answers JSON that is not JSON. The post is then
 * decided by the local rules and classifier, or held for a person — never published as clean on
 * the word of a check that failed — and after enough failures in a row the circuit breaker
 * opens and the provider is not called. A small local server stands in for an OpenAI-compatible
 * chat endpoint. The unit tests of every provider's failure kinds are beside their code:
 * src/moderation/providers/failures.test.ts (`S26 — …`).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import {
  startFakeProvider,
  type FakeProvider,
  type Reply,
  CLEAN_SCORES,
  chatAnswer,
} from '../../src/moderation/providers/test-support.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

const FAILURES_TO_OPEN = 3;

let provider: FakeProvider;
let guild: TestGuild;
let tenantId: string;
let author: TestClient;
let reader: TestClient;
let counter = 0;

interface Post {
  id: string;
  moderation: { state: string; reasonCode: string | null } | null;
}

async function post(title: string, body: string): Promise<Post> {
  counter += 1;
  const result = await author.post<Post>('/api/v1/spaces/kitchen/posts', {
    title: `${title} ${counter}`,
    body,
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

async function checkOf(postId: string) {
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ decision: string; provider: string | null; provider_error: string | null }>(
      tx,
      sql`SELECT decision, provider, provider_error FROM moderation_checks WHERE item_id = ${postId}`,
    ),
  );
  return row!;
}

/** A healthy answer in between, so that failures in a row start again from nothing. */
async function healthyCall(): Promise<void> {
  provider.reply = () => chatAnswer(CLEAN_SCORES);
  const fine = await post('Teapot', 'Does the stoneware teapot keep tea warm for long?');
  expect((await checkOf(fine.id)).provider_error).toBeNull();
}

const TOXIC = 'You are a pathetic worthless idiot and everyone hates you';
const CLEAN = 'Which toaster do you recommend for a small kitchen?';

/** With the provider failing as `reply` does, a toxic and a clean post are judged locally. */
async function judgedLocally(reply: Reply, reason: string): Promise<void> {
  provider.reply = () => reply;
  const calls = provider.received.length;

  const toxic = await post('Driver', TOXIC);
  expect(toxic.moderation?.state).toMatch(/^(held|rejected)$/);
  expect((await reader.get(`/api/v1/posts/${toxic.id}`)).status).toBe(404);
  const toxicCheck = await checkOf(toxic.id);
  expect(toxicCheck.provider_error).toBe(reason);
  expect(toxicCheck.decision).not.toBe('allow');

  // A clean text is decided by the local pipeline; the record says the provider failed, so the
  // publication is not on the provider's word.
  const clean = await post('Toaster', CLEAN);
  const cleanCheck = await checkOf(clean.id);
  expect(cleanCheck.provider_error).toBe(reason);
  expect(clean.moderation).toBeNull();
  expect(provider.received.length).toBe(calls + 2);
  await healthyCall();
}

beforeAll(async () => {
  provider = await startFakeProvider();
  provider.reply = () => chatAnswer(CLEAN_SCORES);
  guild = await startTestGuild({
    GUILD_MODERATION_PROVIDER: 'openai_compatible',
    GUILD_MODERATION_PROVIDER_URL: provider.url,
    GUILD_MODERATION_PROVIDER_MODEL: 'stand-in',
    GUILD_MODERATION_PROVIDER_TIMEOUT_MS: '300',
    GUILD_MODERATION_PROVIDER_FAILURES: String(FAILURES_TO_OPEN),
    GUILD_MODERATION_PROVIDER_COOLDOWN_SECONDS: '3600',
  });
  tenantId = await addTenant(guild, 'alpha');
  const manager = new TestClient(guild.url);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  await manager.post('/api/v1/spaces', {
    slug: 'kitchen',
    name: 'Kitchen',
    visibility: 'public',
    kind: 'topic',
  });
  author = new TestClient(guild.url);
  const account = await addMember(guild, tenantId, 'member', 'casey_s26');
  await guild.db.tenant(tenantId, (tx) =>
    tx.execute(
      sql`UPDATE users SET created_at = now() - interval '30 days' WHERE username = 'casey_s26'`,
    ),
  );
  await author.signIn(account);
  reader = new TestClient(guild.url);
  await reader.signIn(await addMember(guild, tenantId, 'member'));
});
afterAll(async () => {
  await guild.stop();
  await provider.close();
});

describe('S26 — moderation provider failure', () => {
  it('S26: the provider hangs past its configured timeout → decided locally, never clean on its word', () =>
    judgedLocally('hang', 'timeout'));

  it('S26: the provider answers 500 → decided locally, never clean on its word', () =>
    judgedLocally({ status: 500, json: { error: 'down' } }, 'http_error'));

  it('S26: the provider answers malformed JSON → decided locally, never clean on its word', () =>
    judgedLocally({ text: 'this is not json' }, 'malformed_response'));

  it('S26: a provider verdict of "clean" never lowers the local one (a toxic text stays held or rejected)', async () => {
    provider.reply = () => chatAnswer(CLEAN_SCORES);
    const toxic = await post('Driver', TOXIC);
    expect(toxic.moderation?.state).toMatch(/^(held|rejected)$/);
    expect((await checkOf(toxic.id)).provider_error).toBeNull();
  });

  it('S26: the circuit breaker opens after failures in a row, and the provider is no longer called', async () => {
    provider.reply = () => ({ status: 500, json: { error: 'down' } });
    for (let i = 0; i < FAILURES_TO_OPEN; i += 1) {
      const failed = await post('Kettle', `Is the kettle number ${i} quiet when it boils?`);
      expect((await checkOf(failed.id)).provider_error).toBe('http_error');
    }
    const calls = provider.received.length;
    provider.reply = () => chatAnswer(CLEAN_SCORES);
    const toxic = await post('Driver', TOXIC);
    const after = await post('Toaster', CLEAN);
    expect(provider.received.length).toBe(calls);
    expect((await checkOf(toxic.id)).provider_error).toBe('circuit_open');
    expect((await checkOf(after.id)).provider_error).toBe('circuit_open');
    // The local pipeline still decides: the toxic text is not published, the clean one is.
    expect(toxic.moderation?.state).toMatch(/^(held|rejected)$/);
    expect(after.moderation).toBeNull();
  });
});
