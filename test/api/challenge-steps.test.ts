/**
 * A completed challenge step is activity of its own: the rules can pay for it once per step
 * and member, and it is taken back when the event that completed it is withdrawn.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/accounts/accounts.service.js';
import { sqlRows, type Database } from '../../src/core/db/database.js';
import { recordActivity, withdrawActivity } from '../../src/gamification/activity.js';
import {
  createChallenge,
  joinChallenge,
  publishChallenge,
} from '../../src/gamification/achievements/challenges.service.js';
import { balancesFor } from '../../src/gamification/ledger.js';
import { createRule } from '../../src/gamification/rules/rules.service.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { freshDatabase } from '../support/test-database.js';

let db: Database;
let tenantId: string;
let userId: string;

beforeAll(async () => {
  db = await freshDatabase();
  tenantId = await createTenant(db, {
    slug: 'steps',
    name: 'Steps',
    defaultLocale: 'en-GB',
    regions: [],
    segments: [],
  });
  userId = await db.tenant(tenantId, (tx) =>
    createAccount(tx, tenantId, {
      email: 'walker@example.com',
      username: 'walker',
      displayName: 'Walker',
      password: 'tidy-lantern-harbour',
      role: 'member',
    }),
  );
});
afterAll(() => db.close());

describe('challenge steps as activity', () => {
  it('pays a completed step once and takes it back when the step falls short again', async () => {
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await db.tenant(tenantId, async (tx) => {
      await createRule(
        tx,
        tenantId,
        { name: 'Challenge step', eventKind: 'challenge_step', scope: 'tenant', points: 7 },
        null,
      );
      const challenge = await createChallenge(
        tx,
        tenantId,
        {
          title: 'Spring tips',
          startsAt: `${day(-1)}T00:00`,
          endsAt: `${day(5)}T23:59`,
          steps: [{ title: 'Post a tip', kind: 'online', activityKind: 'post_published' }],
        },
        null,
      );
      await publishChallenge(tx, challenge.id);
      await joinChallenge(tx, tenantId, userId, challenge.id);
    });
    const post = (key: string) =>
      db.tenant(tenantId, (tx) =>
        recordActivity(tx, tenantId, {
          kind: 'post_published',
          userId,
          actorId: null,
          causeKey: key,
          occurredAt: new Date(),
        }),
      );
    await post('post:tip-1');
    await post('post:tip-2');
    const stepEntries = () =>
      db.tenant(tenantId, (tx) =>
        sqlRows<{ kind: string; amount: string }>(
          tx,
          sql`select kind, amount::text from ledger_entries
               where source_ref like 'challenge-step:%' order by id`,
        ),
      );
    expect(await stepEntries()).toEqual([{ kind: 'award', amount: '7' }]);
    expect((await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).spendable).toBe(7);

    // The step still holds with the second tip; without both it falls short.
    await db.tenant(tenantId, (tx) => withdrawActivity(tx, tenantId, 'post:tip-1', 'deleted'));
    expect(await stepEntries()).toHaveLength(1);
    await db.tenant(tenantId, (tx) => withdrawActivity(tx, tenantId, 'post:tip-2', 'deleted'));
    expect(await stepEntries()).toEqual([
      { kind: 'award', amount: '7' },
      { kind: 'reversal', amount: '-7' },
    ]);
  });
});
