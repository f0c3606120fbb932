/**
 * Ambassador content submissions and their approval: uploads judged by their bytes, versions
 * pre-checked (moderation, disclosure, brand rules), one review item each in the shared review
 * queue, decisions, the per-program review deadline with its warnings and optional automatic
 * decision, usage rights with reminders, and the content approval time. docs/CONTENT.md.
 */
import { recordAuditAs } from '../../core/audit/audit.js';
import { repeatEvery } from '../../core/jobs/repeat.js';
import { setSubmissionDecider, type SubmissionDecider } from '../../moderation/review.service.js';
import type { ComplianceDeps } from '../compliance.js';
import { registerContentRoutes } from './content.routes.js';
import { decideContent } from './decisions.service.js';
import { presentAudit } from './present.js';
import type { ContentRejectReason } from './submissions.service.js';
import { sweepContent } from './sweeper.js';

/** How often a process that runs background work sweeps deadlines and rights. */
const SWEEP_SECONDS = 300;

export { sweepContent } from './sweeper.js';
export { approvalTime, percentile, summarise } from './approval-time.js';

/** The content reason a moderation queue's reject reason stands for. */
function contentReason(reason: string): ContentRejectReason {
  if (reason === 'off_topic') {
    return 'off_brief';
  }
  return reason === 'other' ? 'other' : 'inappropriate';
}

/** A moderator's approve or reject in the shared queue, applied to the submission. */
const decideFromQueue: SubmissionDecider = async (tx, actor, input) => {
  const { before, after } = await decideContent(
    tx,
    input.tenantId,
    { userId: actor.userId },
    input.submissionId,
    {
      decision: input.decision,
      reason: input.decision === 'reject' ? contentReason(input.reason) : input.reason,
      note: input.note ?? null,
    },
  );
  await recordAuditAs(
    tx,
    { tenantId: input.tenantId, actorId: actor.userId },
    {
      action: 'content.decide',
      targetType: 'content_submission',
      targetId: input.submissionId,
      details: { decision: input.decision, reason: input.reason, via: 'moderation_queue' },
      before: presentAudit(before),
      after: presentAudit(after),
    },
  );
};

export function registerContent(deps: ComplianceDeps): void {
  registerContentRoutes({ app: deps.app, db: deps.db });
  setSubmissionDecider(decideFromQueue);
  if (deps.config.jobs.work) {
    const stop = repeatEvery(
      () => SWEEP_SECONDS,
      async () => {
        const counts = await sweepContent(deps.db, deps.mail);
        if (Object.values(counts).some((n) => n > 0)) {
          deps.logger.info({ category: 'job', ...counts }, 'content deadlines and rights swept');
        }
      },
      (error) => deps.logger.error({ category: 'job', err: error }, 'content sweep failed'),
    );
    deps.app.addHook('onClose', () => stop());
  }
}
