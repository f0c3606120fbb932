import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendVersion, useMySubmissions, useSubmission } from '../../api/content';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';
import { LoadMore } from '../LoadMore';
import { HighlightedText } from '../moderation/HighlightedText';
import { ContentForm } from './ContentForm';
import { FindingsList } from './FindingsList';
import { findingSpans } from './findingSpans';
import { SubmissionListItem } from './SubmissionListItem';
import { VersionHistory } from './VersionHistory';

/** One of the ambassador's submissions: findings, what the reviewer asked, the next version. */
function MySubmission({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const submission = useSubmission(id);
  const detail = submission.data;
  const [shown, setShown] = useState<number | null>(null);
  if (!detail) {
    return submission.loading ? (
      <Loading />
    ) : (
      <ErrorAlert error={submission.error} onRetry={submission.reload} />
    );
  }
  const version =
    detail.versions.find((v) => v.version === (shown ?? detail.currentVersion)) ??
    detail.versions.at(-1);
  if (!version) {
    return null;
  }
  const asked = detail.decisions.find((d) => d.version === detail.currentVersion);
  return (
    <article className="stack" aria-label={version.title ?? t('content.list.untitled')}>
      <div className="review-content">
        <p className="review-text">
          <HighlightedText text={version.body} spans={findingSpans(version.findings)} />
        </p>
      </div>
      <h3>{t('content.findings.title')}</h3>
      <FindingsList findings={version.findings} />
      {detail.status === 'changes_requested' && asked ? (
        <section className="notice stack" aria-label={t('content.mine.asked')}>
          <h3>{t('content.mine.asked')}</h3>
          {asked.note ? <p>{asked.note}</p> : null}
          <ul className="plain-list">
            {asked.changes.map((change) => {
              const finding = version.findings.find((f) => f.id === change.findingId);
              return (
                <li key={change.findingId}>
                  <strong className="mono">{finding?.ruleId ?? change.findingId}</strong>
                  {change.note ? `: ${change.note}` : ''}
                </li>
              );
            })}
          </ul>
          <ContentForm
            initial={detail.versions.at(-1)}
            label={t('content.mine.editLabel')}
            submitLabel={t('content.mine.send')}
            onSubmit={async (input) => {
              const next = await sendVersion(detail.id, input);
              submission.setData(next);
              setShown(null);
              announce(t('content.form.submitted'));
              onChanged();
            }}
          />
        </section>
      ) : null}
      <h3>{t('content.versions.title')}</h3>
      <VersionHistory detail={detail} shown={version.version} onShow={setShown} />
    </article>
  );
}

/** The ambassador's own submissions, newest first, with the one picked opened below. */
export function MySubmissions() {
  const { t } = useTranslation();
  const list = useMySubmissions();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="stack" aria-label={t('content.mine.title')}>
      {list.loading ? <Loading /> : null}
      {list.items.length === 0 && list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : null}
      {!list.loading && list.items.length === 0 && !list.error ? (
        <p className="muted">{t('content.mine.none')}</p>
      ) : null}
      <ul className="plain-list">
        {list.items.map((submission) => (
          <SubmissionListItem
            key={submission.id}
            submission={submission}
            selected={submission.id === open}
            onOpen={setOpen}
          />
        ))}
      </ul>
      <LoadMore paged={list} />
      {open ? <MySubmission id={open} onChanged={list.reload} /> : null}
    </section>
  );
}
