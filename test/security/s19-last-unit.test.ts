/**
 * SECURITY.md S19 — last-unit stock: a reward with one unit left and 20 different members
 * redeeming it at once. On PGlite (one Guild) and on a PostgreSQL server (one Guild, and the
 * requests split between two Guild processes). Moved here from test/api/rewards-concurrency.
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

describe('S19 — last-unit stock', () => {
  for (const instances of INSTANCE_COUNTS) {
    describe(describeInstances(instances), () => {
      let rewardId: string;
      let members: { id: string }[];
      let answers: Answer[];
      beforeAll(async () => {
        rewardId = await rig.createReward({
          name: `Signed ball ${instances}`,
          kind: 'physical',
          cost: 10,
          stock: 1,
        });
        const made = await Promise.all(Array.from({ length: 20 }, () => rig.newMember(50)));
        members = made;
        answers = await Promise.all(
          made.map((member, i) =>
            redeem(member.clients[i % instances]!, rewardId, `s19-${instances}-${i}`),
          ),
        );
      });

      it('S19: 20 members redeem the last unit at once → exactly one allocation', async () => {
        const outcome = codes(answers);
        expect(outcome.filter((code) => code === 'ok')).toHaveLength(1);
        expect(outcome.filter((code) => code === 'out_of_stock')).toHaveLength(19);
        expect(
          await rig.scalar(
            sql`select count(*) as n from reward_redemptions where reward_id = ${rewardId}`,
          ),
        ).toBe(1);
        expect(await rig.stockOf(rewardId)).toBe(0);
      });

      it('S19: only the winner paid; the 19 others kept every point', async () => {
        const winner = codes(answers).indexOf('ok');
        const balances = await Promise.all(members.map((member) => rig.spendable(member.id)));
        balances.forEach((balance, i) => expect(balance).toBe(i === winner ? 40 : 50));
        await rig.noDrift();
      });
    });
  }
});
