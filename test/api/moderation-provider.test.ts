/**
 * The gate with an external provider, over real HTTP to a small local server standing in for
 * an OpenAI-compatible chat endpoint: a provider's spam verdict on a new member's question
 * holds the post for a person, never drops or rejects it (case mod-spam-01). A provider that
 * fails, hangs or answers nonsense is SECURITY.md S26, in
 * test/security/s26-moderation-provider-failure.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sqlRows } from '../../src/core/db/database.js';
import {
  startFakeProvider,
  type FakeProvider,
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

let provider: FakeProvider;
let guild: TestGuild;
let tenantId: string;
let moderator: TestClient;
let lena: TestClient;
let reader: TestClient;

interface Post {
  id: string;
  moderation: { state: string; reasonCode: string | null; message: string | null } | null;
}

async function post(title: string, body: string): Promise<Post> {
  const result = await lena.post<Post>('/api/v1/spaces/kitchen/posts', { title, body });
  expect(result.status).toBe(201);
  return result.body;
}

beforeAll(async () => {
  provider = await startFakeProvider();
  provider.reply = () => chatAnswer(CLEAN_SCORES);
  guild = await startTestGuild({
    GUILD_MODERATION_PROVIDER: 'openai_compatible',
    GUILD_MODERATION_PROVIDER_URL: provider.url,
    GUILD_MODERATION_PROVIDER_MODEL: 'stand-in',
    GUILD_MODERATION_PROVIDER_TIMEOUT_MS: '300',
    GUILD_MODERATION_PROVIDER_FAILURES: '3',
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
  moderator = new TestClient(guild.url);
  await moderator.signIn(await addMember(guild, tenantId, 'moderator'));
  // a member two hours old with no posts, as in the field case
  lena = new TestClient(guild.url);
  await lena.signIn(await addMember(guild, tenantId, 'member', 'lena_k'));
  await guild.db.tenant(tenantId, (tx) =>
    tx.execute(
      sql`UPDATE users SET created_at = now() - interval '2 hours' WHERE username = 'lena_k'`,
    ),
  );
  reader = new TestClient(guild.url);
  await reader.signIn(await addMember(guild, tenantId, 'member'));
});
afterAll(async () => {
  await guild.stop();
  await provider.close();
});

describe('an external provider beside the local pipeline', () => {
  it('holds a new member’s question the provider calls spam, and publishes it when a moderator says it is not', async () => {
    provider.reply = () => chatAnswer({ ...CLEAN_SCORES, spam: 0.99 });
    const created = await post('Kettle', 'Does the 1.7 L glass kettle come in grey?');
    expect(created.moderation).toMatchObject({ state: 'held', reasonCode: 'spam' });
    expect(created.moderation?.message).toMatch(/waiting for a moderator/);
    expect((await reader.get(`/api/v1/posts/${created.id}`)).status).toBe(404);
    // the text went to the provider in the user message only
    const sent = provider.lastJson() as { messages: { role: string; content: string }[] };
    expect(sent.messages.find((m) => m.role === 'user')?.content).toContain('1.7 L glass kettle');
    expect(sent.messages.find((m) => m.role === 'system')?.content).not.toContain('kettle');

    const queue = await moderator.get<{ items: { id: string; itemId: string }[] }>(
      '/api/v1/moderation/queue',
    );
    const item = queue.body.items.find((i) => i.itemId === created.id)!;
    const decided = await moderator.post<{ published: boolean }>(
      `/api/v1/moderation/queue/${item.id}/decision`,
      { decision: 'approve', reason: 'false_positive' },
    );
    expect(decided.body.published).toBe(true);
    expect((await reader.get(`/api/v1/posts/${created.id}`)).status).toBe(200);
    const [label] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ labels: Record<string, number> }>(
        tx,
        sql`SELECT labels FROM moderation_labels WHERE review_item_id = ${item.id}`,
      ),
    );
    expect(label?.labels.spam).toBe(0);
  });
});
