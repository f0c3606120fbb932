/**
 * S16 (SECURITY.md) — cross-tenant access: an admin of one community (T1, "alpha") holding
 * another community's (T2, "beta") object ids, host or tenant header, and background work handed
 * T2 ids, never reads or changes T2 data; the database itself hides every row from a query made
 * without a tenant (row-level security).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { sqlRows } from '../../src/core/db/database.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptDelivery } from '../../src/integrations/outbound/delivery-attempts.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let alphaId: string;
let betaId: string;
let alphaMember: TestClient;
let alphaAdmin: TestClient;
let betaMember: TestClient;
let betaPostId: string;
let betaCommentId: string;
let betaAdmin: TestClient;
let betaDeliveryId: string;
let receiver: Server;
let receiverHits = 0;

beforeAll(async () => {
  guild = await startTestGuild();
  alphaId = await addTenant(guild, 'alpha');
  betaId = await addTenant(guild, 'beta');

  alphaMember = new TestClient(guild.url);
  await alphaMember.signIn(await addMember(guild, alphaId));
  alphaAdmin = new TestClient(guild.url);
  await alphaAdmin.signIn(await addMember(guild, alphaId, 'admin'));

  const betaManager = new TestClient(guild.url, { 'x-guild-tenant': 'beta' });
  await betaManager.signIn(await addMember(guild, betaId, 'manager'));
  await betaManager.post('/api/v1/spaces', {
    slug: 'beta-home',
    name: 'Beta Home',
    visibility: 'public',
    kind: 'topic',
  });
  betaMember = new TestClient(guild.url, { 'x-guild-tenant': 'beta' });
  await betaMember.signIn(await addMember(guild, betaId));
  const post = await betaMember.post<{ id: string }>('/api/v1/spaces/beta-home/posts', {
    title: 'Beta-only secret launch',
    body: 'The velvet armchair launches on Friday.',
  });
  betaPostId = post.body.id;
  const comment = await betaMember.post<{ id: string }>(`/api/v1/posts/${betaPostId}/comments`, {
    body: 'Beta comment',
  });
  betaCommentId = comment.body.id;

  // A webhook endpoint of beta's on a local receiver, and one delivery to it.
  receiver = createServer((_request, response) => {
    receiverHits += 1;
    response.end('ok');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  betaAdmin = new TestClient(guild.url, { 'x-guild-tenant': 'beta' });
  await betaAdmin.signIn(await addMember(guild, betaId, 'admin'));
  const endpoint = await betaAdmin.post<{ id: string }>('/api/v1/integrations/webhook-endpoints', {
    url: `http://127.0.0.1:${port}/hook`,
    topics: ['*'],
  });
  expect(endpoint.status).toBe(201);
  const ping = await betaAdmin.post<{ id: string }>(
    `/api/v1/integrations/webhook-endpoints/${endpoint.body.id}/ping`,
  );
  expect(ping.status).toBe(202);
  betaDeliveryId = ping.body.id;
});
afterAll(async () => {
  await guild.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('S16 — Cross-tenant access', () => {
  describe('through the API', () => {
    it("answers 404 for every verb on another tenant's objects, as for missing ones", async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const id of [betaPostId, missing]) {
        expect((await alphaMember.get(`/api/v1/posts/${id}`)).status).toBe(404);
        expect((await alphaMember.patch(`/api/v1/posts/${id}`, { title: 'Mine now' })).status).toBe(
          404,
        );
        expect((await alphaMember.delete(`/api/v1/posts/${id}`)).status).toBe(404);
        expect((await alphaMember.get(`/api/v1/posts/${id}/comments`)).status).toBe(404);
        expect((await alphaMember.post(`/api/v1/posts/${id}/comments`, { body: 'x' })).status).toBe(
          404,
        );
        expect((await alphaMember.put(`/api/v1/posts/${id}/reactions/like`)).status).toBe(404);
        expect((await alphaMember.put(`/api/v1/posts/${id}/follow`)).status).toBe(404);
      }
      expect(
        (await alphaMember.patch(`/api/v1/comments/${betaCommentId}`, { body: 'x' })).status,
      ).toBe(404);
      expect((await alphaMember.delete(`/api/v1/comments/${betaCommentId}`)).status).toBe(404);
      expect(
        (await alphaAdmin.patch(`/api/v1/admin/users/${missing}`, { role: 'admin' })).status,
      ).toBe(404);

      const still = await betaMember.get<{ title: string }>(`/api/v1/posts/${betaPostId}`);
      expect(still.body.title).toBe('Beta-only secret launch');
    });

    it('refuses a session used against another tenant by header or host', async () => {
      const forged = await alphaMember.get<{ error: { code: string } }>(
        `/api/v1/posts/${betaPostId}`,
        {
          'x-guild-tenant': 'beta',
        },
      );
      expect(forged.status).toBe(403);
      expect(forged.body.error.code).toBe('tenant_mismatch');
      const byHost = await alphaMember.get('/api/v1/spaces', { host: 'beta.guild.test' });
      expect([403, 200]).toContain(byHost.status);
      if (byHost.status === 200) {
        // Node's fetch may not send a custom Host; then the session's own tenant answers.
        expect(JSON.stringify(byHost.body)).not.toContain('beta-home');
      }
    });

    it("never finds another tenant's posts in search or member lists", async () => {
      const hits = await alphaMember.get<{ items: unknown[] }>('/api/v1/search?q=velvet');
      expect(hits.body.items).toEqual([]);
      const betaHits = await betaMember.get<{ items: unknown[] }>('/api/v1/search?q=velvet');
      expect(betaHits.body.items.length).toBe(1);
      const spaces = await alphaMember.get<{ items: { slug: string }[] }>('/api/v1/spaces');
      expect(spaces.body.items.map((s) => s.slug)).not.toContain('beta-home');
    });

    it('an admin token of one tenant cannot reach the other', async () => {
      const created = await alphaAdmin.post<{ token: string }>('/api/v1/api-tokens', {
        name: 'CRM sync',
        scopes: ['read', 'write'],
      });
      expect(created.status).toBe(201);
      const bearer = { authorization: `Bearer ${created.body.token}` };
      const integration = new TestClient(guild.url, bearer);
      expect((await integration.get(`/api/v1/posts/${betaPostId}`)).status).toBe(404);
      expect(
        (await integration.get(`/api/v1/posts/${betaPostId}`, { 'x-guild-tenant': 'beta' })).status,
      ).toBe(403);
      expect((await integration.get('/api/v1/api-tokens')).status).toBe(403);
      expect((await integration.get('/api/v1/spaces')).status).toBe(200);

      const list = await alphaAdmin.get<{ items: { id: string; name: string }[] }>(
        '/api/v1/api-tokens',
      );
      const stored = JSON.stringify(list.body);
      expect(stored).not.toContain(created.body.token);
      const id = list.body.items.find((t) => t.name === 'CRM sync')!.id;
      expect((await alphaAdmin.delete(`/api/v1/api-tokens/${id}`)).status).toBe(204);
      expect((await integration.get('/api/v1/spaces')).status).toBe(401);
    });
    it('search, leaderboards and analytics of one tenant show nothing of the other', async () => {
      const betaSpace = await betaMember.get<{ id: string }>('/api/v1/spaces/beta-home');
      expect(betaSpace.status).toBe(200);
      const board = await alphaAdmin.get(
        `/api/v1/gamification/leaderboards?spaceId=${betaSpace.body.id}&period=all`,
      );
      expect([200, 404]).toContain(board.status);
      expect(JSON.stringify(board.body)).not.toMatch(/beta|velvet/i);
      const search = await alphaAdmin.get<{ items: unknown[] }>(
        `/api/v1/search?q=velvet&space=beta-home`,
      );
      expect([200, 404]).toContain(search.status);
      expect(JSON.stringify(search.body)).not.toContain('velvet');
      const forgedAnalytics = await alphaAdmin.get<{ error: { code: string } }>(
        '/api/v1/analytics/metrics?from=2026-01&to=2026-02',
        { 'x-guild-tenant': 'beta' },
      );
      expect(forgedAnalytics.status).toBe(403);
      expect(forgedAnalytics.body.error.code).toBe('tenant_mismatch');
      const own = await alphaAdmin.get('/api/v1/analytics/metrics?from=2026-01&to=2026-02');
      expect(own.status).toBe(200);
    });

    it("cannot see or replay another tenant's webhook deliveries", async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const seen = await alphaAdmin.get(`/api/v1/integrations/deliveries/${betaDeliveryId}`);
      const none = await alphaAdmin.get(`/api/v1/integrations/deliveries/${missing}`);
      expect(seen.status).toBe(404);
      expect(none.status).toBe(404);
      const replay = await alphaAdmin.post(
        `/api/v1/integrations/deliveries/${betaDeliveryId}/replay`,
      );
      expect(replay.status).toBe(404);
      const list = await alphaAdmin.get('/api/v1/integrations/deliveries');
      expect(JSON.stringify(list.body)).not.toContain(betaDeliveryId);
      expect(
        (await betaAdmin.get(`/api/v1/integrations/deliveries/${betaDeliveryId}`)).status,
      ).toBe(200);
    });

    it("background work handed another tenant's ids finds nothing and changes nothing", async () => {
      const before = receiverHits;
      const [row] = await guild.db.tenant(betaId, (tx) =>
        sqlRows<{ attempts: number }>(
          tx,
          sql`select attempts from deliveries where id = ${betaDeliveryId}`,
        ),
      );
      const result = await attemptDelivery(guild.db, alphaId, betaDeliveryId, {
        maxAttempts: 3,
        retrySeconds: 1,
        timeoutMs: 1000,
      });
      expect(result).toBeNull();
      expect(receiverHits).toBe(before);
      const [after] = await guild.db.tenant(betaId, (tx) =>
        sqlRows<{ attempts: number }>(
          tx,
          sql`select attempts from deliveries where id = ${betaDeliveryId}`,
        ),
      );
      expect(after).toEqual(row);
    });
  });

  describe('in the database itself (row-level security)', () => {
    it('a query as the application role without a tenant sees no rows at all', async () => {
      const counts = await guild.db.system.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'guild_app', true)`);
        const rows = await sqlRows<{ posts: number; users: number; sessions: number }>(
          tx,
          sql`
          select (select count(*)::int from posts) as posts,
                 (select count(*)::int from users) as users,
                 (select count(*)::int from sessions) as sessions`,
        );
        return rows[0];
      });
      expect(counts).toEqual({ posts: 0, users: 0, sessions: 0 });
    });

    it("a tenant's transaction cannot read or write another tenant's rows", async () => {
      const count = (tenantId: string) =>
        guild.db.tenant(tenantId, (tx) =>
          sqlRows<{ n: number }>(
            tx,
            sql`select count(*)::int as n from posts where id = ${betaPostId}`,
          ),
        );
      expect((await count(alphaId))[0]?.n).toBe(0);
      await expect(
        guild.db.tenant(alphaId, (tx) =>
          tx.execute(sql`insert into segments (tenant_id, key, name) values (${betaId}, 'x', 'x')`),
        ),
      ).rejects.toThrow();
      expect((await count(betaId))[0]?.n).toBe(1);
    });
  });
});
