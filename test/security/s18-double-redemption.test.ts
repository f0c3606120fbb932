/**
 * SECURITY.md S18 — double redemption race: a balance of 100, a reward costing 100, and 50
 * redemptions of it sent at once (gated parallel requests, each with its own Idempotency-Key).
 * Runs on PGlite (one Guild) and on a PostgreSQL server (one Guild, and the 50 requests split
 * between two Guild processes on one database). Moved here from test/api/rewards-concurrency.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codes,
  describeInstances,
  INSTANCE_COUNTS,
  redeem,
  Rig,
  type Answer,
} from '../support/redemption-rig.js';

const rig = new Rig();
beforeAll(() => rig.start());
afterAll(() => rig.stop());

interface Race {
  memberId: string;
  rewardId: string;
  answers: Answer[];
  outcome: string[];
}

/** One balance of 100, a reward of 100 (unlimited or stocked), 50 redemptions at once. */
async function race(instances: number, stock: number | null): Promise<Race> {
  const rewardId = await rig.createReward({
    name: `Hoodie ${instances}-${stock ?? 'unlimited'}`,
    kind: 'physical',
    cost: 100,
    stock,
    fulfilment: 'webhook',
  });
  const member = await rig.newMember(100);
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      redeem(member.clients[i % instances]!, rewardId, `s18-${instances}-${stock}-${i}`),
    ),
  );
  return { memberId: member.id, rewardId, answers, outcome: codes(answers) };
}

describe('S18 — double redemption race', () => {
  for (const instances of INSTANCE_COUNTS) {
    for (const stock of [null, 10]) {
      const what = `${stock === null ? 'unlimited' : 'stocked'} reward, ${describeInstances(instances)}`;
      describe(what, () => {
        let result: Race;
        beforeAll(async () => {
          result = await race(instances, stock);
        });

        it('S18: exactly one of the 50 redemptions succeeds', () => {
          expect(result.outcome.filter((code) => code === 'ok')).toHaveLength(1);
          expect(result.answers.filter((answer) => answer.status === 201)).toHaveLength(1);
        });

        it('S18: the other 49 are answered 409 insufficient_points', () => {
          const refused = result.answers.filter((answer) => answer.status !== 201);
          expect(refused).toHaveLength(49);
          for (const answer of refused) {
            expect(answer.status).toBe(409);
            expect(answer.body.error?.code).toBe('insufficient_points');
          }
        });

        it('S18: the balance ends at 0 and is never negative on the way', async () => {
          expect(await rig.spendable(result.memberId)).toBe(0);
          // Every prefix of the member's entries, in the order written, keeps the balance >= 0.
          const lowest = await rig.scalar(sql`select coalesce(min(running), 0) as n from (
              select sum(amount) over (order by id) as running
                from ledger_entries where user_id = ${result.memberId} and bucket = 'spendable'
            ) s`);
          expect(lowest).toBeGreaterThanOrEqual(0);
          await rig.noDrift();
        });

        it('S18: exactly one debit posting and one redemption row', async () => {
          expect(
            await rig.scalar(sql`select count(*) as n from ledger_entries
                                  where user_id = ${result.memberId} and amount < 0`),
          ).toBe(1);
          expect(
            await rig.scalar(sql`select count(*) as n from ledger_entries
                                  where user_id = ${result.memberId} and kind = 'redemption'
                                    and amount = -100`),
          ).toBe(1);
          expect(
            await rig.scalar(
              sql`select count(*) as n from reward_redemptions where user_id = ${result.memberId}`,
            ),
          ).toBe(1);
          if (stock !== null) {
            expect(await rig.stockOf(result.rewardId)).toBe(stock - 1);
          }
        });

        it('S18: exactly one fulfilment job (reward.redeemed event) is queued', async () => {
          expect(
            await rig.scalar(sql`select count(*) as n from outbox_events
                                  where topic = 'reward.redeemed'
                                    and payload -> 'reward' ->> 'id' = ${result.rewardId}`),
          ).toBe(1);
        });
      });
    }
  }
});
