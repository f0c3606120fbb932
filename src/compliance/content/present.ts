/** What the content API and the audit log show of submissions, uploads and rights. */
import type { Rights } from './rights.service.js';
import type { Submission, SubmissionDetail, Version } from './submissions.service.js';
import type { Upload } from './uploads.js';

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

export const presentSubmission = (s: Submission, now: Date = new Date()) => ({
  id: s.id,
  programId: s.programId,
  challengeId: s.challengeId,
  programName: s.programName,
  author: s.authorId
    ? { id: s.authorId, username: s.authorUsername ?? '', displayName: s.authorDisplayName ?? '' }
    : null,
  missionId: s.missionId,
  assignmentId: s.assignmentId,
  status: s.status,
  currentVersion: s.currentVersion,
  title: s.title,
  hint: s.hint,
  firstSubmittedAt: s.firstSubmittedAt.toISOString(),
  versionSubmittedAt: s.versionSubmittedAt.toISOString(),
  dueAt: s.dueAt.toISOString(),
  overdue: s.status === 'in_review' && s.dueAt.getTime() < now.getTime(),
  escalated: s.escalated,
  breached: s.breached,
  reviewItemId: s.reviewItemId,
  firstDecision: s.firstDecision,
  firstDecidedAt: iso(s.firstDecidedAt),
  firstDecisionAutomatic: s.firstDecisionAutomatic,
  decidedAt: iso(s.decidedAt),
  missionOutcome: s.missionOutcome,
  createdAt: s.createdAt.toISOString(),
});

const presentVersion = (v: Version) => ({
  version: v.version,
  title: v.title,
  body: v.body,
  links: v.links,
  media: v.media.map((m) => ({
    kind: m.kind,
    uploadId: m.uploadId ?? null,
    altText: m.altText ?? null,
    durationSeconds: m.durationSeconds ?? null,
    onScreenLabel: m.onScreenLabel ?? null,
    spokenLabel: m.spokenLabel ?? null,
  })),
  platforms: v.platforms,
  market: v.market,
  declaredPaid: v.declaredPaid,
  findings: v.findings,
  hint: v.hint,
  createdAt: v.createdAt.toISOString(),
});

export const presentDetail = (d: SubmissionDetail) => ({
  ...presentSubmission(d),
  versions: d.versions.map(presentVersion),
  decisions: d.decisions.map((x) => ({
    version: x.version,
    decision: x.decision,
    reasonCode: x.reasonCode,
    note: x.note,
    changes: x.changes,
    automatic: x.automatic,
    decidedBy: x.decidedBy,
    decidedAt: x.decidedAt.toISOString(),
  })),
});

/** What the audit log keeps of a submission: its state, never its text. */
export const presentAudit = (s: Submission) => ({
  status: s.status,
  currentVersion: s.currentVersion,
  dueAt: s.dueAt.toISOString(),
  firstDecision: s.firstDecision,
  missionOutcome: s.missionOutcome,
});

export const presentUpload = (u: Upload) => ({
  id: u.id,
  mediaType: u.mediaType,
  byteSize: u.byteSize,
  width: u.width,
  height: u.height,
  sha256: u.sha256,
  displayName: u.displayName,
  createdAt: u.createdAt.toISOString(),
});

export const presentRights = (r: Rights) => ({
  id: r.id,
  submissionId: r.submissionId,
  uploadId: r.uploadId,
  channels: r.channels,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  paidUse: r.paidUse,
  feeNote: r.feeNote,
  state: r.state,
  createdAt: r.createdAt.toISOString(),
  uses: r.uses,
});
