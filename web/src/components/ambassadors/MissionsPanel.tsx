import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePipeline } from '../../api/ambassadors';
import {
  type AssignResult,
  assignMission,
  type Assignment,
  createMission,
  type Decision,
  decideSubmission,
  EVIDENCE_KINDS,
  type EvidenceKind,
  type Mission,
  type MissionInput,
  MISSION_KINDS,
  MISSION_STATUSES,
  type MissionKind,
  type MissionStatus,
  type Submission,
  updateMission,
  useAssignments,
  useMissions,
} from '../../api/ambassadorWork';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';
import { useAction } from './useAction';

/** `2026-12-05T10:30` (local) from an ISO time, for a datetime-local input. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

function inAWeek(): string {
  return toLocalInput(new Date(Date.now() + 7 * 86_400_000).toISOString());
}

interface FormState {
  kind: MissionKind;
  title: string;
  brief: string;
  points: string;
  incentiveText: string;
  due: string;
  evidence: EvidenceKind[];
  markets: string;
  openNow: boolean;
}

function formOf(mission: Mission | null): FormState {
  return mission
    ? {
        kind: mission.kind,
        title: mission.title,
        brief: mission.brief,
        points: String(mission.incentivePoints),
        incentiveText: mission.incentiveText ?? '',
        due: toLocalInput(mission.dueAt),
        evidence: mission.evidenceRequired,
        markets: mission.markets.join(', '),
        openNow: false,
      }
    : {
        kind: 'post',
        title: '',
        brief: '',
        points: '0',
        incentiveText: '',
        due: inAWeek(),
        evidence: ['link'],
        markets: '',
        openNow: false,
      };
}

function inputOf(form: FormState): MissionInput {
  return {
    kind: form.kind,
    title: form.title.trim(),
    brief: form.brief,
    incentivePoints: Number(form.points) || 0,
    incentiveText: form.incentiveText.trim() || null,
    dueAt: new Date(form.due).toISOString(),
    evidenceRequired: form.evidence,
    markets: form.markets
      .split(',')
      .map((market) => market.trim())
      .filter((market) => market !== ''),
  };
}

/** The form that writes a new mission or changes one. */
function MissionForm({
  programId,
  mission,
  onSaved,
  onCancel,
}: {
  programId: string;
  mission: Mission | null;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [form, setForm] = useState<FormState>(() => formOf(mission));
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  return (
    <form
      className="stack"
      aria-label={mission ? t('ambassadors.missions.editForm') : t('ambassadors.missions.newForm')}
      onSubmit={(event) => {
        event.preventDefault();
        const input = inputOf(form);
        void action
          .run(() =>
            mission
              ? updateMission(mission.id, input)
              : createMission(programId, { ...input, status: form.openNow ? 'open' : 'draft' }),
          )
          .then((done) => {
            if (done) {
              announce(t('ambassadors.missions.saved', { title: input.title }));
              if (!mission) {
                setForm(formOf(null));
              }
              onSaved();
            }
          });
      }}
    >
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('ambassadors.missions.kind')}</label>
          <select
            id={`${id}-kind`}
            value={form.kind}
            onChange={(event) => set('kind', event.target.value as MissionKind)}
          >
            {MISSION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`ambassadors.missions.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-title`}>{t('ambassadors.missions.missionTitle')}</label>
          <input
            id={`${id}-title`}
            required
            minLength={3}
            maxLength={120}
            value={form.title}
            onChange={(event) => set('title', event.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-brief`}>{t('ambassadors.missions.brief')}</label>
        <textarea
          id={`${id}-brief`}
          rows={4}
          maxLength={20_000}
          value={form.brief}
          onChange={(event) => set('brief', event.target.value)}
        />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-points`}>{t('ambassadors.missions.points')}</label>
          <input
            id={`${id}-points`}
            type="number"
            min={0}
            max={1_000_000}
            value={form.points}
            onChange={(event) => set('points', event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-incentive`}>{t('ambassadors.missions.incentiveText')}</label>
          <input
            id={`${id}-incentive`}
            maxLength={300}
            value={form.incentiveText}
            onChange={(event) => set('incentiveText', event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>{t('ambassadors.missions.due')}</label>
          <input
            id={`${id}-due`}
            type="datetime-local"
            required
            value={form.due}
            onChange={(event) => set('due', event.target.value)}
          />
        </div>
      </div>
      <fieldset className="checkbox-group">
        <legend>{t('ambassadors.missions.evidenceRequired')}</legend>
        {EVIDENCE_KINDS.map((kind) => (
          <label key={kind} className="checkbox-field">
            <input
              type="checkbox"
              checked={form.evidence.includes(kind)}
              onChange={(event) =>
                set(
                  'evidence',
                  event.target.checked
                    ? [...form.evidence, kind]
                    : form.evidence.filter((item) => item !== kind),
                )
              }
            />
            {t(`ambassadors.missions.evidence.${kind}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-markets`}>{t('ambassadors.missions.markets')}</label>
        <input
          id={`${id}-markets`}
          aria-describedby={`${id}-markets-hint`}
          value={form.markets}
          onChange={(event) => set('markets', event.target.value)}
        />
        <p className="hint" id={`${id}-markets-hint`}>
          {t('ambassadors.missions.marketsHint')}
        </p>
      </div>
      {mission ? null : (
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={form.openNow}
            onChange={(event) => set('openNow', event.target.checked)}
          />
          {t('ambassadors.missions.openNow')}
        </label>
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={action.pending}>
          {mission ? t('ambassadors.missions.save') : t('ambassadors.missions.create')}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
        ) : null}
      </div>
      <AmbassadorError error={action.error} />
    </form>
  );
}

/** Gives an open mission to chosen active ambassadors; shows who was skipped and why. */
function AssignForm({
  programId,
  mission,
  onAssigned,
}: {
  programId: string;
  mission: Mission;
  onAssigned: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const active = usePipeline(programId, 'active', 0);
  const action = useAction();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<AssignResult | null>(null);
  const names = new Map(active.items.map((place) => [place.id, place.displayName]));

  return (
    <form
      className="stack"
      aria-label={t('ambassadors.missions.assignForm', { title: mission.title })}
      onSubmit={(event) => {
        event.preventDefault();
        void action
          .run(async () => {
            const done = await assignMission(mission.id, [...chosen]);
            setResult(done);
            setChosen(new Set());
            announce(
              t('ambassadors.missions.assignResult', {
                assigned: done.assigned.length,
                skipped: done.skipped.length,
              }),
            );
          })
          .then((done) => {
            if (done) {
              onAssigned();
            }
          });
      }}
    >
      {active.loading ? <Loading /> : null}
      <AmbassadorError error={active.error} onRetry={active.reload} />
      {!active.loading && active.items.length === 0 ? (
        <p className="muted">{t('ambassadors.missions.noActive')}</p>
      ) : null}
      {active.items.length > 0 ? (
        <fieldset className="checkbox-group">
          <legend>{t('ambassadors.missions.activeAmbassadors')}</legend>
          {active.items.map((place) => (
            <label key={place.id} className="checkbox-field">
              <input
                type="checkbox"
                checked={chosen.has(place.id)}
                onChange={(event) =>
                  setChosen((current) => {
                    const next = new Set(current);
                    if (event.target.checked) {
                      next.add(place.id);
                    } else {
                      next.delete(place.id);
                    }
                    return next;
                  })
                }
              />
              {place.displayName} (@{place.username})
            </label>
          ))}
        </fieldset>
      ) : null}
      {active.nextCursor ? (
        <button type="button" className="button" onClick={active.loadMore} id={`${id}-more`}>
          {t('actions.loadMore')}
        </button>
      ) : null}
      <div className="actions">
        <button
          type="submit"
          className="button primary"
          disabled={action.pending || chosen.size === 0}
        >
          {t('ambassadors.missions.assign', { count: chosen.size })}
        </button>
      </div>
      <AmbassadorError error={action.error} />
      {result ? (
        <div className="notice">
          <p>
            {t('ambassadors.missions.assignResult', {
              assigned: result.assigned.length,
              skipped: result.skipped.length,
            })}
          </p>
          {result.skipped.length > 0 ? (
            <ul className="compact-list" aria-label={t('ambassadors.missions.skipped')}>
              {result.skipped.map((skip) => (
                <li key={skip.ambassadorId}>
                  {t('ambassadors.missions.skippedLine', {
                    name: names.get(skip.ambassadorId) ?? skip.ambassadorId,
                    reason: skip.reason,
                    code: skip.code,
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}

/** The evidence of one version: text, links, media. */
export function EvidenceView({ submission }: { submission: Submission }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      {submission.text ? <p className="quote">{submission.text}</p> : null}
      {submission.links.length > 0 ? (
        <ul className="compact-list" aria-label={t('ambassadors.missions.links')}>
          {submission.links.map((link) => (
            <li key={link}>
              <a href={link} rel="noopener noreferrer nofollow" target="_blank">
                {link}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {submission.media.length > 0 ? (
        <ul className="compact-list" aria-label={t('ambassadors.missions.media')}>
          {submission.media.map((item) => (
            <li key={item.url}>
              {t(`ambassadors.missions.mediaKinds.${item.kind}`)}:{' '}
              <a href={item.url} rel="noopener noreferrer nofollow" target="_blank">
                {item.url}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The decision of a submission in words. */
export function useSubmissionStatus() {
  const { t } = useTranslation();
  return (submission: Submission): string => {
    const status = t(`ambassadors.missions.submissionStatus.${submission.status}`);
    return submission.decisionReason
      ? t('ambassadors.missions.statusWithReason', { status, reason: submission.decisionReason })
      : status;
  };
}

function DecisionForm({
  submission,
  onDecided,
}: {
  submission: Submission;
  onDecided: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [reason, setReason] = useState('');
  const decide = (decision: Decision) =>
    void action
      .run(() => decideSubmission(submission.id, decision, reason.trim()))
      .then((done) => {
        if (done) {
          announce(t(`ambassadors.missions.decided.${decision}`));
          setReason('');
          onDecided();
        }
      });
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('ambassadors.missions.decisionReason')}</label>
        <input
          id={`${id}-reason`}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={action.pending}
          onClick={() => decide('approve')}
        >
          {t('ambassadors.missions.approve')}
        </button>
        <button
          type="button"
          className="button"
          disabled={action.pending || reason.trim() === ''}
          onClick={() => decide('request_changes')}
        >
          {t('ambassadors.missions.requestChanges')}
        </button>
        <button
          type="button"
          className="button"
          disabled={action.pending || reason.trim() === ''}
          onClick={() => decide('reject')}
        >
          {t('ambassadors.missions.reject')}
        </button>
      </div>
      <AmbassadorError error={action.error} />
    </div>
  );
}

function AssignmentCard({
  assignment,
  onChanged,
}: {
  assignment: Assignment;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const statusOf = useSubmissionStatus();
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <div className="head-row">
        <h5 id={`${id}-name`}>{assignment.displayName}</h5>
        <span className="badge">
          {t(`ambassadors.missions.assignmentStatus.${assignment.status}`)}
        </span>
      </div>
      <p className="meta">
        <span>@{assignment.username}</span>
        <span>{t('ambassadors.missions.dueOn', { date: format.dateTime(assignment.dueAt) })}</span>
        {assignment.declineReason ? (
          <span>
            {t('ambassadors.missions.declinedBecause', { reason: assignment.declineReason })}
          </span>
        ) : null}
      </p>
      {assignment.submissions.length === 0 ? (
        <p className="muted small">{t('ambassadors.missions.noEvidence')}</p>
      ) : (
        <ol className="plain-list" aria-label={t('ambassadors.missions.versions')}>
          {assignment.submissions.map((submission) => (
            <li key={submission.id}>
              <p className="meta">
                <span>
                  {t('ambassadors.missions.version', {
                    version: submission.version,
                    date: format.dateTime(submission.submittedAt),
                  })}
                </span>
                <span>{statusOf(submission)}</span>
              </p>
              <EvidenceView submission={submission} />
              {submission.status === 'pending' ? (
                <DecisionForm submission={submission} onDecided={onChanged} />
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

function Assignments({ missionId }: { missionId: string }) {
  const { t } = useTranslation();
  const assignments = useAssignments(missionId);
  if (assignments.loading && !assignments.data) {
    return <Loading />;
  }
  if (assignments.error || !assignments.data) {
    return <AmbassadorError error={assignments.error} onRetry={assignments.reload} />;
  }
  if (assignments.data.items.length === 0) {
    return <p className="muted small">{t('ambassadors.missions.noAssignments')}</p>;
  }
  return (
    <div className="stack">
      {assignments.data.items.map((assignment) => (
        <AssignmentCard
          key={assignment.id}
          assignment={assignment}
          onChanged={assignments.reload}
        />
      ))}
    </div>
  );
}

function MissionCard({
  programId,
  mission,
  onChanged,
}: {
  programId: string;
  mission: Mission;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const action = useAction();
  const [open, setOpen] = useState<'' | 'edit' | 'assign' | 'assignments'>('');
  const [assignVersion, setAssignVersion] = useState(0);
  const toggle = (what: 'edit' | 'assign' | 'assignments') => setOpen(open === what ? '' : what);
  const setStatus = (status: MissionStatus) =>
    void action
      .run(() => updateMission(mission.id, { status }))
      .then((done) => {
        if (done) {
          announce(
            t('ambassadors.missions.statusChanged', {
              title: mission.title,
              status: t(`ambassadors.missions.statuses.${status}`),
            }),
          );
          onChanged();
        }
      });

  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <div className="head-row">
        <h4 id={`${id}-title`}>{mission.title}</h4>
        <span className="badge">{t(`ambassadors.missions.statuses.${mission.status}`)}</span>
      </div>
      <p className="meta">
        <span>{t(`ambassadors.missions.kinds.${mission.kind}`)}</span>
        <span>{t('ambassadors.missions.dueOn', { date: format.dateTime(mission.dueAt) })}</span>
        <span>
          {t('ambassadors.missions.pointsValue', {
            points: format.number(mission.incentivePoints),
          })}
        </span>
        {mission.incentiveText ? <span>{mission.incentiveText}</span> : null}
        <span>
          {t('ambassadors.missions.evidenceList', {
            kinds:
              mission.evidenceRequired
                .map((kind) => t(`ambassadors.missions.evidence.${kind}`))
                .join(', ') || t('ambassadors.missions.none'),
          })}
        </span>
        <span>
          {t('ambassadors.missions.marketsList', {
            markets: mission.effectiveMarkets.join(', ') || t('ambassadors.missions.allMarkets'),
          })}
        </span>
      </p>
      {mission.brief ? <p>{mission.brief}</p> : null}
      <div className="actions">
        {mission.status !== 'closed' ? (
          <button
            type="button"
            className="button"
            aria-expanded={open === 'edit'}
            onClick={() => toggle('edit')}
          >
            {t('ambassadors.missions.edit')}
          </button>
        ) : null}
        {mission.status === 'draft' ? (
          <button
            type="button"
            className="button primary"
            disabled={action.pending}
            onClick={() => setStatus('open')}
          >
            {t('ambassadors.missions.open')}
          </button>
        ) : null}
        {mission.status === 'open' ? (
          <>
            <button
              type="button"
              className="button"
              aria-expanded={open === 'assign'}
              onClick={() => toggle('assign')}
            >
              {t('ambassadors.missions.assignOpen')}
            </button>
            <button
              type="button"
              className="button"
              disabled={action.pending}
              onClick={() => setStatus('closed')}
            >
              {t('ambassadors.missions.close')}
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="button"
          aria-expanded={open === 'assignments'}
          onClick={() => toggle('assignments')}
        >
          {t('ambassadors.missions.showAssignments')}
        </button>
      </div>
      <AmbassadorError error={action.error} />
      {open === 'edit' ? (
        <MissionForm
          programId={programId}
          mission={mission}
          onSaved={() => {
            setOpen('');
            onChanged();
          }}
          onCancel={() => setOpen('')}
        />
      ) : null}
      {open === 'assign' ? (
        <AssignForm
          programId={programId}
          mission={mission}
          onAssigned={() => setAssignVersion((value) => value + 1)}
        />
      ) : null}
      {open === 'assignments' ? <Assignments key={assignVersion} missionId={mission.id} /> : null}
    </article>
  );
}

/** The missions tab: the list by status, the new-mission form, each mission's assignments. */
export function MissionsPanel({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [status, setStatus] = useState<MissionStatus | ''>('');
  const missions = useMissions(programId, status);
  return (
    <>
      <section className="page-section" aria-labelledby={`${id}-new`}>
        <h3 id={`${id}-new`}>{t('ambassadors.missions.newTitle')}</h3>
        <MissionForm programId={programId} mission={null} onSaved={missions.reload} />
      </section>
      <section className="page-section" aria-labelledby={`${id}-list`}>
        <h3 id={`${id}-list`}>{t('ambassadors.missions.listTitle')}</h3>
        <div className="filter-bar">
          <div className="field">
            <label htmlFor={`${id}-status`}>{t('ambassadors.missions.statusFilter')}</label>
            <select
              id={`${id}-status`}
              value={status}
              onChange={(event) => setStatus(event.target.value as MissionStatus | '')}
            >
              <option value="">{t('ambassadors.missions.allStatuses')}</option>
              {MISSION_STATUSES.map((item) => (
                <option key={item} value={item}>
                  {t(`ambassadors.missions.statuses.${item}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {missions.loading && !missions.data ? <Loading /> : null}
        <AmbassadorError error={missions.error} onRetry={missions.reload} />
        {missions.data && missions.data.items.length === 0 ? (
          <p className="muted">{t('ambassadors.missions.empty')}</p>
        ) : null}
        <div className="stack">
          {missions.data?.items.map((mission) => (
            <MissionCard
              key={`${mission.id}-${mission.updatedAt}`}
              programId={programId}
              mission={mission}
              onChanged={missions.reload}
            />
          ))}
        </div>
      </section>
    </>
  );
}
