import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { isSubmissionStatus, SUBMISSION_STATUSES, useReviewList } from '../../api/content';
import { SubmissionListItem } from '../../components/content/SubmissionListItem';
import { SubmissionReview } from '../../components/content/SubmissionReview';
import { useContentLabels } from '../../components/content/labels';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';

/**
 * The reviewer's view of ambassador content: submissions waiting, soonest deadline (overdue)
 * first, filtered by status and overdue (kept in the address), and the one picked (`?id=`)
 * beside the list with its findings, history, decision and usage rights.
 */
export function ContentReviewPage() {
  const { t } = useTranslation();
  const id = useId();
  const labels = useContentLabels();
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get('status');
  const status = rawStatus === null ? 'in_review' : isSubmissionStatus(rawStatus) ? rawStatus : '';
  const overdue = params.get('overdue') === '1';
  const selected = params.get('id');
  const list = useReviewList({ status, overdue });

  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) {
      next.delete(name);
    } else {
      next.set(name, value);
    }
    setParams(next, { replace: name !== 'id' });
  };

  return (
    <>
      <PageTitle title={t('content.page.title')} />
      <div className="page-head">
        <h1>{t('content.page.title')}</h1>
        <p className="muted">{t('content.page.intro')}</p>
      </div>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('content.page.statusFilter')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) => setParam('status', event.target.value)}
          >
            <option value="">{t('content.page.allStatuses')}</option>
            {SUBMISSION_STATUSES.map((code) => (
              <option key={code} value={code}>
                {labels.status(code)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(event) => setParam('overdue', event.target.checked ? '1' : null)}
          />{' '}
          {t('content.page.overdueOnly')}
        </label>
        <button type="button" className="button" onClick={list.reload}>
          {t('content.page.refresh')}
        </button>
      </div>
      <div className="review-layout">
        <section aria-label={t('content.page.listLabel')}>
          {list.loading ? <Loading /> : null}
          {list.items.length === 0 && list.error ? (
            <ErrorAlert error={list.error} onRetry={list.reload} />
          ) : null}
          {!list.loading && !list.error && list.items.length === 0 ? (
            <p className="muted">{t('content.page.empty')}</p>
          ) : null}
          <ul className="plain-list">
            {list.items.map((submission) => (
              <SubmissionListItem
                key={submission.id}
                submission={submission}
                selected={submission.id === selected}
                onOpen={(submissionId) => setParam('id', submissionId)}
              />
            ))}
          </ul>
          <LoadMore paged={list} />
        </section>
        <section aria-label={t('content.page.detailLabel')}>
          {selected ? (
            <SubmissionReview id={selected} onDecided={list.reload} />
          ) : (
            <p className="muted">{t('content.page.pick')}</p>
          )}
        </section>
      </div>
    </>
  );
}
