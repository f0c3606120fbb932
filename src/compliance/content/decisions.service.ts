/**
 * Decisions on a submission's current version: approve, reject (with a reason code) or ask for
 * changes (naming the findings to fix, each with what to change). A decision lands once per
 * version; it resolves the version's item in the one review queue, and the first approve or
 * reject is kept as the submission's first final decision (for the content approval time).
 *
 * An approved submission that answers a mission assignment is handed to the missions service
 * as the assignment's evidence and approved there, so the mission's own rules apply (a valid
 * contract before any incentive, points paid once through the ledger). What came of it is kept
 * in `mission_outcome`: `approved` (or `paid`), or the error code that stopped it.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, withSavepoint, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { notify } from '../../community/notifications.service.js';
import {
  decideSubmission,
  submitEvidence,
} from '../../ambassadors/missions/assignments.service.js';
import {
  CONTENT_REJECT_REASONS,
  loadSubmission,
  submissionDetail,
  versionsOf,
  type ContentDecision,
  type Submission,
  type SubmissionDetail,
} from './submissions.service.js';

export interface DecisionInput {
  decision: ContentDecision;
  reason?: string | null;
  note?: string | null;
  /** request_changes: the findings to fix, each with what to change. */
  changes?: readonly { findingId: string; note?: string | null }[];
}

/** Who decides: a reviewer, or the program's deadline rule (`null`: the system). */
export interface Decider {
  userId: string | null;
  /** When the decision counts as made (now by default; the deadline for a sweep's decision). */
  at?: Date;
}

const cleanNote = (raw: string | null | undefined, max = 2000) =>
  (raw ?? '').normalize('NFC').trim().slice(0, max) || null;

function checkInput(
  input: DecisionInput,
  findingIds: readonly string[],
): { reason: string | null; note: string | null; changes: { findingId: string; note: string }[] } {
  const note = cleanNote(input.note);
  if (input.decision === 'reject') {
    const reason = input.reason ?? '';
    if (!(CONTENT_REJECT_REASONS as readonly string[]).includes(reason)) {
      throw fail.validation(
        `Give a reason to reject: one of ${CONTENT_REJECT_REASONS.join(', ')}.`,
        {
          field: 'reason',
        },
      );
    }
    return { reason, note, changes: [] };
  }
  if (input.decision === 'request_changes') {
    const changes = (input.changes ?? []).map((change) => ({
      findingId: change.findingId,
      note: plainTextLine(change.note ?? '').slice(0, 1000),
    }));
    const unknown = changes.filter((c) => !findingIds.includes(c.findingId));
    if (unknown.length > 0) {
      throw fail.validation('Name findings of the version under review.', {
        field: 'changes',
        unknown: unknown.map((c) => c.findingId),
      });
    }
    if (changes.length === 0 && note === null) {
      throw fail.validation('Say what to change: pick findings or write a note.', {
        field: 'changes',
      });
    }
    return { reason: null, note, changes };
  }
  return {
    reason: input.reason ? plainTextLine(input.reason).slice(0, 100) : null,
    note,
    changes: [],
  };
}

/** How long a moderator's claim on a queue item holds (as in the moderation queue). */
const CLAIM_MINUTES = 30;

/** Refuses a decision while another reviewer holds a fresh claim on the queue item. */
async function assertNotClaimed(tx: Orm, reviewItemId: string, userId: string): Promise<void> {
  const [claim] = await sqlRows<{ username: string | null }>(
    tx,
    sql`select u.username from review_items r left join users u on u.id = r.claimed_by
         where r.id = ${reviewItemId} and r.status = 'open' and r.claimed_by is not null
           and r.claimed_by <> ${userId}
           and r.claimed_at >= now() - make_interval(mins => ${CLAIM_MINUTES})`,
  );
  if (claim) {
    throw new GuildError('review_item_claimed', undefined, { claimedBy: claim.username });
  }
}

