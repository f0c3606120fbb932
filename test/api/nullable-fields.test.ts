/**
 * Nullable request fields under type coercion: `null` stays null and `0` stays 0. (An `anyOf`
 * of a number and null turned null into 0 or 0 into null, depending on its order: an unlimited
 * stock became 0, a stock of 0 became unlimited.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let manager: TestClient;

beforeAll(async () => {
  guild = await startTestGuild();
  const tenantId = await addTenant(guild, 'alpha');
  manager = new TestClient(guild.url, { host: 'alpha.guild.test' });
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
});
afterAll(() => guild.stop());

describe('nullable numbers in requests', () => {
  it('keeps a stock of 0 as 0 and an unlimited stock as null', async () => {
    const none = await manager.post<{ stock: number | null }>('/api/v1/rewards', {
      name: 'Sold out mug',
      kind: 'physical',
      fulfilment: 'manual',
      cost: 10,
      stock: 0,
    });
    expect(none.status).toBe(201);
    expect(none.body.stock).toBe(0);
    const unlimited = await manager.post<{ stock: number | null }>('/api/v1/rewards', {
      name: 'Tree',
      kind: 'donation',
      fulfilment: 'manual',
      cost: 10,
      stock: null,
    });
    expect(unlimited.status).toBe(201);
    expect(unlimited.body.stock).toBeNull();
  });

  it('accepts an explicit null beside the field that is set', async () => {
    const rule = await manager.post<{ settings?: unknown }>('/api/v1/gamification/rules', {
      name: 'Posts',
      eventKind: 'post_published',
      scope: 'tenant',
      points: 5,
      pointsPerCurrencyUnit: null,
      expiryDays: null,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(JSON.stringify(rule.body)).not.toMatch(/"expiryDays":0/);
  });
});
