import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SubmissionDetail, uploadUrl, useSubmission } from '../../api/content';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';
import { HighlightedText } from '../moderation/HighlightedText';
import { ContentDecisionForm } from './ContentDecisionForm';
import { FindingsList } from './FindingsList';
import { findingSpans } from './findingSpans';
import { RightsPanel } from './RightsPanel';
import { STATUS_TONES, useContentLabels } from './labels';
import { VersionHistory } from './VersionHistory';

interface SubmissionReviewProps {
  id: string;
  /** Called after a decision, so the list can refresh. */
  onDecided: () => void;
}

/**
 * One submission for a reviewer: the version's text with the findings' spans marked, each
 * finding, the version history with earlier decisions, the decision form while it waits, and
 * the usage rights once approved.
 */
export function SubmissionReview({ id, onDecided }: SubmissionReviewProps) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const submission = useSubmission(id);
  const detail = submission.data;
  const [shown, setShown] = useState<number | null>(null);
  const [picked, setPicked] = useState<ReadonlyMap<string, string>>(new Map());

  useEffect(() => {
    setShown(null);
    setPicked(new Map());
  }, [id]);

  if (submission.loading && !detail) {
    return <Loading />;
  }
  if (!detail) {
    return <ErrorAlert error={submission.error} onRetry={submission.reload} />;
  }
  const versionNumber = shown ?? detail.currentVersion;
  const version =
    detail.versions.find((v) => v.version === versionNumber) ?? detail.versions.at(-1);
  if (!version) {
    return null;
  }
  const current = version.version === detail.currentVersion;
  const waiting = detail.status === 'in_review' && current;

  const handleDecided = (next: SubmissionDetail) => {
    submission.setData(next);
    setPicked(new Map());
    onDecided();
  };
  const pick = (findingId: string, on: boolean) =>
    setPicked((map) => {
      const next = new Map(map);
      if (on) {
        next.set(findingId, '');
      } else {
        next.delete(findingId);
      }
      return next;
    });
  const note = (findingId: string, text: string) =>
    setPicked((map) => new Map(map).set(findingId, text));

  return (
    <article className="stack" aria-labelledby="content-review-title">
      <h2 id="content-review-title">{version.title ?? t('content.list.untitled')}</h2>
      <p className="meta small">
        <StatusBadge tone={STATUS_TONES[detail.status]} text={labels.status(detail.status)} />{' '}
        {t('content.detail.meta', {
          author: detail.author?.displayName ?? t('content.list.unknownAuthor'),
          program: detail.programName,
          market: version.market,
          platforms: version.platforms.join(', '),
        })}
        {version.declaredPaid ? ` · ${t('content.detail.declaredPaid')}` : ''}
      </p>
      {detail.status === 'in_review' ? (
        <p className={detail.overdue ? 'notice' : 'small'}>
          {detail.overdue ? t('content.detail.overdue') : t('content.list.due')}{' '}
          <RelativeTime value={detail.dueAt} />
        </p>
      ) : null}
      {!current ? (
        <p className="notice">{t('content.versions.older', { version: version.version })}</p>
      ) : null}
      <div className="review-content">
        <p className="review-text">
          <HighlightedText text={version.body} spans={findingSpans(version.findings)} />
        </p>
        {version.links.length > 0 ? (
          <ul className="plain-list small">
            {version.links.map((link) => (
              <li key={link} className="mono">
                {link}
              </li>
            ))}
          </ul>
        ) : null}
        {version.media.map((media, index) =>
          media.uploadId ? (
            <img
              key={media.uploadId}
              src={uploadUrl(media.uploadId)}
              alt={media.altText ?? t('content.rights.image', { number: index + 1 })}
              loading="lazy"
              style={{ maxWidth: '16rem', height: 'auto' }}
            />
          ) : (
            <p key={`media-${index}`} className="small">
              {t(`content.detail.media.${media.kind}`)}
              {media.altText ? `: ${media.altText}` : ''}
            </p>
          ),
        )}
      </div>
      <h3>{t('content.findings.title')}</h3>
      <FindingsList
        findings={version.findings}
        picked={waiting ? picked : undefined}
        onPick={waiting ? pick : undefined}
        onNote={waiting ? note : undefined}
      />
      {waiting ? (
        <ContentDecisionForm detail={detail} picked={picked} onDecided={handleDecided} />
      ) : null}
      {detail.missionOutcome && detail.missionOutcome !== 'none' ? (
        <p className="small">{t('content.detail.mission', { outcome: detail.missionOutcome })}</p>
      ) : null}
      <h3>{t('content.versions.title')}</h3>
      <VersionHistory detail={detail} shown={version.version} onShow={setShown} />
      {detail.status === 'approved' ? <RightsPanel detail={detail} /> : null}
    </article>
  );
}
