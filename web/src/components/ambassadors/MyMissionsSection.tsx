import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Assignment,
  declineAssignment,
  type Media,
  OPEN_ASSIGNMENT,
  type OpenMission,
  submitEvidence,
  takeMission,
  useMyMissions,
} from '../../api/ambassadorWork';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';
import { EvidenceView, useSubmissionStatus } from './MissionsPanel';
import { useAction } from './useAction';

function OpenMissionCard({ mission, onTaken }: { mission: OpenMission; onTaken: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const action = useAction();
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{mission.title}</h4>
      <p className="meta">
        <span>{mission.programName}</span>
        <span>{t(`ambassadors.missions.kinds.${mission.kind}`)}</span>
        <span>{t('ambassadors.missions.dueOn', { date: format.dateTime(mission.dueAt) })}</span>
        <span>
          {t('ambassadors.missions.pointsValue', {
            points: format.number(mission.incentivePoints),
          })}
        </span>
        {mission.incentiveText ? <span>{mission.incentiveText}</span> : null}
      </p>
      {mission.brief ? <p>{mission.brief}</p> : null}
      {mission.canTake ? (
        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={action.pending}
            onClick={() =>
              void action
                .run(() => takeMission(mission.id))
                .then((done) => {
                  if (done) {
                    announce(t('ambassadors.portal.taken', { title: mission.title }));
                    onTaken();
                  }
                })
            }
          >
            {t('ambassadors.portal.take', { title: mission.title })}
          </button>
        </div>
      ) : (
        <p className="muted small">{mission.whyNot ?? t('ambassadors.portal.cannotTake')}</p>
      )}
      <AmbassadorError error={action.error} />
    </article>
  );
}

