/**
 * What Guild knows about an author that makes their post need a disclosure (DISC-01): an
 * ambassador role or a valid contract, a staff flag, and a running challenge with a prize that
 * counts their posts (in a given space, or in any when none is given). Read in one place for
 * the composer's check and for publishing, so both reach the same verdict.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { listOpenChallenges } from '../../gamification/achievements/challenges.service.js';
import { hasValidContract } from '../contracts/contracts.js';
import type { KnownTriggers } from './disclosure.js';
import type { Market } from './markets.js';

/** How many open challenges are looked at for a post (a member rarely joins more). */
const CHALLENGES_LOOKED_AT = 50;

/** Region codes read as a market; any other region, or none, is checked on the US baseline. */
const MARKET_OF_REGION: Record<string, Market> = { UK: 'UK', GB: 'UK', IE: 'IE', DE: 'DE' };

/** The market a member's posts are checked for, from their region's code. */
export function marketOfRegion(code: string | null): Market {
  return (code && MARKET_OF_REGION[code.toUpperCase()]) || 'US';
}

export interface AuthorDisclosureContext {
  triggers: KnownTriggers;
  market: Market;
  /** Their profile text: a label there does not count for a post (DISC-06). */
  bio: string;
  /** The brand a "Sponsored" badge names. */
  brand: string;
}

async function inPaidChallenge(tx: Orm, authorId: string, spaceId: string | null) {
  const { items } = await listOpenChallenges(tx, authorId, { limit: CHALLENGES_LOOKED_AT });
  return items.some(
    (c) =>
      c.state === 'running' &&
      c.progress.joined &&
      (c.prizePoints !== null || c.rewardId !== null) &&
      c.steps.some(
        (step) =>
          step.kind === 'online' &&
          step.activityKind === 'post_published' &&
          (spaceId === null || step.spaceId === null || step.spaceId === spaceId),
      ),
  );
}

export async function authorDisclosureContext(
  tx: Orm,
  authorId: string,
  spaceId: string | null,
): Promise<AuthorDisclosureContext> {
  const [facts] = await sqlRows<{
    role: string;
    employee: boolean;
    bio: string;
    region_code: string | null;
    brand: string;
    any_contract: boolean;
    any_challenge: boolean;
  }>(
    tx,
    // Most authors never had a contract nor joined a challenge: for them the checks of both
    // are not run at all.
    sql`select u.role, u.employee, u.bio, r.code as region_code, t.name as brand,
               exists (select 1 from ambassador_contracts c where c.user_id = u.id) as any_contract,
               exists (select 1 from challenge_participants p where p.user_id = u.id)
                 as any_challenge
          from users u
          join tenants t on t.id = u.tenant_id
          left join regions r on r.id = u.region_id
         where u.id = ${authorId}`,
  );
  if (!facts) {
    throw fail.notFound('This member does not exist.');
  }
  return {
    triggers: {
      ambassadorContract:
        facts.role === 'ambassador' ||
        (facts.any_contract && (await hasValidContract(tx, authorId))),
      staffOrFamily: facts.employee,
      paidChallenge: facts.any_challenge && (await inPaidChallenge(tx, authorId, spaceId)),
    },
    market: marketOfRegion(facts.region_code),
    bio: facts.bio,
    brand: facts.brand,
  };
}
