/**
 * The disclosure checker over real HTTP: the server adds the triggers it knows (the caller's
 * ambassador role, staff flag) and finds affiliate links and codes in the text itself; the
 * market ladders are listed; signing in is required.
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
const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/compliance/disclosure';

interface Result {
  decision: string;
  disclosureFound: boolean;
  badgeRequired: boolean;
  needed: { required: boolean; triggers: string[] };
  rules: { id: string; outcome: string; message: string }[];
}

async function signedIn(role: 'member' | 'ambassador', employee = false): Promise<TestClient> {
  const account = await addMember(guild, tenantId, role);
  if (employee) {
    await guild.db.tenant(tenantId, (tx) =>
      sqlRows(
        tx,
        sql`update users set employee = true where username = ${account.username} returning id`,
      ),
    );
  }
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  return client;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
}, 60_000);

afterAll(async () => {
  await guild?.stop();
});

describe('POST /check', () => {
  it('needs a signed-in caller', async () => {
    const anonymous = new TestClient(guild.url, headers);
    const result = await anonymous.post(`${BASE}/check`, { text: 'Ad: tea' });
    expect([401, 403]).toContain(result.status);
  });

  it('adds the ambassador trigger from the caller role', async () => {
    const ambassador = await signedIn('ambassador');
    const bare = await ambassador.post<Result>(`${BASE}/check`, { text: 'Lovely tea, try it' });
    expect(bare.status, JSON.stringify(bare.body)).toBe(200);
    expect(bare.body.needed.triggers).toEqual(['ambassador_contract']);
    expect(bare.body.decision).toBe('needs_fix');
    expect(bare.body.badgeRequired).toBe(true);

    const labelled = await ambassador.post<Result>(`${BASE}/check`, { text: 'Ad: lovely tea' });
    expect(labelled.body.decision).toBe('ok');
  });

  it('explains that a label in the profile bio does not count', async () => {
    const ambassador = await signedIn('ambassador');
    await guild.db.tenant(tenantId, (tx) =>
      sqlRows(
        tx,
        sql`update users set bio = 'Ad · Teaco ambassador' where role = 'ambassador' returning id`,
      ),
    );
    const result = await ambassador.post<Result>(`${BASE}/check`, { text: 'Lovely tea' });
    const disc06 = result.body.rules.find((r) => r.id === 'DISC-06');
    expect(disc06?.outcome).toBe('failed');
    expect(disc06?.message).toMatch(/profile label does not count/);
  });

  it('adds the staff trigger and finds codes in the text', async () => {
    const staff = await signedIn('member', true);
    const result = await staff.post<Result>(`${BASE}/check`, { text: 'Use code TEA15 for tea' });
    expect(result.body.needed.triggers).toEqual(['staff_or_family', 'discount_code']);
  });

  it('lets an ordinary member post without a label, and runs the UK pack when asked', async () => {
    const member = await signedIn('member');
    const plain = await member.post<Result>(`${BASE}/check`, { text: 'Lovely tea' });
    expect(plain.body.decision).toBe('ok');
    expect(plain.body.needed.required).toBe(false);

    const uk = await member.post<Result>(`${BASE}/check`, {
      text: 'Sponsored by Teaco: lovely tea',
      market: 'UK',
      declaredPaid: true,
    });
    expect(uk.body.rules.find((r) => r.id === 'UK-01')?.outcome).toBe('failed');
  });

  it('refuses an unknown market', async () => {
    const member = await signedIn('member');
    expect((await member.post(`${BASE}/check`, { text: 'x', market: 'FR' })).status).toBe(400);
  });
});

describe('GET /markets', () => {
  it('lists every market ladder', async () => {
    const member = await signedIn('member');
    const result = await member.get<{ items: { market: string; accepted: string[] }[] }>(
      `${BASE}/markets`,
    );
    expect(result.status).toBe(200);
    expect(result.body.items.map((m) => m.market)).toEqual(['US', 'UK', 'IE', 'DE']);
    expect(result.body.items.find((m) => m.market === 'DE')?.accepted).toContain('werbung');
  });
});