function EvidenceForm({ assignment, onSent }: { assignment: Assignment; onSent: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [text, setText] = useState('');
  const [links, setLinks] = useState('');
  const [mediaUrl, setMediaUrl] = useState('');
  const [mediaKind, setMediaKind] = useState<Media['kind']>('image');
  return (
    <form
      className="stack"
      aria-label={t('ambassadors.portal.evidenceFor', { title: assignment.missionTitle })}
      onSubmit={(event) => {
        event.preventDefault();
        const media: Media[] = mediaUrl.trim() ? [{ url: mediaUrl.trim(), kind: mediaKind }] : [];
        void action
          .run(() =>
            submitEvidence(assignment.id, {
              text: text.trim() || null,
              links: links
                .split(/\s+/)
                .map((link) => link.trim())
                .filter((link) => link !== ''),
              media,
            }),
          )
          .then((done) => {
            if (done) {
              announce(t('ambassadors.portal.sent'));
              setText('');
              setLinks('');
              setMediaUrl('');
              onSent();
            }
          });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('ambassadors.portal.evidenceText')}</label>
        <textarea
          id={`${id}-text`}
          rows={3}
          maxLength={10_000}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-links`}>{t('ambassadors.portal.links')}</label>
        <textarea
          id={`${id}-links`}
          rows={2}
          aria-describedby={`${id}-links-hint`}
          value={links}
          onChange={(event) => setLinks(event.target.value)}
        />
        <p className="hint" id={`${id}-links-hint`}>
          {t('ambassadors.portal.linksHint')}
        </p>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-media`}>{t('ambassadors.portal.mediaUrl')}</label>
          <input
            id={`${id}-media`}
            type="url"
            maxLength={2048}
            value={mediaUrl}
            onChange={(event) => setMediaUrl(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-media-kind`}>{t('ambassadors.portal.mediaKind')}</label>
          <select
            id={`${id}-media-kind`}
            value={mediaKind}
            onChange={(event) => setMediaKind(event.target.value as Media['kind'])}
          >
            <option value="image">{t('ambassadors.missions.mediaKinds.image')}</option>
            <option value="video">{t('ambassadors.missions.mediaKinds.video')}</option>
          </select>
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={action.pending}>
          {t('ambassadors.portal.send')}
        </button>
      </div>
      <AmbassadorError error={action.error} />
    </form>
  );
}

function DeclineForm({
  assignment,
  onDeclined,
}: {
  assignment: Assignment;
  onDeclined: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [reason, setReason] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void action
          .run(() => declineAssignment(assignment.id, reason.trim()))
          .then((done) => {
            if (done) {
              announce(t('ambassadors.portal.declined', { title: assignment.missionTitle }));
              onDeclined();
            }
          });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('ambassadors.portal.declineReason')}</label>
        <input
          id={`${id}-reason`}
          required
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={action.pending || reason.trim() === ''}>
        {t('ambassadors.portal.decline')}
      </button>
      <AmbassadorError error={action.error} />
    </form>
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
  const [declining, setDeclining] = useState(false);
  const canSend = assignment.status === 'assigned' || assignment.status === 'changes_requested';
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <div className="head-row">
        <h4 id={`${id}-title`}>{assignment.missionTitle}</h4>
        <span className="badge">
          {t(`ambassadors.missions.assignmentStatus.${assignment.status}`)}
        </span>
      </div>
      <p className="meta">
        <span>{t('ambassadors.missions.dueOn', { date: format.dateTime(assignment.dueAt) })}</span>
        <span>
          {t('ambassadors.missions.pointsValue', {
            points: format.number(assignment.incentivePoints),
          })}
        </span>
      </p>
      {assignment.submissions.length > 0 ? (
        <ol className="plain-list" aria-label={t('ambassadors.portal.mySubmissions')}>
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
            </li>
          ))}
        </ol>
      ) : null}
      {canSend ? <EvidenceForm assignment={assignment} onSent={onChanged} /> : null}
      {assignment.status === 'assigned' && assignment.submissions.length === 0 ? (
        <>
          <div className="actions">
            <button
              type="button"
              className="link-button"
              aria-expanded={declining}
              onClick={() => setDeclining(!declining)}
            >
              {t('ambassadors.portal.declineOpen')}
            </button>
          </div>
          {declining ? <DeclineForm assignment={assignment} onDeclined={onChanged} /> : null}
        </>
      ) : null}
    </article>
  );
}

/** The ambassador's missions: open ones to take, their assignments with evidence, points. */
export function MyMissionsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const mine = useMyMissions();
  const data = mine.data;
  const current = data?.assignments.filter((a) => OPEN_ASSIGNMENT.includes(a.status)) ?? [];
  const past = data?.assignments.filter((a) => !OPEN_ASSIGNMENT.includes(a.status)) ?? [];
  return (
    <section className="page-section" aria-labelledby="ambassador-missions">
      <h2 id="ambassador-missions">{t('ambassadors.portal.missions')}</h2>
      {mine.loading && !data ? <Loading /> : null}
      <AmbassadorError error={mine.error} onRetry={mine.reload} />
      {data ? (
        <>
          <p className="points-amount">
            {t('ambassadors.portal.earned', { points: format.number(data.incentivesEarned) })}
          </p>
          <h3>{t('ambassadors.portal.openMissions')}</h3>
          {data.openMissions.length === 0 ? (
            <p className="muted">{t('ambassadors.portal.noOpenMissions')}</p>
          ) : (
            <div className="stack">
              {data.openMissions.map((mission) => (
                <OpenMissionCard key={mission.id} mission={mission} onTaken={mine.reload} />
              ))}
            </div>
          )}
          <h3>{t('ambassadors.portal.myAssignments')}</h3>
          {current.length === 0 ? (
            <p className="muted">{t('ambassadors.portal.noAssignments')}</p>
          ) : (
            <div className="stack">
              {current.map((assignment) => (
                <AssignmentCard
                  key={assignment.id}
                  assignment={assignment}
                  onChanged={mine.reload}
                />
              ))}
            </div>
          )}
          {past.length > 0 ? (
            <>
              <h3>{t('ambassadors.portal.pastAssignments')}</h3>
              <div className="stack">
                {past.map((assignment) => (
                  <AssignmentCard
                    key={assignment.id}
                    assignment={assignment}
                    onChanged={mine.reload}
                  />
                ))}
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