/** Hands an approved submission to its mission assignment; returns what came of it. */
async function followMission(
  tx: Orm,
  tenantId: string,
  submission: Submission,
  reviewerId: string | null,
): Promise<{ outcome: string; missionSubmissionId: string | null }> {
  if (!submission.assignmentId || !submission.authorId) {
    return { outcome: 'none', missionSubmissionId: null };
  }
  if (reviewerId === null) {
    // an automatic approval pays nothing: a manager approves the mission's evidence
    return { outcome: 'needs_manager', missionSubmissionId: null };
  }
  const [current] = (await versionsOf(tx, submission.id)).slice(-1);
  try {
    return await withSavepoint(tx, async () => {
      const sent = await submitEvidence(tx, tenantId, {
        assignmentId: submission.assignmentId!,
        userId: submission.authorId!,
        evidence: { text: current?.body ?? null, links: current?.links ?? [] },
      });
      const decided = await decideSubmission(tx, tenantId, {
        submissionId: sent.submission.id,
        decision: 'approve',
        managerId: reviewerId,
      });
      return {
        outcome: decided.pointsCredited > 0 ? 'paid' : 'approved',
        missionSubmissionId: sent.submission.id,
      };
    });
  } catch (error) {
    if (error instanceof GuildError) {
      return { outcome: error.code, missionSubmissionId: null };
    }
    throw error;
  }
}

/**
 * Decides the current version of a submission waiting for review. Throws
 * `submission_decided` when it is not waiting (decided, or sent back for changes).
 */
export async function decideContent(
  tx: Orm,
  tenantId: string,
  decider: Decider,
  id: string,
  input: DecisionInput,
): Promise<{ before: Submission; after: SubmissionDetail }> {
  const [locked] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from content_submissions where id = ${id} for update`,
  );
  if (!locked) {
    throw fail.notFound('No such submission.');
  }
  const before = await loadSubmission(tx, id);
  if (before.status !== 'in_review') {
    throw new GuildError('submission_decided', undefined, { status: before.status });
  }
  if (decider.userId !== null && before.reviewItemId) {
    await assertNotClaimed(tx, before.reviewItemId, decider.userId);
  }
  const versions = await versionsOf(tx, id);
  const current = versions.find((v) => v.version === before.currentVersion);
  const checked = checkInput(input, current?.findings.map((f) => f.id) ?? []);
  const automatic = decider.userId === null;
  const when = decider.at
    ? sql`${decider.at.toISOString()}::timestamptz`
    : sql`date_trunc('milliseconds', clock_timestamp())`;
  await tx.execute(
    sql`insert into content_decisions (tenant_id, submission_id, version, decision, reason_code,
          note, changes, automatic, decided_by, decided_at)
        values (${tenantId}, ${id}, ${before.currentVersion}, ${input.decision},
          ${checked.reason}, ${checked.note}, ${JSON.stringify(checked.changes)}::jsonb,
          ${automatic}, ${decider.userId}, ${when})`,
  );
  const status =
    input.decision === 'approve'
      ? 'approved'
      : input.decision === 'reject'
        ? 'rejected'
        : 'changes_requested';
  const final = input.decision !== 'request_changes';
  await tx.execute(
    sql`update content_submissions set status = ${status}, decided_by = ${decider.userId},
          decided_at = ${when}, updated_at = now(),
          first_decision = coalesce(first_decision, ${final ? input.decision : null}),
          first_decision_automatic = case when first_decision is null and ${final}
            then ${automatic} else first_decision_automatic end,
          first_decided_at = case when first_decision is null and ${final}
            then greatest(first_submitted_at, ${when})
            else first_decided_at end
        where id = ${id}`,
  );
  if (before.reviewItemId) {
    await tx.execute(
      sql`update review_items set status = 'resolved',
            decision = ${final ? input.decision : null},
            decision_reason = ${checked.reason ?? (final ? null : 'changes_requested')},
            decision_note = ${checked.note}, resolved_by = ${decider.userId}, resolved_at = now()
          where id = ${before.reviewItemId} and status = 'open'`,
    );
  }
  if (input.decision === 'approve') {
    const followed = await followMission(tx, tenantId, before, decider.userId);
    await tx.execute(
      sql`update content_submissions set mission_outcome = ${followed.outcome},
            mission_submission_id = ${followed.missionSubmissionId}
          where id = ${id}`,
    );
  }
  if (before.authorId) {
    await notify(tx, [before.authorId], {
      tenantId,
      actorId: decider.userId,
      // the closest kind there is ("decided on your mission evidence"); a content kind of its
      // own needs community's notification kinds
      kind: 'mission_decision',
    });
  }
  return { before, after: await submissionDetail(tx, id) };
}
