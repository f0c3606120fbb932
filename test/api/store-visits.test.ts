/**
 * Store visits by QR code: the day's signed code of a store records one visit per member,
 * store and community day; forged codes, another day's code and another store's are refused.
 */
import { createHmac } from 'node:crypto';
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
let manager: TestClient;
let member: TestClient;
let storeId: string;

interface Visit {
  recorded: boolean;
  points: number;
  storeName: string;
  error?: { code: string; message: string };
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const headers = { host: 'alpha.guild.test' };
  manager = new TestClient(guild.url, headers);
  member = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  await member.signIn(await addMember(guild, tenantId, 'member'));
  const [store] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ id: string }>(
      tx,
      sql`insert into stores (tenant_id, external_id, name) values (${tenantId}, 'S-12',
        'Leeds Briggate') returning id`,
    ),
  );
  storeId = store!.id;
  expect((await manager.post('/api/v1/gamification/rules/defaults', {})).status).toBeLessThan(300);
});
afterAll(() => guild.stop());

describe('store visits by QR code', () => {
  it("records a visit once per day from the store's code of the day", async () => {
    const code = await manager.get<{ code: string; storeName: string; validOn: string }>(
      `/api/v1/points/stores/${storeId}/visit-code`,
    );
    expect(code.status).toBe(200);
    expect(code.body.storeName).toBe('Leeds Briggate');
    const first = await member.post<Visit>('/api/v1/points/me/store-visits', {
      code: code.body.code,
    });
    expect(first.body).toEqual({ recorded: true, points: 5, storeName: 'Leeds Briggate' });
    const again = await member.post<Visit>('/api/v1/points/me/store-visits', {
      code: code.body.code,
    });
    expect(again.body).toMatchObject({ recorded: false, points: 0 });
    expect((await member.get(`/api/v1/points/stores/${storeId}/visit-code`)).status).toBe(403);
  });

  it("refuses a forged code, another day's code and a malformed one", async () => {
    const today = await manager.get<{ code: string }>(
      `/api/v1/points/stores/${storeId}/visit-code`,
    );
    const [storePart, day, signature] = today.body.code.split('.') as [string, string, string];
    const forged = `${storePart}.${day}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const refused = await member.post<Visit>('/api/v1/points/me/store-visits', { code: forged });
    expect(refused.status).toBe(422);
    expect(refused.body.error?.code).toBe('visit_code_invalid');

    // A genuine signature for yesterday (made here with the community's key) is still refused.
    const [secret] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ s: string }>(tx, sql`select visit_code_secret as s from points_settings`),
    );
    const yesterday = new Date(Date.now() - 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replace(/-/g, '');
    const signed = createHmac('sha256', secret!.s)
      .update(`${tenantId}|${storeId}|${yesterday}`)
      .digest('base64url')
      .slice(0, 22);
    const old = await member.post<Visit>('/api/v1/points/me/store-visits', {
      code: `${storeId}.${yesterday}.${signed}`,
    });
    expect(old.status).toBe(422);
    expect(old.body.error?.message).toMatch(/another day/);

    const junk = await member.post<Visit>('/api/v1/points/me/store-visits', { code: 'hello' });
    expect(junk.status).toBe(422);
  });
});
