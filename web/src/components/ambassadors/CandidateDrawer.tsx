import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useCandidate } from '../../api/ambassadors';
import { AmbassadorError } from './AmbassadorError';
import { FeatureTable, ReasonList, ScoreValue } from './ScoreDetails';
import { StateBadge } from './StateBadge';
import { Loading } from '../Loading';

/** One candidate's every input, weight and points, beside the list; Escape closes it. */
export function CandidateDrawer({
  programId,
  userId,
  onClose,
}: {
  programId: string;
  userId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const explanation = useCandidate(programId, userId);
  const data = explanation.data;
  useEffect(() => {
    heading.current?.focus();
  }, [data]);
  return (
    <aside
      className="card"
      aria-label={t('ambassadors.candidates.details')}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          onClose();
        }
      }}
    >
      <div className="head-row">
        <h2 ref={heading} tabIndex={-1}>
          {data ? data.displayName : t('ambassadors.candidates.details')}
        </h2>
        <button type="button" className="button" onClick={onClose}>
          {t('ambassadors.candidates.closeDetails')}
        </button>
      </div>
      {explanation.loading ? <Loading /> : null}
      <AmbassadorError error={explanation.error} onRetry={explanation.reload} />
      {data ? (
        <>
          <p className="meta">
            <span>@{data.username}</span>
            <span>
              {t('ambassadors.candidates.score')}: <ScoreValue score={data.score} />
            </span>
            {data.state ? <StateBadge state={data.state} /> : null}
          </p>
          <ReasonList candidate={data} />
          <FeatureTable explanation={data} showWeights />
        </>
      ) : null}
    </aside>
  );
}
