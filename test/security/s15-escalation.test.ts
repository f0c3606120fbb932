/**
 * S15 (SECURITY.md) — vertical escalation and mass assignment: a member calling the APIs of
 * moderators, managers and admins is refused, and fields a member may not set on their own
 * profile are ignored.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let member: TestClient;
let memberId: string;

interface ErrorBody {
  error: { code: string };
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  member = new TestClient(guild.url);
  await member.signIn(await addMember(guild, tenantId));
  memberId = (await member.get<{ user: { id: string } }>('/api/v1/session')).body.user.id;
});
afterAll(() => guild.stop());

const someId = '00000000-0000-4000-8000-000000000001';

describe('S15 — Vertical escalation and mass assignment', () => {
  it('refuses a member every moderator, manager and admin API', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/moderation/queue'],
      [
        'POST',
        `/api/v1/moderation/queue/${someId}/decision`,
        { decision: 'approve', reason: 'ok' },
      ],
      [
        'POST',
        '/api/v1/moderation/queue/decisions',
        { ids: [someId], decision: 'approve', reason: 'ok' },
      ],
      ['POST', '/api/v1/points/awards', { userId: memberId, points: 1000, reason: 'me' }],
      ['POST', '/api/v1/points/adjustments', { userId: memberId, points: 1000, reason: 'me' }],
      ['GET', `/api/v1/points/members/${memberId}`],
      ['GET', '/api/v1/rewards/redemptions'],
      ['POST', `/api/v1/rewards/redemptions/${someId}/approve`],
      ['POST', `/api/v1/rewards/redemptions/${someId}/fulfil`, {}],
      ['POST', '/api/v1/gamification/badges', { name: 'Mine', rule: {} }],
      ['PATCH', `/api/v1/gamification/badges/${someId}`, { name: 'Mine' }],
      ['POST', `/api/v1/gamification/badges/${someId}/grants`, { userId: memberId }],
      ['GET', '/api/v1/analytics/metrics?from=2026-01&to=2026-02'],
      ['GET', '/api/v1/analytics/export?from=2026-01&to=2026-02'],
      ['GET', '/api/v1/integrations/customers?q=a'],
      ['GET', '/api/v1/integrations/events'],
      ['GET', '/api/v1/privacy/requests'],
      ['GET', '/api/v1/admin/audit/export?format=csv'],
      ['PATCH', `/api/v1/admin/users/${memberId}`, { role: 'admin' }],
      ['GET', '/api/v1/api-tokens'],
    ];
    for (const [method, path, body] of calls) {
      const answer = await member.request<ErrorBody>(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code, `${method} ${path}`).toBe('forbidden');
    }
    const [row] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ role: string; n: number }>(
        tx,
        sql`select u.role, (select count(*)::int from ledger_entries e where e.user_id = u.id) as n
              from users u where u.id = ${memberId}`,
      ),
    );
    expect(row).toEqual({ role: 'member', n: 0 });
  });

  it('ignores role, points, trust level, tenant and ambassador flags on a profile PATCH', async () => {
    const result = await member.patch<Record<string, unknown>>('/api/v1/users/me', {
      bio: 'Still a member',
      role: 'admin',
      points: 1_000_000,
      trust_level: 4,
      trustLevel: 4,
      tenant_id: '00000000-0000-4000-8000-000000000009',
      tenantId: '00000000-0000-4000-8000-000000000009',
      is_ambassador: true,
      isAmbassador: true,
    });
    expect([200, 400]).toContain(result.status);
    const me = await member.get<Record<string, unknown>>('/api/v1/users/me');
    expect(me.body.role).toBe('member');
    expect(me.body).not.toHaveProperty('points');
    expect(me.body).not.toHaveProperty('trust_level');
    expect(me.body).not.toHaveProperty('is_ambassador');
    const balance = await member.get<{ lifetime?: number; spendable?: number }>(
      '/api/v1/points/me',
    );
    expect(balance.body.spendable ?? 0).toBe(0);
    const [row] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ role: string; tenant: string; places: number }>(
        tx,
        sql`select role, tenant_id as tenant,
                   (select count(*)::int from ambassadors p where p.user_id = users.id) as places
              from users where id = ${memberId}`,
      ),
    );
    expect(row).toEqual({ role: 'member', tenant: tenantId, places: 0 });
  });

  it('ignores fields a member may not set on their own profile', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url);
    await client.signIn(member);
    const result = await client.patch<{ role: string }>('/api/v1/users/me', {
      displayName: 'Renamed',
      role: 'admin',
      tenant_id: 'x',
      status: 'active',
    });
    expect(result.status).toBe(200);
    expect(result.body.role).toBe('member');
    const me = await client.get<{ role: string; displayName: string }>('/api/v1/users/me');
    expect(me.body).toMatchObject({ role: 'member', displayName: 'Renamed' });
    const sneaky = await client.patch<{ displayName: string }>('/api/v1/users/me', {
      displayName: '\u202eAdmin\u200b Team',
    });
    expect(sneaky.body.displayName).toBe('Admin Team');
  });
});
