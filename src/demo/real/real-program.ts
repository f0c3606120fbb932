/**
 * The real-data demo's program: an ambassador program scored over the community, its top
 * candidates identified, invited, accepted and onboarded through the pipeline's own functions,
 * and a challenge running now whose steps some members complete by posting and commenting.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Database } from '../../core/db/database.js';
import type { Actor } from '../../core/http/request-context.js';
import { createProgram } from '../../ambassadors/programs.service.js';
import { executeRun, openRun } from '../../ambassadors/scoring/runs.js';
import { identify, move } from '../../ambassadors/pipeline.service.js';
import { invite } from '../../ambassadors/onboarding/invitations.service.js';
import {
  attemptQuiz,
  currentAgreement,
  signAgreement,
} from '../../ambassadors/onboarding/checklist.service.js';
import { DISCLOSURE_QUIZ } from '../../ambassadors/onboarding/quiz.js';
import {
  createChallenge,
  joinChallenge,
  publishChallenge,
} from '../../gamification/achievements/challenges.service.js';
import { createComment } from '../../community/comments.service.js';
import { createPost } from '../../community/posts.service.js';
import type { ModerationGate } from '../../moderation/gate.js';
import { draw, type Review } from './real-data.js';
import type { RealMember } from './real-community.js';

export interface AmbassadorCounts {
  programId: string;
  scored: number;
  identified: number;
  invited: number;
  accepted: number;
  active: number;
}

/** Scores everyone, identifies the top `cohort`, invites them; 80% accept and finish onboarding. */
export async function runAmbassadors(
  db: Database,
  tenantId: string,
  managerId: string,
  cohort: number,
): Promise<AmbassadorCounts> {
  const programId = await db.tenant(tenantId, async (tx) => {
    const program = await createProgram(
      tx,
      tenantId,
      {
        name: 'UK Gifts Insiders',
        description:
          'Customers who know our gifts and homeware and help others choose: missions, early ' +
          'samples and honest reviews.',
        workloadCap: 3,
        inviteDailyLimit: Math.max(cohort, 1),
      },
      managerId,
    );
    return program.id;
  });
  const run = await db.tenant(tenantId, (tx) =>
    openRun(tx, tenantId, { programId, trigger: 'manual', requestedBy: managerId }),
  );
  const done = await executeRun(db, tenantId, run.id);

  return db.tenant(tenantId, async (tx) => {
    const top = await sqlRows<{ user_id: string }>(
      tx,
      sql`select s.user_id from ambassador_scores s join users u on u.id = s.user_id
           where s.program_id = ${programId} and s.score is not null and u.role = 'member'
           order by s.score desc, s.user_id limit ${cohort}`,
    );
    const manager = { kind: 'manager' as const, userId: managerId };
    const found = await identify(tx, tenantId, {
      programId,
      userIds: top.map((t) => t.user_id),
      mover: manager,
    });
    const invited = await invite(
      tx,
      { tenantId, communityName: 'UK Gifts (real data)', baseUrl: 'http://localhost:3000' },
      { programId, ambassadorIds: found.identified.map((a) => a.id), managerId },
    );
    const agreement = await currentAgreement(tx, tenantId, programId);
    const answers = DISCLOSURE_QUIZ.map((q) => q.answer);
    let accepted = 0;
    let active = 0;
    for (const place of invited.invited) {
      if (draw(place.userId, 'accepts') >= 0.8) {
        continue;
      }
      await move(tx, tenantId, {
        ambassadorId: place.id,
        to: 'accepted',
        mover: { kind: 'member', userId: place.userId },
      });
      accepted += 1;
      await signAgreement(tx, tenantId, {
        ambassadorId: place.id,
        version: agreement.version,
        ip: null,
        userAgent: 'Guild real-data demo',
      });
      const { checklist } = await attemptQuiz(tx, tenantId, { ambassadorId: place.id, answers });
      if (checklist.ambassador.state === 'active') {
        active += 1;
      }
    }
    return {
      programId,
      scored: done.scored,
      identified: found.identified.length,
      invited: invited.invited.length,
      accepted,
      active,
    };
  });
}

export interface ChallengeCounts {
  challengeId: string;
  participants: number;
  stepsDone: number;
  completed: number;
}

/**
 * A challenge running now ("Review week": post a review, reply to another member), joined by
 * `size` members who are not ambassadors; some do one step, some both. Its posts and comments
 * pass the gate like any other and are dated now: the challenge is the community's present.
 */
export async function runChallenge(
  db: Database,
  tenantId: string,
  managerId: string,
  members: RealMember[],
  reviews: Review[],
  size: number,
  gate: ModerationGate,
  space: { id: string; slug: string; name: string },
): Promise<ChallengeCounts> {
  return db.tenant(tenantId, async (tx) => {
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const draft = await createChallenge(
      tx,
      tenantId,
      {
        title: 'Review week',
        description: 'Post a review of something you bought from us, and answer another member.',
        startsAt: `${day(-2)}T00:00`,
        endsAt: `${day(12)}T00:00`,
        steps: [
          { title: 'Post a review', kind: 'online', activityKind: 'post_published' },
          { title: 'Reply to another member', kind: 'online', activityKind: 'comment_published' },
        ],
      },
      managerId,
    );
    const challenge = await publishChallenge(tx, draft.id);
    const ambassadors = new Set(
      (await sqlRows<{ user_id: string }>(tx, sql`select user_id from ambassadors`)).map(
        (r) => r.user_id,
      ),
    );
    const joiners = [...members]
      .filter((m) => !ambassadors.has(m.id))
      .sort((a, b) => draw(a.id, 'challenge') - draw(b.id, 'challenge'))
      .slice(0, size);
    let stepsDone = 0;
    let target: string | null = null;
    for (const [n, member] of joiners.entries()) {
      await joinChallenge(tx, tenantId, member.id, challenge.id);
      const actor: Actor = {
        userId: member.id,
        role: 'member',
        username: member.username,
        displayName: member.username,
        locale: 'en-GB',
      };
      const review = reviews[reviews.length - 1 - n];
      const roll = draw(member.id, 'steps');
      if (review !== undefined && roll < 0.6) {
        const post = await createPost(
          tx,
          actor,
          tenantId,
          space,
          { title: review.title.length >= 3 ? review.title : 'My review', body: review.text },
          gate,
        );
        if (post.moderation === null) {
          stepsDone += 1;
          target ??= post.id;
        }
      }
      if (target !== null && review !== undefined && roll < 0.4) {
        const comment = await createComment(
          tx,
          actor,
          target,
          { body: `Thanks for this. ${review.text.slice(0, 160)}` },
          gate,
        );
        if (comment.moderationState === 'published') {
          stepsDone += 1;
        }
      }
    }
    const [row] = await sqlRows<{ participants: number; completed: number }>(
      tx,
      sql`select count(*)::int as participants,
                 count(*) filter (where completed_at is not null)::int as completed
            from challenge_participants where challenge_id = ${challenge.id}`,
    );
    return {
      challengeId: challenge.id,
      participants: row?.participants ?? 0,
      stepsDone,
      completed: row?.completed ?? 0,
    };
  });
}
