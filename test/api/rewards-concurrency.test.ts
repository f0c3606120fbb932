/**
 * Redemption under concurrency, on a PostgreSQL server only (PGlite runs one transaction at a
 * time, so nothing there could race): case loy-03 from the shared cases and a lifetime limit
 * against many requests at once — each with every request on one Guild, and split between two
 * Guild processes started on the same database. SECURITY.md S18, S19 and S20 live in
 * test/security/s18-double-redemption, s19-last-unit and s20-idempotency.
 */
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, redeem, Rig, SERVER } from '../support/redemption-rig.js';

/** Case loy-03 as /work/shared/cases/cases.jsonl states it (checked against the file there). */
const LOY_03 = {
  reward: { id: 'tote-bag', cost: 500, stock: 1 },
  requests: [
    { customer: 'C-1', balance: 600, idempotency_key: 'k1' },
    { customer: 'C-2', balance: 700, idempotency_key: 'k2' },
    { customer: 'C-1', balance: 600, idempotency_key: 'k1', note: 'client retry' },
  ],
};
const CASES_FILE = '/work/shared/cases/cases.jsonl';

const rig = new Rig();

/** loy-03: two customers and a client retry race for a reward with one unit left. */
async function loy03(instances: number) {
  const rewardId = await rig.createReward({
    name: `Tote bag (${LOY_03.reward.id}) ${instances}`,
    kind: 'physical',
    cost: LOY_03.reward.cost,
    stock: LOY_03.reward.stock,
  });
  const customers = new Map<string, Awaited<ReturnType<Rig['newMember']>>>();
  for (const request of LOY_03.requests) {
    if (!customers.has(request.customer)) {
      customers.set(request.customer, await rig.newMember(request.balance));
    }
  }
  const keyOf = (key: string) => `loy03-${instances}-${key}`;
  const answers = await Promise.all(
    LOY_03.requests.map((request, i) =>
      redeem(
        customers.get(request.customer)!.clients[i % instances]!,
        rewardId,
        keyOf(request.idempotency_key),
      ),
    ),
  );

  // Exactly one redemption; the stock is gone.
  expect(
    await rig.scalar(
      sql`select count(*) as n from reward_redemptions where reward_id = ${rewardId}`,
    ),
  ).toBe(1);
  expect(await rig.stockOf(rewardId)).toBe(0);

  // The retry of k1 was either told the first was still in flight, or got its answer; once
  // everything settled, k1 again answers as the original did.
  const k1 = answers.filter((_, i) => LOY_03.requests[i]!.idempotency_key === 'k1');
  const settled = k1.filter((answer) => answer.body.error?.code !== 'request_in_progress');
  expect(settled.length).toBeGreaterThanOrEqual(1);
  const again = await redeem(customers.get('C-1')!.clients[0]!, rewardId, keyOf('k1'));
  for (const answer of settled) {
    expect(again.status).toBe(answer.status);
    if (answer.status === 201) {
      expect(again.body).toEqual(answer.body);
    } else {
      expect(again.body.error?.code).toBe(answer.body.error?.code);
    }
  }

  // The winner paid the cost once; the loser got 409 out_of_stock and paid nothing.
  const c1Won = again.status === 201;
  const k2 = answers[1]!;
  expect(k2.status).toBe(c1Won ? 409 : 201);
  const loser = c1Won ? k2 : again;
  expect(loser.status).toBe(409);
  expect(loser.body.error?.code).toBe('out_of_stock');
  for (const [name, member] of customers) {
    const start = LOY_03.requests.find((request) => request.customer === name)!.balance;
    const won = (name === 'C-1') === c1Won;
    expect(await rig.spendable(member.id)).toBe(won ? start - LOY_03.reward.cost : start);
    expect(
      await rig.scalar(sql`select count(*) as n from ledger_entries
                        where user_id = ${member.id} and kind = 'redemption'`),
    ).toBe(won ? 1 : 0);
  }
  await rig.noDrift();
}

/** A lifetime limit of one, and 20 redemptions of one rich member at once. */
async function limitAtOnce(instances: number) {
  const rewardId = await rig.createReward({
    name: `Once only ${instances}`,
    kind: 'physical',
    cost: 10,
    limitLifetime: 1,
  });
  const member = await rig.newMember(1000);
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      redeem(member.clients[i % instances]!, rewardId, `limit-${instances}-${i}`),
    ),
  );
  const outcome = codes(answers);
  expect(outcome.filter((code) => code === 'ok')).toHaveLength(1);
  expect(outcome.filter((code) => code === 'redemption_limit_reached')).toHaveLength(19);
  expect(await rig.spendable(member.id)).toBe(990);
  await rig.noDrift();
}

describe.skipIf(SERVER === null)(
  'redemption under concurrency (PostgreSQL only; set GUILD_TEST_DATABASE_URL to run it)',
  () => {
    beforeAll(() => rig.start());
    afterAll(() => rig.stop());

    it('states loy-03 as the shared cases file does', () => {
      if (!existsSync(CASES_FILE)) {
        return; // the shared cases are not on this machine; the copy above stands
      }
      const line = readFileSync(CASES_FILE, 'utf8')
        .split('\n')
        .find((text) => text.includes('"loy-03"'));
      const stated = JSON.parse(line!) as { input: typeof LOY_03 };
      expect(stated.input.reward).toEqual(LOY_03.reward);
      expect(stated.input.requests).toEqual(LOY_03.requests);
    });

    for (const instances of [1, 2]) {
      const on = instances === 1 ? 'on one Guild' : 'split between two Guild processes';
      it(`loy-03: two customers and a retry for one tote bag, ${on}`, () => loy03(instances));
      it(`a lifetime limit of one against 20 redemptions at once, ${on}`, () =>
        limitAtOnce(instances));
    }
  },
);
