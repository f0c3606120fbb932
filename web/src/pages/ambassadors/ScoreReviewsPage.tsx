import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resolveReview, type ScoreReview, useScoreReviews } from '../../api/ambassadors';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { AmbassadorNav } from '../../components/ambassadors/AmbassadorNav';
import { ScoreValue } from '../../components/ambassadors/ScoreDetails';
import { useAction } from '../../components/ambassadors/useAction';
import { announce } from '../../components/announcer';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/useFormat';

function ReviewCard({
  review,
  onResolved,
}: {
  review: ScoreReview;
  onResolved: (changed: ScoreReview) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const action = useAction();
  const [outcome, setOutcome] = useState<'upheld' | 'changed'>('upheld');
  const [response, setResponse] = useState('');
  const name = t('ambassadors.reviews.itemName', {
    username: review.username,
    program: review.programName,
  });
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <div className="head-row">
        <h2 id={`${id}-name`}>{name}</h2>
        <StatusBadge
          tone={review.status === 'open' ? 'warn' : 'good'}
          text={t(`ambassadors.reviews.status.${review.status}`)}
        />
      </div>
      <p className="meta">
        <span>{format.dateTime(review.requestedAt)}</span>
        <span>
          {t('ambassadors.reviews.scoreSeen')} <ScoreValue score={review.scoreSeen} />
        </span>
        {review.exclusionsSeen.length > 0 ? (
          <span>
            {t('ambassadors.reviews.exclusionsSeen', { list: review.exclusionsSeen.join(', ') })}
          </span>
        ) : null}
      </p>
      <p className="quote">{review.message || t('ambassadors.reviews.noMessage')}</p>
      {review.status === 'resolved' ? (
        <p>
          {t('ambassadors.reviews.answer', {
            outcome: t(`ambassadors.reviews.${review.outcome ?? 'upheld'}`),
            response: review.response ?? '',
          })}
        </p>
      ) : (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(async () => {
              const changed = await resolveReview(review.id, outcome, response.trim());
              announce(t('ambassadors.reviews.resolvedMessage', { name }));
              onResolved(changed);
            });
          }}
        >
          <fieldset>
            <legend>{t('ambassadors.reviews.outcome')}</legend>
            {(['upheld', 'changed'] as const).map((value) => (
              <div className="checkbox-field" key={value}>
                <input
                  id={`${id}-${value}`}
                  type="radio"
                  name={`${id}-outcome`}
                  checked={outcome === value}
                  onChange={() => setOutcome(value)}
                />
                <label htmlFor={`${id}-${value}`}>{t(`ambassadors.reviews.${value}`)}</label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-response`}>{t('ambassadors.reviews.response')}</label>
            <textarea
              id={`${id}-response`}
              rows={3}
              maxLength={2000}
              value={response}
              onChange={(event) => setResponse(event.target.value)}
            />
          </div>
          <div className="actions">
            <button
              type="submit"
              className="button primary"
              disabled={action.pending || response.trim() === ''}
            >
              {t('ambassadors.reviews.resolve')}
            </button>
          </div>
          <AmbassadorError error={action.error} />
        </form>
      )}
    </article>
  );
}

/** Members' requests for a human review of their score (managers), with the answer form. */
export function ScoreReviewsPage() {
  const { t } = useTranslation();
  const id = useId();
  const [status, setStatus] = useState<'' | 'open' | 'resolved'>('open');
  const reviews = useScoreReviews(status);
  const handleResolved = (changed: ScoreReview) =>
    reviews.setData((previous) =>
      previous
        ? {
            items: previous.items.map((item) => (item.id === changed.id ? changed : item)),
          }
        : previous,
    );
  return (
    <>
      <PageTitle title={t('ambassadors.reviews.title')} />
      <div className="page-head">
        <h1>{t('ambassadors.reviews.title')}</h1>
        <AmbassadorNav />
      </div>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('common.status')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) => {
              const value = event.target.value;
              setStatus(value === 'open' || value === 'resolved' ? value : '');
            }}
          >
            <option value="">{t('common.allStatuses')}</option>
            <option value="open">{t('ambassadors.reviews.status.open')}</option>
            <option value="resolved">{t('ambassadors.reviews.status.resolved')}</option>
          </select>
        </div>
        <button type="button" className="button" onClick={reviews.reload}>
          {t('common.refresh')}
        </button>
      </div>
      {reviews.loading ? <Loading /> : null}
      <AmbassadorError error={reviews.error} onRetry={reviews.reload} />
      {reviews.data && reviews.data.items.length === 0 ? (
        <p className="muted">{t('ambassadors.reviews.empty')}</p>
      ) : null}
      <div className="stack">
        {reviews.data?.items.map((review) => (
          <ReviewCard key={review.id} review={review} onResolved={handleResolved} />
        ))}
      </div>
    </>
  );
}
