import { useTranslation } from 'react-i18next';
import type { Candidate, Explanation } from '../../api/ambassadors';
import { useFormat } from '../../i18n/useFormat';

/** The score, or that the member is excluded. */
export function ScoreValue({ score }: { score: number | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <span className="score-value">
      {score === null
        ? t('ambassadors.score.excluded')
        : format.number(Math.round(score * 10) / 10)}
    </span>
  );
}

/** The reasons in words (strengths and limits) and the exclusions, as lists. */
export function ReasonList({ candidate }: { candidate: Candidate }) {
  const { t } = useTranslation();
  const strengths = candidate.reasons.filter((reason) => reason.kind === 'strength');
  const limits = candidate.reasons.filter((reason) => reason.kind === 'limit');
  return (
    <>
      {strengths.length > 0 ? (
        <ul className="compact-list" aria-label={t('ambassadors.score.strengths')}>
          {strengths.map((reason) => (
            <li key={`${reason.feature}-s`}>{reason.text}</li>
          ))}
        </ul>
      ) : null}
      {limits.length > 0 ? (
        <ul className="compact-list" aria-label={t('ambassadors.score.limits')}>
          {limits.map((reason) => (
            <li key={`${reason.feature}-l`}>
              {t('ambassadors.score.limit')} {reason.text}
            </li>
          ))}
        </ul>
      ) : null}
      {candidate.exclusionTexts.length > 0 ? (
        <ul className="compact-list" aria-label={t('ambassadors.score.exclusions')}>
          {candidate.exclusionTexts.map((text) => (
            <li key={text}>{t('ambassadors.score.excludedBecause', { text })}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/**
 * Every input of a score: the feature, its value, its weight (managers) or weight band
 * (members), and the points it gave.
 */
export function FeatureTable({
  explanation,
  showWeights,
}: {
  explanation: Explanation;
  showWeights: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const round = (value: number) => format.number(Math.round(value * 100) / 100);
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">
          {t('ambassadors.score.inputsOf', { program: explanation.programName })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('ambassadors.score.feature')}</th>
            <th scope="col">{t('ambassadors.score.value')}</th>
            <th scope="col">
              {showWeights ? t('ambassadors.score.weight') : t('ambassadors.score.weightBand')}
            </th>
            <th scope="col">{t('ambassadors.score.points')}</th>
          </tr>
        </thead>
        <tbody>
          {explanation.features.map((line) => (
            <tr key={line.feature}>
              <th scope="row">{line.label}</th>
              <td>{line.value === null ? t('ambassadors.score.noValue') : round(line.value)}</td>
              <td>
                {showWeights
                  ? `${round(line.weight)} (${t(`ambassadors.bands.${line.weightBand}`)})`
                  : t(`ambassadors.bands.${line.weightBand}`)}
              </td>
              <td>{round(line.points)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
