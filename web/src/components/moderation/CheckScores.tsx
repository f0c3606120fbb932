import { useTranslation } from 'react-i18next';
import type { ReviewCheck } from '../../api/moderation';
import { useFormat } from '../../i18n/useFormat';
import { useCheckDecisionLabel, useCodeLabel } from './labels';

/** The check's score per category, strongest first, each as a meter and a percentage. */
export function CheckScores({ check }: { check: ReviewCheck }) {
  const { t } = useTranslation();
  const format = useFormat();
  const codeLabel = useCodeLabel();
  const checkDecisionLabel = useCheckDecisionLabel();
  const scores = Object.entries(check.scores)
    .filter(([, value]) => Number.isFinite(value))
    .sort(([, a], [, b]) => b - a);

  return (
    <>
      <dl className="details">
        <div>
          <dt>{t('moderation.check.decision')}</dt>
          <dd>{checkDecisionLabel(check.decision)}</dd>
        </div>
        <div>
          <dt>{t('moderation.check.reason')}</dt>
          <dd>{codeLabel(check.reasonCode)}</dd>
        </div>
        <div>
          <dt>{t('moderation.check.suspicion')}</dt>
          <dd>{format.percent(check.suspicion)}</dd>
        </div>
        <div>
          <dt>{t('moderation.check.model')}</dt>
          <dd className="mono">{check.modelVersion}</dd>
        </div>
        {check.provider ? (
          <div>
            <dt>{t('moderation.check.provider')}</dt>
            <dd>{check.provider}</dd>
          </div>
        ) : null}
      </dl>
      {check.providerError ? (
        <p className="failure small">
          <strong>{t('moderation.check.providerError')}</strong> {check.providerError}
        </p>
      ) : null}
      {scores.length === 0 ? (
        <p className="muted">{t('moderation.check.noScores')}</p>
      ) : (
        <ul className="score-list plain-list" aria-label={t('moderation.check.scores')}>
          {scores.map(([category, value]) => {
            const label = codeLabel(category);
            const clamped = Math.min(1, Math.max(0, value));
            return (
              <li key={category} className="score-row">
                <span className="score-label" aria-hidden="true">
                  {label}
                </span>
                <meter
                  className="score-meter"
                  min={0}
                  max={1}
                  low={0.5}
                  high={0.8}
                  optimum={0}
                  value={clamped}
                  aria-label={label}
                >
                  {format.percent(clamped)}
                </meter>
                <span className="score-value">{format.percent(clamped)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
