/**
 * Webhooks in, over real HTTP: partners POST signed events to
 * `/integrations/<source>/webhooks` on the tenant's host; events are processed by a background
 * job into customers, mentions and loyalty accounts; secrets rotate; admins manage sources and
 * events. Forged webhooks (SECURITY.md S24) and duplicate, retried and out-of-order ones (S25)
 * are tested in test/security/s24-forged-webhooks and s25-duplicate-webhooks.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, TestClient, type HttpResult, type TestGuild } from '../support/harness.js';
import {
  envelope,
  WebhookRig,
  type ErrorBody,
  type Page,
  type Source,
  type WebhookEvent,
} from '../support/webhook-rig.js';

const rig = new WebhookRig();
let guild: TestGuild;
let alphaId: string;
let admin: TestClient;

beforeAll(async () => {
  await rig.start();
  ({ guild, alphaId, admin } = rig);
});
afterAll(() => rig.stop());

const { addSource, deliver, eventSettled, count } = rig;

describe('taking in events', () => {
  it('joins a verified member to the customer a webhook brings, and no unverified one', async () => {
    const source = await addSource(admin, 'crm-match', { kind: 'crm' });
    const verified = await addMember(guild, alphaId, 'member', 'grace_h');
    const unverified = await addMember(guild, alphaId, 'member', 'edsger_d');
    await guild.db.query(
      `UPDATE users SET email_verified_at = now() WHERE tenant_id = $1 AND username = $2`,
      [alphaId, verified.username],
    );
    for (const [id, member] of [
      ['C-GRACE', verified],
      ['C-EDSGER', unverified],
    ] as const) {
      const event = envelope('customer.upsert', {
        external_id: id,
        email: member.email.toUpperCase(),
      });
      const answer = await deliver('crm-match', event, { secret: source.secret });
      await eventSettled(answer.body.id, 'processed');
    }
    const links = await guild.db.query<{ external_id: string; rule: string }>(
      `SELECT c.external_id, l.rule FROM member_customer_links l
         JOIN customers c ON c.id = l.customer_id
        WHERE l.tenant_id = $1 AND c.external_id IN ('C-GRACE', 'C-EDSGER')`,
      [alphaId],
    );
    expect(links).toEqual([{ external_id: 'C-GRACE', rule: 'verified_email' }]);
  });

  it('writes mentions and loyalty accounts', async () => {
    const social = await addSource(admin, 'listening', { kind: 'social' });
    const mention = await deliver(
      'listening',
      envelope('mention.created', {
        platform: 'Instagram',
        external_id: 'ig-1',
        author_handle: '@Ada',
        text: 'Love the new mugs',
        posted_at: '2026-12-01T10:00:00Z',
        reach: 1200,
        sentiment: 'positive',
        brand: 'Guild Home',
      }),
      { secret: social.secret },
    );
    expect(mention.status).toBe(202);
    await eventSettled(mention.body.id, 'processed');
    const [stored] = await guild.db.query<Record<string, unknown>>(
      `SELECT m.platform, m.body, m.reach, m.sentiment, p.handle_key FROM mentions m
         JOIN social_profiles p ON p.id = m.profile_id WHERE m.external_id = 'ig-1'`,
    );
    expect(stored).toEqual({
      platform: 'instagram',
      body: 'Love the new mugs',
      reach: 1200,
      sentiment: 'positive',
      handle_key: 'ada',
    });

    // The customer the loyalty account belongs to.
    const crm = await addSource(admin, 'crm-owner', { kind: 'crm' });
    const owner = await deliver(
      'crm-owner',
      envelope('customer.upsert', { external_id: 'C-1', loyalty_id: 'L-ADA' }),
      { secret: crm.secret },
    );
    await eventSettled(owner.body.id, 'processed');

    const program = await addSource(admin, 'points-in', { kind: 'loyalty' });
    const account = await deliver(
      'points-in',
      envelope('loyalty.account', { loyalty_id: 'L-ADA', tier: 'gold', points_balance: 40 }),
      { secret: program.secret },
    );
    await eventSettled(account.body.id, 'processed');
    const [row] = await guild.db.query<Record<string, unknown>>(
      `SELECT a.tier_code, a.points_balance::int AS balance, c.external_id AS customer
         FROM loyalty_accounts a LEFT JOIN customers c ON c.id = a.customer_id
        WHERE a.external_id = 'L-ADA'`,
    );
    expect(row).toEqual({ tier_code: 'gold', balance: 40, customer: 'C-1' });
  });
});

describe('secret rotation', () => {
  it('accepts the previous secret until it expires, then refuses it', async () => {
    const source = await addSource(admin, 'crm-rotating', { kind: 'crm' });
    const rotated = await admin.post<Source & { secret: string }>(
      `/api/v1/integrations/sources/${source.id}/rotate-secret`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(source.secret);
    const expires = Date.parse(rotated.body.previousSecretExpiresAt!);
    expect(expires - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    const customer = (id: string) => envelope('customer.upsert', { external_id: id });
    const withOld = await deliver('crm-rotating', customer('rot-1'), { secret: source.secret });
    expect(withOld.status).toBe(202);
    const withNew = await deliver('crm-rotating', customer('rot-2'), {
      secret: rotated.body.secret,
    });
    expect(withNew.status).toBe(202);

    await guild.db.query(
      `UPDATE integration_sources SET previous_secret_expires_at = now() - interval '1 second'
        WHERE id = $1`,
      [source.id],
    );
    const late = await deliver<ErrorBody>('crm-rotating', customer('rot-3'), {
      secret: source.secret,
    });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('webhook_signature_invalid');
    const current = await deliver('crm-rotating', customer('rot-4'), {
      secret: rotated.body.secret,
    });
    expect(current.status).toBe(202);
    const shown = await admin.get<Source>(`/api/v1/integrations/sources/${source.id}`);
    expect(shown.body.previousSecretExpiresAt).toBeNull();
    expect(await count('webhook_events WHERE source_id = $1', [source.id])).toBe(3);
  });
});

describe('the admin API of sources and events', () => {
  it('shows a secret once, never lists it or the API key, and audits changes', async () => {
    const source = await addSource(admin, 'loyalty-admin', {
      kind: 'loyalty',
      apiUrl: 'http://127.0.0.1:9/loyalty',
      apiKey: 'sk-loyalty-very-private',
    });
    expect(source).toMatchObject({
      hasApiKey: true,
      enabled: true,
      webhookPath: '/integrations/loyalty-admin/webhooks',
      previousSecretExpiresAt: null,
    });
    expect(JSON.stringify(source)).not.toContain('sk-loyalty-very-private');

    const taken = await admin.post<ErrorBody>('/api/v1/integrations/sources', {
      slug: 'loyalty-admin',
      name: 'Again',
      kind: 'loyalty',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('slug_taken');
    // Refused API addresses (SSRF) are SECURITY.md S11: test/security/s11-ssrf.test.ts.

    const sent = await deliver(
      'loyalty-admin',
      envelope('loyalty.account', {
        loyalty_id: 'L-ADMIN',
        points_balance: 5,
      }),
      { secret: source.secret },
    );
    expect(sent.status).toBe(202);

    const responses = [
      await admin.get('/api/v1/integrations/sources'),
      await admin.get(`/api/v1/integrations/sources/${source.id}`),
      await admin.patch(`/api/v1/integrations/sources/${source.id}`, { name: 'Points program' }),
      await admin.get('/api/v1/integrations/webhook-events'),
      await admin.get(`/api/v1/integrations/webhook-events/${sent.body.id}`),
    ];
    for (const response of responses) {
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(source.secret);
      expect(text).not.toContain('sk-loyalty-very-private');
      expect(text).not.toContain('"secret"');
      expect(text).not.toContain('"apiKey"');
    }
    const listed = responses[0]!.body as Page<Source>;
    expect(listed.items.find((s) => s.id === source.id)).toMatchObject({ hasApiKey: true });
    expect(responses[2]!.body).toMatchObject({ name: 'Points program', hasApiKey: true });

    const cleared = await admin.patch<Source>(`/api/v1/integrations/sources/${source.id}`, {
      apiKey: null,
    });
    expect(cleared.body.hasApiKey).toBe(false);

    const audit = await guild.db.query<{ action: string; details: unknown }>(
      `SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [source.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'integration_sources.create',
      'integration_sources.update',
      'integration_sources.update',
    ]);
    const auditText = JSON.stringify(audit);
    expect(auditText).not.toContain(source.secret);
    expect(auditText).not.toContain('sk-loyalty-very-private');

    // Pages of events, one at a time, filtered by source.
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: HttpResult<Page<WebhookEvent>> = await admin.get<Page<WebhookEvent>>(
        `/api/v1/integrations/webhook-events?limit=1&source=crm-rotating${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e) => e.id));
      expect(page.body.items.every((e) => e.source === 'crm-rotating')).toBe(true);
      cursor = page.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(3);

    const removed = await admin.delete(`/api/v1/integrations/sources/${source.id}`);
    expect(removed.status).toBe(204);
    const gone = await deliver<ErrorBody>(
      'loyalty-admin',
      envelope('loyalty.account', {
        loyalty_id: 'L-ADMIN',
        points_balance: 6,
      }),
      { secret: source.secret },
    );
    expect(gone.status).toBe(404);
    expect(await count('webhook_events WHERE source_id = $1', [source.id])).toBe(0);
  });

  it('is for admins only', async () => {
    const manager = new TestClient(guild.url);
    await manager.signIn(await addMember(guild, alphaId, 'manager'));
    const id = randomUUID();
    const routes = [
      ['GET', '/api/v1/integrations/sources'],
      ['POST', '/api/v1/integrations/sources'],
      ['GET', `/api/v1/integrations/sources/${id}`],
      ['PATCH', `/api/v1/integrations/sources/${id}`],
      ['DELETE', `/api/v1/integrations/sources/${id}`],
      ['POST', `/api/v1/integrations/sources/${id}/rotate-secret`],
      ['GET', '/api/v1/integrations/webhook-events'],
      ['GET', `/api/v1/integrations/webhook-events/${id}`],
      ['POST', `/api/v1/integrations/webhook-events/${id}/replay`],
    ] as const;
    for (const [method, path] of routes) {
      const body =
        method === 'POST' || method === 'PATCH'
          ? { slug: 'nope', name: 'Nope', kind: 'shop' }
          : undefined;
      const answer = await manager.request<ErrorBody>(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
      const anonymous = await new TestClient(guild.url).request(method, path, body);
      expect(anonymous.status, `${method} ${path}`).toBe(401);
    }
    expect(await count('integration_sources WHERE slug = $1', ['nope'])).toBe(0);
  });
});
